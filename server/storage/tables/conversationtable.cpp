#include "conversationtable.h"

#include "../sqlconnection.h"
#include "visitortable.h"

namespace {
const QString selectSql = QStringLiteral(
    "SELECT c.id, c.site_id, c.visitor_id, c.status, c.agent_id, COALESCE(a.name, ''), c.last_seq, "
    "c.created_at, COALESCE(c.queued_at, 0), COALESCE(c.assigned_at, 0), COALESCE(c.closed_at, 0), "
    "c.offline, COALESCE(c.rating, ''), c.rating_comment, COALESCE(c.department_id, ''), "
    "COALESCE(d.name, ''), COALESCE(c.offline_state, ''), COALESCE(c.claimed_by, ''), "
    "COALESCE(ca.name, '') "
    "FROM conversations c LEFT JOIN agents a ON a.id = c.agent_id "
    "LEFT JOIN departments d ON d.id = c.department_id "
    "LEFT JOIN agents ca ON ca.id = c.claimed_by ");
} // namespace

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

QList<ConversationView> ConversationTable::select(
    const QString &where, std::initializer_list<QVariant> values)
{
    QList<ConversationView> result;
    QSqlQuery q(m_db);
    if (!runQuery(q, selectSql + where, values))
        return result;
    VisitorTable visitors(m_db);
    while (q.next()) {
        ConversationView c;
        c.id = q.value(0).toString();
        c.siteId = q.value(1).toString();
        VisitorView unknown;
        unknown.id = q.value(2).toString();
        c.visitor = visitors.find(unknown.id).value_or(unknown);
        c.status = fromWireName(q.value(3).toString(), ConversationStatus::Closed);
        c.agentId = q.value(4).toString();
        c.agentName = q.value(5).toString();
        c.lastSeq = q.value(6).toLongLong();
        c.createdAt = q.value(7).toLongLong();
        c.queuedAt = q.value(8).toLongLong();
        c.assignedAt = q.value(9).toLongLong();
        c.closedAt = q.value(10).toLongLong();
        c.offline = q.value(11).toBool();
        c.rating = fromWireName(q.value(12).toString(), Rating::None);
        c.ratingComment = q.value(13).toString();
        c.departmentId = q.value(14).toString();
        c.departmentName = q.value(15).toString();
        c.offlineState = fromWireName(q.value(16).toString(), OfflineState::None);
        c.claimedById = q.value(17).toString();
        c.claimedByName = q.value(18).toString();
        result.append(c);
    }
    return result;
}

std::optional<ConversationView> ConversationTable::find(const QString &id)
{
    const auto rows = select(QStringLiteral("WHERE c.id = ?"), { id });
    return rows.isEmpty() ? std::nullopt : std::optional(rows.first());
}

QList<ConversationView> ConversationTable::listOpen()
{
    return select(
        QStringLiteral("WHERE c.status <> 'closed' ORDER BY c.queued_at, c.created_at"), {});
}

bool ConversationTable::setOfflineState(
    const QString &id, OfflineState state, const QString &claimedBy)
{
    QSqlQuery q(m_db);
    return runQuery(q,
               QStringLiteral("UPDATE conversations SET offline_state = ?, claimed_by = ? WHERE id "
                              "= ? AND offline = 1"),
               { wireName(state), textOrNull(claimedBy), id })
        && q.numRowsAffected() == 1;
}

QList<ConversationView> ConversationTable::listOfflineInbox(int limit)
{
    return select(
        QStringLiteral(
            "WHERE c.offline = 1 AND c.offline_state <> 'done' ORDER BY c.created_at DESC LIMIT ?"),
        { limit });
}

QList<ConversationView> ConversationTable::listForVisitor(const QString &visitorId, int limit)
{
    return select(
        QStringLiteral(
            "WHERE c.visitor_id = ? ORDER BY (c.status = 'closed'), c.created_at DESC LIMIT ?"),
        { visitorId, limit });
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
