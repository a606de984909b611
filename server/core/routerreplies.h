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

/// The answer about a conversation that does not exist, and about one the requester may not
/// see (ConversationAccess): the same, word for word, so the two cannot be told apart.
inline ErrorEvent notFound()
{
    return error(ErrorCode::NotFound, QStringLiteral("no such conversation"));
}

inline ErrorEvent notYours()
{
    return error(ErrorCode::Forbidden, QStringLiteral("this conversation is not yours"));
}

inline ErrorEvent storageError()
{
    return error(ErrorCode::StorageError,
        QStringLiteral(
            "the server could not store this request; nothing was stored, send it again"));
}
} // namespace RouterReplies
