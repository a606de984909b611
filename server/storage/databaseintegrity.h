#pragma once

#include <QString>
#include <QStringList>
#include <optional>

/// @brief Whether a database file is this server's and undamaged, checked before a store opens
/// it, so that a lost or damaged database stops the start instead of being served (as a new
/// empty one, or with conversations missing).
///
/// Each problem is a message that says what the file is and what to do. Works on the file with
/// a connection of its own; never creates the file, only reads it (SQLite may recover the WAL
/// index of a server that was killed, as any connection would).
namespace DatabaseIntegrity {
/// A file that exists must be a SQLite database with this server's schema (`schema_version`);
/// a zero-length file, a file of another program or of another format is refused. A missing
/// file passes: it is the first start.
std::optional<QString> checkIdentity(const QString &path);
/// `PRAGMA quick_check` (the b-tree pages, without comparing indexes to their tables: about as
/// long as reading the file once). Call after checkIdentity().
std::optional<QString> quickCheck(const QString &path);

/// The result of the full `PRAGMA integrity_check`.
struct Report
{
    bool ok = false;
    /// SQLite's lines: "ok", or one per problem found (at most 100); or why it could not run.
    QStringList lines;
};
/// The full `PRAGMA integrity_check` (indexes against their tables too), read-only.
Report integrityCheck(const QString &path);
} // namespace DatabaseIntegrity
