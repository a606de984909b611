#include "cannedtable.h"

#include "../sqlconnection.h"

#include <QUuid>

namespace {
const QString columns = QStringLiteral("id, shortcut, title, body, COALESCE(owner_id, '')");

CannedRecord fromRow(const QSqlQuery &q)
{
    const QString ownerId = q.value(4).toString();
    return { { q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                 q.value(3).toString(), !ownerId.isEmpty() },
        ownerId };
}

/// NULL for a shared response: owner_id is compared with IS.
QVariant ownerValue(const QString &ownerId)
{
    return ownerId.isEmpty() ? QVariant() : QVariant(ownerId);
}
} // namespace

QList<CannedRecord> CannedTable::listFor(const QString &agentId)
{
    QList<CannedRecord> items;
    QSqlQuery q(m_db);
    if (runQuery(q,
            QStringLiteral("SELECT %1 FROM canned_responses WHERE owner_id IS NULL OR owner_id = ? "
                           "ORDER BY shortcut, owner_id")
                .arg(columns),
            { agentId }))
        while (q.next())
            items.append(fromRow(q));
    return items;
}

std::optional<CannedRecord> CannedTable::find(const QString &id)
{
    QSqlQuery q(m_db);
    if (!runQuery(
            q, QStringLiteral("SELECT %1 FROM canned_responses WHERE id = ?").arg(columns), { id })
        || !q.next())
        return std::nullopt;
    return fromRow(q);
}

StoreStatus CannedTable::save(CannedRecord &record, const QString &agentId, qint64 now)
{
    CannedResponse &response = record.response;
    response.personal = !record.isShared();
    QSqlQuery q(m_db);
    // A shared one clashes with another shared one; an agent's own also with a shared one.
    const bool checked = record.isShared()
        ? runQuery(q,
            QStringLiteral("SELECT 1 FROM canned_responses WHERE shortcut = ? AND id <> ? "
                           "AND owner_id IS NULL"),
            { response.shortcut, response.id })
        : runQuery(q,
            QStringLiteral("SELECT 1 FROM canned_responses WHERE shortcut = ? AND id <> ? "
                           "AND (owner_id IS NULL OR owner_id = ?)"),
            { response.shortcut, response.id, record.ownerId });
    if (!checked)
        return StoreStatus::Failed;
    if (q.next())
        return StoreStatus::Conflict;
    if (response.id.isEmpty()) {
        response.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        return runQuery(q,
                   QStringLiteral("INSERT INTO canned_responses (id, owner_id, shortcut, title, "
                                  "body, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                   { response.id, ownerValue(record.ownerId), response.shortcut, response.title,
                       response.body, now, agentId })
            ? StoreStatus::Ok
            : StoreStatus::Failed;
    }
    if (!runQuery(q,
            QStringLiteral(
                "UPDATE canned_responses SET shortcut = ?, title = ?, body = ?, updated_at = ?, "
                "updated_by = ? WHERE id = ? AND owner_id IS NOT DISTINCT FROM ?"),
            { response.shortcut, response.title, response.body, now, agentId, response.id,
                ownerValue(record.ownerId) }))
        return StoreStatus::Failed;
    return q.numRowsAffected() == 1 ? StoreStatus::Ok : StoreStatus::NotFound;
}

StoreStatus CannedTable::remove(const QString &id)
{
    QSqlQuery q(m_db);
    if (!runQuery(q, QStringLiteral("DELETE FROM canned_responses WHERE id = ?"), { id }))
        return StoreStatus::Failed;
    return q.numRowsAffected() == 1 ? StoreStatus::Ok : StoreStatus::NotFound;
}
