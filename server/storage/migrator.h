#pragma once

#include <QSqlDatabase>
#include <QString>
#include <optional>

/// @brief Applies the numbered, forward-only migrations in sql/ (compiled into the binary).
///
/// The database records the applied version in `schema_version`; each migration runs in its
/// own transaction together with the version bump, so a failed one leaves the previous version.
class Migrator
{
public:
    explicit Migrator(QSqlDatabase &database)
        : m_database(database)
    { }

    static int latestVersion();
    /// 0 for an empty database.
    int currentVersion() const;
    /// Migrates up to @p targetVersion (default: latest). Returns an error message on failure.
    std::optional<QString> migrate(int targetVersion = -1);

private:
    QSqlDatabase &m_database;
};
