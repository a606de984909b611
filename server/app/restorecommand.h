#pragma once

#include <QStringList>

/// @brief `chat-server restore --db DB FILE`: puts a backup back in place of a stopped
/// server's database, with a new epoch so that clients refetch rather than trust `seq`
/// numbers the restored copy may hand out again (docs/operations.md, "Restore").
namespace RestoreCommand {
/// Runs the command in @p arguments (program, "restore", options…); returns the exit code:
/// 0 restored, 1 refused or failed (DB untouched), 2 bad usage.
int run(const QStringList &arguments);
} // namespace RestoreCommand
