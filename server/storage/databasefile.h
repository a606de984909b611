#pragma once

#include <QString>
#include <optional>

/// @brief A database file seen from outside any server: whether a server has it open, whether
/// it is sound and a database of this server, and a consistent copy of it. What
/// `chat-server restore` needs before it replaces a server's database.
namespace DatabaseFile {

/// True when another connection holds @p path open, as a running server always does: a serving
/// server keeps its WAL connections open, each holding a shared lock on the file, so an
/// exclusive lock cannot be had. False when no file is there or it is not a database at all.
bool isOpenElsewhere(const QString &path);

/// Nothing when @p path is a sound database of this server: `PRAGMA integrity_check` finds
/// nothing and its schema_version is one this binary knows. Otherwise what is wrong, in words
/// an operator can act on. Opens the file read-only.
std::optional<QString> checkRestorable(const QString &path);

/// Writes a consistent, compacted copy of @p path to @p target (`VACUUM INTO`), which must not
/// exist; nothing on success, else the reason.
std::optional<QString> copy(const QString &path, const QString &target);

} // namespace DatabaseFile
