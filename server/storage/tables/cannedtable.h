#pragma once

#include "../records.h"

#include <QSqlDatabase>
#include <optional>

/// @brief The `canned_responses` table: the team's shared snippets (no owner) and each agent's
/// own. A shortcut is unique among the shared ones and among one agent's own, and an agent's
/// own may not take a shared one's shortcut (it would hide it).
class CannedTable
{
public:
    explicit CannedTable(QSqlDatabase &db)
        : m_db(db)
    { }

    /// The shared responses and @p agentId's own, by shortcut.
    QList<CannedRecord> listFor(const QString &agentId);
    std::optional<CannedRecord> find(const QString &id);
    /// Inserts (empty id: a new id is given, owned by record.ownerId) or updates a response of
    /// record.ownerId. Conflict when the shortcut is taken, NotFound when there is no such id of
    /// that owner.
    StoreStatus save(CannedRecord &record, const QString &agentId, qint64 now);
    StoreStatus remove(const QString &id);

private:
    QSqlDatabase &m_db;
};
