#pragma once

#include <QJsonObject>
#include <QString>
#include <optional>

/// @brief Machine-readable error codes of chat.v1; each maps to one wire string.
enum class ErrorCode {
    BadJson,
    BadFrame,
    UnknownType,
    MissingField,
    InvalidField,
    TooLong,
    NotAuthenticated,
    AlreadyAuthenticated,
    AuthFailed,
    UnknownSite,
    Forbidden,
    NotFound,
    Conflict,
    ConversationClosed,
    AgentUnavailable,
    StorageError,
    /// Too many requests of this kind; the error's retryAfterMs says when to try again.
    RateLimited,
    Internal,
    /// A visitor's identity signature is wrong, expired, or for another site's secret.
    IdentityInvalid,
    /// The site admits only visitors whose identity its backend signed.
    IdentityRequired,
    /// message.send names a file that was not uploaded into that conversation.
    FileNotFound,
    /// Client side only, never sent: the connection dropped before the reply came.
    Disconnected,
};

QString errorCodeName(ErrorCode code);
/// The code a wire name stands for; nothing for a name this version does not know.
std::optional<ErrorCode> errorCodeFromName(QStringView name);

/// @brief An error as sent to a client: code, human message, and the field to blame if any.
struct ProtocolError
{
    ErrorCode code = ErrorCode::Internal;
    QString message;
    QString field;
    QString rid;

    QJsonObject toJson() const;
};
