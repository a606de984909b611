#include "epochtable.h"

#include "../sqlconnection.h"

#include <core/secrets.h>

#include <QSqlQuery>

std::optional<QString> EpochTable::current()
{
    QSqlQuery query(m_db);
    if (!runQuery(query, QStringLiteral("SELECT epoch FROM database_epoch WHERE id = 1"))
        || !query.next())
        return std::nullopt;
    const QString epoch = query.value(0).toString();
    return epoch.isEmpty() ? std::nullopt : std::optional(epoch);
}

std::optional<QString> EpochTable::renew()
{
    const QString epoch = Secrets::newId();
    QSqlQuery query(m_db);
    if (!runQuery(query,
            QStringLiteral("INSERT INTO database_epoch (id, epoch) VALUES (1, ?) "
                           "ON CONFLICT (id) DO UPDATE SET epoch = excluded.epoch"),
            { epoch }))
        return std::nullopt;
    return epoch;
}
