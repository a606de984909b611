#pragma once

#include <QStringList>

/// @brief `chat-server site …` and `chat-server agent …`: administration from the shell,
/// straight against the database (the server may be running; SQLite serialises the writes).
namespace AdminCommands {
/// Runs the command in @p arguments (starting with "site" or "agent"); returns the exit code.
int run(const QStringList &arguments);
} // namespace AdminCommands
