#pragma once

#include <QString>
#include <QStringList>
#include <variant>

/// @brief `chat-server backup --db DB FILE`: a consistent copy of a chat database, made while
/// a server may be using it, without holding up the server's writes.
///
/// The copy is SQLite's `VACUUM INTO` on a connection of its own: one read transaction, so one
/// committed state (WAL lets the server's writer go on meanwhile), written compactly to a
/// temporary file beside FILE (FILE.partial-PID), synced, then renamed to FILE. FILE therefore
/// either does not exist or is a whole copy: a failed backup removes its temporary file, and an
/// interrupted one leaves only the temporary name. The command runs at the lowest CPU priority
/// (nice 19), so that on a busy machine the server's senders go first.
namespace BackupCommand {
struct Copied
{
    qint64 bytes = 0;
    qint64 elapsedMs = 0;
};

/// Copies @p databasePath to @p target; an existing @p target is replaced only with
/// @p overwrite. The error message says what to do.
std::variant<Copied, QString> backUp(
    const QString &databasePath, const QString &target, bool overwrite);

/// Runs `backup` with @p arguments (starting with "backup"); returns the exit code: 0 written,
/// 1 not written (the message says why; nothing is left under FILE), 2 a wrong command line.
int run(const QStringList &arguments);
} // namespace BackupCommand
