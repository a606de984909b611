#pragma once

// Shared by the files that implement ConversationRouter (conversationrouter*.cpp); not an
// interface of its own.

#include <protocol/serverevents.h>

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcRouter)

namespace RouterReplies {
inline ErrorEvent error(ErrorCode code, const QString &message)
{
    return ErrorEvent { code, message, {} };
}

inline ErrorEvent storageError()
{
    return error(ErrorCode::StorageError,
        QStringLiteral(
            "the server could not store this request; nothing was stored, send it again"));
}
} // namespace RouterReplies
