#pragma once

#include <QString>
#include <QStringList>
#include <optional>

/// @brief `chat-server files prune`: removes what no message needs from the files folder and
/// the database (docs/operations.md, "Attachments").
///
/// An upload that no message took up within a grace time (a cancelled send, a closed tab) loses
/// its record; bytes on disk that no record names any more lose their file and thumbnail.
/// Safe while the server runs: bytes younger than the grace time are never touched, so an upload
/// being recorded right now keeps its file.
namespace FilesCommand {
struct Pruned
{
    int records = 0; // uploads no message carries
    int blobs = 0; // files on disk no record names
    qint64 bytes = 0;
};

/// Prunes the database at @p databasePath (a file or a PostgreSQL URL) and the files folder
/// @p filesFolder: records and bytes older than @p graceMs at @p nowMs. An error message, or
/// what was removed.
std::optional<Pruned> prune(const QString &databasePath, const QString &filesFolder, qint64 graceMs,
    qint64 nowMs, QString *error);

/// Runs `files` with @p arguments (starting with "files"); the exit code.
int run(const QStringList &arguments);
} // namespace FilesCommand
