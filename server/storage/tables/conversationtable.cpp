#include "conversationtable.h"

#include "../sqlconnection.h"
#include "../sqldialect.h"
#include "../sqlstatement.h"
#include "visitortable.h"

// Every conversation read decodes these columns (readRows); its WHERE clause follows as a string
// literal, so each whole statement is one literal, prepared once per connection (SqlStatement).
#define CONVERSATION_SELECT                                                                        \
    "SELECT c.id, c.site_id, c.visitor_id, c.status, c.agent_id, COALESCE(a.name, ''), "           \
    "c.last_seq, c.created_at, COALESCE(c.queued_at, 0), COALESCE(c.assigned_at, 0), "             \
    "COALESCE(c.closed_at, 0), c.offline, COALESCE(c.rating, ''), c.rating_comment, "              \
    "COALESCE(c.department_id, ''), COALESCE(d.name, ''), COALESCE(c.offline_state, ''), "         \
    "COALESCE(c.claimed_by, ''), COALESCE(ca.name, ''), c.revision "                               \
    "FROM conversations c LEFT JOIN agents a ON a.id = c.agent_id "                                \
    "LEFT JOIN departments d ON d.id = c.department_id "                                           \
    "LEFT JOIN agents ca ON ca.id = c.claimed_by "

bool ConversationTable::save(const ConversationView &c)
{
    QSqlQuery q(m_db);
    return runQuery(q,
        QStringLiteral(
            "INSERT INTO conversations (id, site_id, visitor_id, status, agent_id, created_at, "
            "queued_at, "
            "assigned_at, closed_at, offline, rating, rating_comment, department_id, "
            "offline_state, claimed_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET status = excluded.status, agent_id = excluded.agent_id, "
            "revision = conversations.revision + 1, "
            "department_id = excluded.department_id, "
            "queued_at = excluded.queued_at, assigned_at = excluded.assigned_at, closed_at = "
            "excluded.closed_at, "
            "rating = excluded.rating, rating_comment = excluded.rating_comment, "
            "offline_state = excluded.offline_state, claimed_by = excluded.claimed_by"),
        { c.id, c.siteId, c.visitor.id, wireName(c.status), textOrNull(c.agentId), c.createdAt,
            timeOrNull(c.queuedAt), timeOrNull(c.assignedAt), timeOrNull(c.closedAt), c.offline,
            textOrNull(wireName(c.rating)), c.ratingComment, textOrNull(c.departmentId),
            textOrNull(c.offline ? wireName(c.offlineState) : QString()),
            textOrNull(c.claimedById) });
}

std::optional<qint64> ConversationTable::saveIf(
    const ConversationView &c, ConversationStatus expectedStatus, const QString &expectedAgentId)
{
    SqlStatement q(m_db,
        "UPDATE conversations SET status = ?1, agent_id = ?2, department_id = ?3, "
        "queued_at = NULLIF(?4, CAST(0 AS BIGINT)), assigned_at = NULLIF(?5, CAST(0 AS BIGINT)), "
        "closed_at = NULLIF(?6, CAST(0 AS BIGINT)), "
        " rating = ?7, rating_comment = ?8, "
        "offline_state = ?9, claimed_by = ?10, revision = revision + 1 "
        "WHERE id = ?11 AND status = ?12 AND (?13 = '' OR agent_id = ?13) RETURNING revision");
    q.bind(1, wireName(c.status))
        .bindTextOrNull(2, c.agentId)
        .bindTextOrNull(3, c.departmentId)
        .bind(4, c.queuedAt)
        .bind(5, c.assignedAt)
        .bind(6, c.closedAt)
        .bindTextOrNull(7, wireName(c.rating))
        .bind(8, c.ratingComment)
        .bindTextOrNull(9, c.offline ? wireName(c.offlineState) : QString())
        .bindTextOrNull(10, c.claimedById)
        .bind(11, c.id)
        .bind(12, wireName(expectedStatus))
        .bind(13, expectedStatus == ConversationStatus::Assigned ? expectedAgentId : QString());
    if (!q.step())
        return q.failed() ? std::nullopt : std::optional<qint64>(0);
    const qint64 revision = q.int64(0);
    if (!q.exec()) // to the statement's end, as every RETURNING here
        return std::nullopt;
    return revision;
}

std::optional<qint64> ConversationTable::revisionOf(const QString &id)
{
    SqlStatement q(m_db, "SELECT revision FROM conversations WHERE id = ?1");
    q.bind(1, id);
    if (q.step())
        return q.int64(0);
    return q.failed() ? std::nullopt : std::optional<qint64>(0);
}

std::optional<bool> ConversationTable::hasRoomFor(const QString &agentId)
{
    // SQLite has one writer at a time: nothing to lock. PostgreSQL: the row lock orders
    // assignments to this agent, and the count below (a statement of its own, so a snapshot
    // taken after the lock) sees every one committed before.
    const bool postgres = Sql::dialectOf(m_db) == SqlDialect::Postgres;
    SqlStatement agent(m_db,
        postgres ? "SELECT max_chats FROM agents WHERE id = ?1 FOR UPDATE"
                 : "SELECT max_chats FROM agents WHERE id = ?1");
    agent.bind(1, agentId);
    if (!agent.step())
        return agent.failed() ? std::nullopt : std::optional(false);
    const qint64 maxChats = agent.int64(0);
    SqlStatement assigned(
        m_db, "SELECT COUNT(*) FROM conversations WHERE agent_id = ?1 AND status = 'assigned'");
    assigned.bind(1, agentId);
    if (!assigned.step())
        return std::nullopt;
    return assigned.int64(0) < maxChats;
}

QList<ConversationView> ConversationTable::readRows(SqlStatement &q)
{
    QList<ConversationView> result;
    VisitorTable visitors(m_db);
    while (q.step()) {
        ConversationView c;
        c.id = q.text(0);
        c.siteId = q.text(1);
        VisitorView unknown;
        unknown.id = q.text(2);
        c.visitor = visitors.find(unknown.id).value_or(unknown);
        c.status = fromWireName(q.text(3), ConversationStatus::Closed);
        c.agentId = q.text(4);
        c.agentName = q.text(5);
        c.lastSeq = q.int64(6);
        c.createdAt = q.int64(7);
        c.queuedAt = q.int64(8);
        c.assignedAt = q.int64(9);
        c.closedAt = q.int64(10);
        c.offline = q.int64(11) != 0;
        c.rating = fromWireName(q.text(12), Rating::None);
        c.ratingComment = q.text(13);
        c.departmentId = q.text(14);
        c.departmentName = q.text(15);
        c.offlineState = fromWireName(q.text(16), OfflineState::None);
        c.claimedById = q.text(17);
        c.claimedByName = q.text(18);
        c.revision = q.int64(19);
        result.append(c);
    }
    return result;
}

std::optional<ConversationView> ConversationTable::find(const QString &id)
{
    SqlStatement q(m_db, CONVERSATION_SELECT "WHERE c.id = ?1");
    q.bind(1, id);
    const auto rows = readRows(q);
    return rows.isEmpty() ? std::nullopt : std::optional(rows.first());
}

QList<ConversationView> ConversationTable::listOpen()
{
    SqlStatement q(
        m_db, CONVERSATION_SELECT "WHERE c.status <> 'closed' ORDER BY c.queued_at, c.created_at");
    return readRows(q);
}

bool ConversationTable::setOfflineState(
    const QString &id, OfflineState state, const QString &claimedBy)
{
    QSqlQuery q(m_db);
    return runQuery(q,
               QStringLiteral("UPDATE conversations SET offline_state = ?, claimed_by = ?, "
                              "revision = revision + 1 WHERE id = ? AND offline = 1"),
               { wireName(state), textOrNull(claimedBy), id })
        && q.numRowsAffected() == 1;
}

QList<ConversationView> ConversationTable::listOfflineInbox(int limit)
{
    SqlStatement q(m_db,
        CONVERSATION_SELECT
        "WHERE c.offline = 1 AND c.offline_state <> 'done' ORDER BY c.created_at DESC LIMIT ?1");
    q.bind(1, qint64(limit));
    return readRows(q);
}

QList<ConversationView> ConversationTable::listForVisitor(const QString &visitorId, int limit)
{
    SqlStatement q(m_db,
        CONVERSATION_SELECT
        "WHERE c.visitor_id = ?1 ORDER BY (c.status = 'closed'), c.created_at DESC LIMIT ?2");
    q.bind(1, visitorId).bind(2, qint64(limit));
    return readRows(q);
}

QList<qint64> ConversationTable::recentHandlingTimes(int limit)
{
    QList<qint64> times;
    QSqlQuery q(m_db);
    if (runQuery(q,
            QStringLiteral(
                "SELECT closed_at - assigned_at FROM conversations WHERE status = 'closed' "
                "AND assigned_at IS NOT NULL ORDER BY closed_at DESC LIMIT ?"),
            { limit }))
        while (q.next())
            times.append(q.value(0).toLongLong());
    return times;
}
