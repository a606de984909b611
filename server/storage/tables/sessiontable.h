#pragma once

#include "../sessionstore.h"

#include <QSqlDatabase>

/// @brief The `agent_sessions` table and its tokens (`agent_session_tokens`), and the
/// `session_changes` counter its triggers move.
class SessionTable
{
public:
    explicit SessionTable(QSqlDatabase &db)
        : m_db(db)
    { }

    bool insert(const AgentSession &session, const QString &tokenHash);
    /// The session the token opens at @p now: not ended, within both deadlines, and the token
    /// itself not past its overlap. Whether its agent is enabled is not checked here.
    std::optional<AgentSession> findByToken(const QString &tokenHash, qint64 now);
    /// Adds @p newTokenHash to the session, lets @p oldTokenHash live until @p overlapUntil at
    /// most and moves the idle deadline on to @p idleExpiresAt.
    bool rotate(const QString &sessionId, const QString &oldTokenHash, const QString &newTokenHash,
        qint64 overlapUntil, qint64 idleExpiresAt);
    /// Ends the session and drops its tokens.
    bool end(const QString &sessionId, SessionEnd reason, qint64 now);
    /// Ends every session of the agent still going on; returns how many, or -1 on failure.
    int endAllOf(const QString &agentId, SessionEnd reason, qint64 now);
    bool keepAlive(const QStringList &sessionIds, qint64 idleExpiresAt);
    qint64 changes();
    /// Each stored session of @p agentId and why it ended (nothing: not ended and before its
    /// absolute deadline). The idle deadline is not looked at: these are sessions in use.
    QHash<QString, std::optional<SessionEnd>> statesOf(const QString &agentId, qint64 now);
    /// Drops sessions ended or past their absolute deadline for a day, and tokens past their
    /// overlap.
    bool prune(qint64 now);

private:
    QSqlDatabase &m_db;
};
