#pragma once

#include "../records.h"

#include <QSqlDatabase>

/// @brief The `canned_responses` table: team-wide snippets, unique by shortcut.
class CannedTable
{
public:
    explicit CannedTable(QSqlDatabase &db)
        : m_db(db)
    { }

    QList<CannedResponse> list();
    /// Inserts (empty id: a new id is given) or updates. Conflict when the shortcut is taken,
    /// NotFound when updating an id that does not exist.
    StoreStatus save(CannedResponse &response, const QString &agentId, qint64 now);
    StoreStatus remove(const QString &id);

private:
    QSqlDatabase &m_db;
};
