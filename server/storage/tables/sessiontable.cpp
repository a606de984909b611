#include "sessiontable.h"

#include "../sqlconnection.h"

namespace {
constexpr qint64 keptAfterEndMs = 24LL * 3600 * 1000;
}

bool SessionTable::insert(const AgentSession &session, const QString &tokenHash)
{
    QSqlQuery q(m_db);
    return runQuery(q,
               QStringLiteral("INSERT INTO agent_sessions (id, agent_id, signed_in_at, expires_at, "
                              "idle_expires_at) VALUES (?, ?, ?, ?, ?)"),
               { session.id, session.agentId, session.signedInAt, session.expiresAt,
                   session.idleExpiresAt })
        && runQuery(q,
            QStringLiteral(
                "INSERT INTO agent_session_tokens (token_hash, session_id) VALUES (?, ?)"),
            { tokenHash, session.id });
}

std::optional<AgentSession> SessionTable::findByToken(const QString &tokenHash, qint64 now)
{
    QSqlQuery q(m_db);
    if (!runQuery(q,
            QStringLiteral(
                "SELECT s.id, s.agent_id, s.signed_in_at, s.expires_at, s.idle_expires_at "
                "FROM agent_session_tokens t JOIN agent_sessions s ON s.id = t.session_id "
                "WHERE t.token_hash = ? AND (t.expires_at IS NULL OR t.expires_at > ?) "
                "AND s.ended_at IS NULL AND s.expires_at > ? AND s.idle_expires_at > ?"),
            { tokenHash, now, now, now })
        || !q.next())
        return std::nullopt;
    return AgentSession { q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong(),
        q.value(3).toLongLong(), q.value(4).toLongLong() };
}

bool SessionTable::rotate(const QString &sessionId, const QString &oldTokenHash,
    const QString &newTokenHash, qint64 overlapUntil, qint64 idleExpiresAt)
{
    QSqlQuery q(m_db);
    return runQuery(q,
               // The earlier of the two (CASE: SQLite has no LEAST, PostgreSQL no scalar MIN).
               QStringLiteral("UPDATE agent_session_tokens SET expires_at = CASE WHEN "
                              "expires_at IS NOT NULL AND expires_at < ? THEN expires_at ELSE ? "
                              "END WHERE token_hash = ?"),
               { overlapUntil, overlapUntil, oldTokenHash })
        && runQuery(q,
            QStringLiteral(
                "INSERT INTO agent_session_tokens (token_hash, session_id) VALUES (?, ?)"),
            { newTokenHash, sessionId })
        && runQuery(q,
            QStringLiteral("UPDATE agent_sessions SET idle_expires_at = CASE WHEN "
                           "idle_expires_at > ? THEN idle_expires_at ELSE ? END WHERE id = ?"),
            { idleExpiresAt, idleExpiresAt, sessionId });
}

bool SessionTable::end(const QString &sessionId, SessionEnd reason, qint64 now)
{
    QSqlQuery q(m_db);
    return runQuery(q,
               QStringLiteral("UPDATE agent_sessions SET ended_at = ?, end_reason = ? "
                              "WHERE id = ? AND ended_at IS NULL"),
               { now, wireName(reason), sessionId })
        && runQuery(q, QStringLiteral("DELETE FROM agent_session_tokens WHERE session_id = ?"),
            { sessionId });
}

int SessionTable::endAllOf(const QString &agentId, SessionEnd reason, qint64 now)
{
    QSqlQuery q(m_db);
    if (!runQuery(q,
            QStringLiteral("UPDATE agent_sessions SET ended_at = ?, end_reason = ? "
                           "WHERE agent_id = ? AND ended_at IS NULL"),
            { now, wireName(reason), agentId }))
        return -1;
    const int ended = q.numRowsAffected();
    if (!runQuery(q,
            QStringLiteral("DELETE FROM agent_session_tokens WHERE session_id IN "
                           "(SELECT id FROM agent_sessions WHERE agent_id = ?)"),
            { agentId }))
        return -1;
    return ended;
}

bool SessionTable::keepAlive(const QStringList &sessionIds, qint64 idleExpiresAt)
{
    QSqlQuery q(m_db);
    for (const QString &id : sessionIds)
        if (!runQuery(q,
                QStringLiteral("UPDATE agent_sessions SET idle_expires_at = CASE WHEN "
                               "idle_expires_at > ? THEN idle_expires_at ELSE ? END "
                               "WHERE id = ? AND ended_at IS NULL"),
                { idleExpiresAt, idleExpiresAt, id }))
            return false;
    return true;
}

qint64 SessionTable::changes()
{
    QSqlQuery q(m_db);
    if (!runQuery(q, QStringLiteral("SELECT version FROM session_changes WHERE id = 1"))
        || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

QHash<QString, std::optional<SessionEnd>> SessionTable::statesOf(const QString &agentId, qint64 now)
{
    QHash<QString, std::optional<SessionEnd>> states;
    QSqlQuery q(m_db);
    if (!runQuery(q,
            QStringLiteral("SELECT id, ended_at IS NOT NULL, end_reason, expires_at "
                           "FROM agent_sessions WHERE agent_id = ?"),
            { agentId }))
        return states;
    while (q.next()) {
        std::optional<SessionEnd> end;
        if (q.value(1).toBool())
            end = fromWireName(q.value(2).toString(), SessionEnd::Expired);
        else if (q.value(3).toLongLong() <= now)
            end = SessionEnd::Expired;
        states.insert(q.value(0).toString(), end);
    }
    return states;
}

bool SessionTable::prune(qint64 now)
{
    QSqlQuery q(m_db);
    const qint64 before = now - keptAfterEndMs;
    return runQuery(q,
               QStringLiteral("DELETE FROM agent_session_tokens WHERE expires_at IS NOT NULL "
                              "AND expires_at <= ?"),
               { now })
        // Not by the idle deadline: a session in use moves it only once a minute.
        && runQuery(q,
            QStringLiteral("DELETE FROM agent_sessions WHERE COALESCE(ended_at, expires_at) <= ?"),
            { before });
}
