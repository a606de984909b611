#include "filetable.h"

#include "../sqlstatement.h"

namespace {
// The columns every read takes, in this order (see fromRow).
#define FILE_COLUMNS                                                                               \
    "id, name, size, type, image, width, height, conversation_id, sha256, uploader_role, "         \
    "uploader_id, created_at"

FileRecord fromRow(const SqlStatement &q)
{
    FileRecord file;
    file.view = FileView { q.text(0), q.text(1), q.int64(2), q.text(3), q.int64(4) != 0,
        int(q.int64(5)), int(q.int64(6)) };
    file.conversationId = q.text(7);
    file.sha256 = q.text(8);
    file.uploaderRole = fromWireName(q.text(9), AuthorRole::Visitor);
    file.uploaderId = q.text(10);
    file.createdAt = q.int64(11);
    return file;
}
} // namespace

FileSaveResult FileTable::save(const FileRecord &file, int maxPerConversation)
{
    FileSaveResult result;
    {
        SqlStatement q(m_db, "SELECT status FROM conversations WHERE id = ?1");
        q.bind(1, file.conversationId);
        if (!q.step()) {
            if (!q.failed())
                result.status = StoreStatus::NotFound;
            return result;
        }
        if (fromWireName(q.text(0), ConversationStatus::Closed) == ConversationStatus::Closed) {
            result.status = StoreStatus::Closed;
            return result;
        }
    }
    {
        SqlStatement q(m_db,
            "SELECT " FILE_COLUMNS
            " FROM files WHERE conversation_id = ?1 AND sha256 = ?2 AND name = ?3");
        q.bind(1, file.conversationId).bind(2, file.sha256).bind(3, file.view.name);
        if (q.step()) {
            result.status = StoreStatus::Ok;
            result.file = fromRow(q);
            return result;
        }
        if (q.failed())
            return result;
    }
    {
        SqlStatement q(m_db, "SELECT count(*) FROM files WHERE conversation_id = ?1");
        q.bind(1, file.conversationId);
        if (!q.step())
            return result;
        if (q.int64(0) >= maxPerConversation) {
            result.status = StoreStatus::Conflict;
            return result;
        }
    }
    SqlStatement insert(m_db,
        "INSERT INTO files (id, name, size, type, image, width, height, conversation_id, sha256, "
        "uploader_role, uploader_id, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    const FileView &v = file.view;
    insert.bind(1, v.id)
        .bind(2, v.name)
        .bind(3, v.size)
        .bind(4, v.type)
        .bind(5, qint64(v.image ? 1 : 0))
        .bind(6, qint64(v.width))
        .bind(7, qint64(v.height))
        .bind(8, file.conversationId)
        .bind(9, file.sha256)
        .bind(10, wireName(file.uploaderRole))
        .bind(11, file.uploaderId)
        .bind(12, file.createdAt);
    if (!insert.exec())
        return result;
    result.status = StoreStatus::Ok;
    result.file = file;
    return result;
}

std::optional<FileRecord> FileTable::find(const QString &id)
{
    SqlStatement q(m_db,
        "SELECT " FILE_COLUMNS ", EXISTS (SELECT 1 FROM messages m WHERE m.file_id = files.id "
        "AND m.internal = 0) FROM files WHERE id = ?1");
    q.bind(1, id);
    if (!q.step())
        return std::nullopt;
    FileRecord file = fromRow(q);
    file.onVisibleMessage = q.int64(12) != 0;
    return file;
}

std::optional<FileView> FileTable::findIn(
    const QString &conversationId, const QString &id, bool *failed)
{
    SqlStatement q(
        m_db, "SELECT " FILE_COLUMNS " FROM files WHERE id = ?1 AND conversation_id = ?2");
    q.bind(1, id).bind(2, conversationId);
    if (!q.step()) {
        *failed = q.failed();
        return std::nullopt;
    }
    return fromRow(q).view;
}

std::optional<int> FileTable::removeUnsent(qint64 before)
{
    SqlStatement q(m_db,
        "DELETE FROM files WHERE created_at < ?1 AND NOT EXISTS "
        "(SELECT 1 FROM messages m WHERE m.file_id = files.id)");
    q.bind(1, before);
    if (!q.exec())
        return std::nullopt;
    return int(q.changes());
}

std::optional<QSet<QString>> FileTable::hashes()
{
    QSet<QString> hashes;
    SqlStatement q(m_db, "SELECT DISTINCT sha256 FROM files");
    while (q.step())
        hashes.insert(q.text(0));
    if (q.failed())
        return std::nullopt;
    return hashes;
}
