#pragma once

#include <QStringList>

/// @brief `chat-server check --db F`: the full SQLite integrity check of a database, read-only
/// (it may run beside the server), for an operator deciding whether to restore a backup.
namespace CheckCommand {
/// Runs the command in @p arguments (starting with "check"); 0 when the database is intact,
/// 1 when it is damaged or cannot be read.
int run(const QStringList &arguments);
} // namespace CheckCommand
