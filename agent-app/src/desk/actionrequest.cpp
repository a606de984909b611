#include "actionrequest.h"

#include <agentconnection.h>

#include <protocol/serverevents.h>

#include <QCoreApplication>
#include <QPointer>

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("AgentDesk", text);
}
} // namespace

QString ActionRequest::errorText(ErrorCode code, const QString &message)
{
    if (code == ErrorCode::Conflict)
        return tr("Someone else changed this conversation first.");
    if (code == ErrorCode::AgentUnavailable)
        return tr("That colleague is no longer available. Pick someone else.");
    if (code == ErrorCode::Forbidden)
        return tr("This conversation is not yours.");
    if (code == ErrorCode::NotFound)
        return tr("That conversation no longer exists.");
    if (code == ErrorCode::UnknownType)
        return tr("This server does not support that yet.");
    if (code == ErrorCode::Disconnected)
        return tr("The connection dropped before the server answered. Try again.");
    return message.isEmpty() ? errorCodeName(code) : message;
}

void ActionRequest::send(AgentConnection *connection, QObject *context, const QJsonObject &request,
    const QString &failurePrefix, std::function<void(const QString &notice)> failed)
{
    QPointer<QObject> guard(context);
    const bool sent
        = connection->request(request, [guard, failurePrefix, failed](const ServerMessage &reply) {
              if (!guard)
                  return;
              if (const auto *error = reply.as<ErrorEvent>())
                  failed(failurePrefix + u' ' + errorText(error->code, error->message));
          });
    if (!sent)
        failed(
            failurePrefix + u' ' + tr("You are offline; try again when the connection is back."));
}
