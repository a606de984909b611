#pragma once

#include "records.h"
#include "storecallback.h"

/// @brief What the server knows about uploaded files: one record per upload into a
/// conversation, found again by id. The bytes themselves are not here (FileBlobs).
///
/// Answers come on the caller's thread, in call order. Implementations: SqlStore.
class FileStore
{
public:
    virtual ~FileStore() = default;

    /// Stores @p file (its id, view and sha256 set) unless its conversation is missing or
    /// closed, or holds @p maxPerConversation files already. The same bytes under the same name
    /// in the same conversation are stored once: the earlier record is the answer.
    virtual void saveFile(
        const FileRecord &file, int maxPerConversation, StoreCallback<FileSaveResult> done)
        = 0;
    /// The file @p id, with whether a message its visitor may read carries it.
    virtual void findFile(const QString &id, StoreCallback<std::optional<FileRecord>> done) = 0;
};
