#include "protocolerror.h"

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::BadJson:
        return QStringLiteral("bad_json");
    case ErrorCode::BadFrame:
        return QStringLiteral("bad_frame");
    case ErrorCode::UnknownType:
        return QStringLiteral("unknown_type");
    case ErrorCode::MissingField:
        return QStringLiteral("missing_field");
    case ErrorCode::InvalidField:
        return QStringLiteral("invalid_field");
    case ErrorCode::TooLong:
        return QStringLiteral("too_long");
    case ErrorCode::NotAuthenticated:
        return QStringLiteral("not_authenticated");
    case ErrorCode::AlreadyAuthenticated:
        return QStringLiteral("already_authenticated");
    case ErrorCode::AuthFailed:
        return QStringLiteral("auth_failed");
    case ErrorCode::UnknownSite:
        return QStringLiteral("unknown_site");
    case ErrorCode::Forbidden:
        return QStringLiteral("forbidden");
    case ErrorCode::NotFound:
        return QStringLiteral("not_found");
    case ErrorCode::Conflict:
        return QStringLiteral("conflict");
    case ErrorCode::ConversationClosed:
        return QStringLiteral("conversation_closed");
    case ErrorCode::AgentUnavailable:
        return QStringLiteral("agent_unavailable");
    case ErrorCode::StorageError:
        return QStringLiteral("storage_error");
    case ErrorCode::RateLimited:
        return QStringLiteral("rate_limited");
    case ErrorCode::Internal:
        return QStringLiteral("internal");
    case ErrorCode::IdentityInvalid:
        return QStringLiteral("identity_invalid");
    case ErrorCode::IdentityRequired:
        return QStringLiteral("identity_required");
    case ErrorCode::FileNotFound:
        return QStringLiteral("file_not_found");
    case ErrorCode::Disconnected:
        return QStringLiteral("disconnected");
    }
    return QStringLiteral("internal");
}

std::optional<ErrorCode> errorCodeFromName(QStringView name)
{
    for (int i = 0; i < int(ErrorCode::Disconnected); ++i) {
        if (errorCodeName(ErrorCode(i)) == name)
            return ErrorCode(i);
    }
    return std::nullopt;
}

QJsonObject ProtocolError::toJson() const
{
    QJsonObject o { { "type", "error" }, { "code", errorCodeName(code) }, { "message", message } };
    if (!field.isEmpty())
        o.insert("field", field);
    if (!rid.isEmpty())
        o.insert("rid", rid);
    return o;
}
