#include "cannedtable.h"

#include "../sqlconnection.h"

#include <QUuid>

QList<CannedResponse> CannedTable::list()
{
    QList<CannedResponse> items;
    QSqlQuery q(m_db);
    if (runQuery(q,
            QStringLiteral(
                "SELECT id, shortcut, title, body FROM canned_responses ORDER BY shortcut")))
        while (q.next())
            items.append({ q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                q.value(3).toString() });
    return items;
}

StoreStatus CannedTable::save(CannedResponse &response, const QString &agentId, qint64 now)
{
    QSqlQuery q(m_db);
    if (!runQuery(q, QStringLiteral("SELECT id FROM canned_responses WHERE shortcut = ?"),
            { response.shortcut }))
        return StoreStatus::Failed;
    if (q.next() && q.value(0).toString() != response.id)
        return StoreStatus::Conflict;
    if (response.id.isEmpty()) {
        response.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        return runQuery(q,
                   QStringLiteral("INSERT INTO canned_responses (id, shortcut, title, body, "
                                  "updated_at, updated_by) "
                                  "VALUES (?, ?, ?, ?, ?, ?)"),
                   { response.id, response.shortcut, response.title, response.body, now, agentId })
            ? StoreStatus::Ok
            : StoreStatus::Failed;
    }
    if (!runQuery(q,
            QStringLiteral(
                "UPDATE canned_responses SET shortcut = ?, title = ?, body = ?, updated_at = ?, "
                "updated_by = ? WHERE id = ?"),
            { response.shortcut, response.title, response.body, now, agentId, response.id }))
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
