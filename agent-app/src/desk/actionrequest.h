#pragma once

#include <protocol/protocolerror.h>

#include <QJsonObject>
#include <QString>
#include <functional>

class AgentConnection;
class QObject;

/// @brief An agent's action sent to the server, and what to tell the agent when it fails.
namespace ActionRequest {
/// What a refusal means to the agent, in words they can act on.
QString errorText(ErrorCode code, const QString &message);
/// Sends @p request. If the server refuses it, or it cannot be sent (offline), @p failed gets
/// @p failurePrefix and the reason, unless @p context is gone by then. Success arrives as
/// conversation.updated, like any change.
void send(AgentConnection *connection, QObject *context, const QJsonObject &request,
    const QString &failurePrefix, std::function<void(const QString &notice)> failed);
} // namespace ActionRequest
