#pragma once

#include "../records.h"

#include <QSet>
#include <QSqlDatabase>

/// @brief The `files` table: one row per upload into a conversation (sql/010_files.sql).
class FileTable
{
public:
    explicit FileTable(QSqlDatabase &db)
        : m_db(db)
    { }

    /// Must run inside a write transaction, so the count and the insert are one step.
    FileSaveResult save(const FileRecord &file, int maxPerConversation);
    /// The file @p id, with FileRecord::onVisibleMessage filled in.
    std::optional<FileRecord> find(const QString &id);
    /// The file @p id if it was uploaded into @p conversationId; *@p failed on a database error.
    std::optional<FileView> findIn(const QString &conversationId, const QString &id, bool *failed);
    /// Removes the uploads created before @p before that no message carries; how many.
    std::optional<int> removeUnsent(qint64 before);
    /// The SHA-256 of every upload recorded.
    std::optional<QSet<QString>> hashes();

private:
    QSqlDatabase &m_db;
};
