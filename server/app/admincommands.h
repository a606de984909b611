#pragma once

#include <QStringList>

/// @brief `chat-server site …`, `department …` and `agent …`: administration from the shell,
/// straight against the database (the server may be running; SQLite serialises the writes).
namespace AdminCommands {
/// Runs the command in @p arguments (starting with "site", "department" or "agent"); returns the
/// exit code.
int run(const QStringList &arguments);
} // namespace AdminCommands
