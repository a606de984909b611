#pragma once

#include <QSqlDatabase>
#include <QString>
#include <optional>

/// @brief The `database_epoch` table: one random id per database, made with it and replaced
/// by a restore, so that clients can tell a restored copy (whose `seq` numbers may be handed
/// out again) from the database their cursors were taken on (docs/protocol.md, "Epoch").
class EpochTable
{
public:
    explicit EpochTable(QSqlDatabase &db)
        : m_db(db)
    { }

    /// The current epoch; nothing when the table is missing or empty.
    std::optional<QString> current();
    /// Replaces the epoch with a new random one; returns it, nothing on failure.
    std::optional<QString> renew();

private:
    QSqlDatabase &m_db;
};
