#pragma once

#include <QString>
#include <optional>

/// @brief Copies of the files folder for backup and restore (docs/operations.md).
///
/// The bytes in the folder never change once named (content addressing), so a copy is made of
/// hard links where the two folders share a file system (no space, no time) and of real copies
/// elsewhere; uploads still arriving (`incoming/`) are not copied.
namespace FilesFolder {
/// Copies @p from into a new folder @p to, written under a temporary name and renamed once
/// complete. Nothing to do (no error) when @p from does not exist.
std::optional<QString> copyTo(const QString &from, const QString &to);
/// Adds what @p from holds and @p to lacks (a restore: files already there are the same bytes).
std::optional<QString> mergeInto(const QString &from, const QString &to);
} // namespace FilesFolder
