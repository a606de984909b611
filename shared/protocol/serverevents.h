#pragma once

#include "views.h"

#include <QByteArray>
#include <QJsonObject>

/// @brief Builders for server → client messages of chat.v1, so every field name lives in one place.
namespace ServerEvents {
/// Compact UTF-8 JSON, encoded once and sent to as many sockets as need it.
QByteArray encode(const QJsonObject &event);

QJsonObject welcome(const QString &visitorId, const QString &visitorToken, const QJsonObject &site,
                    bool agentsOnline, const QList<ConversationView> &conversations);
QJsonObject conversationStarted(const ConversationView &conversation);
QJsonObject conversationUpdated(const ConversationView &conversation, const QString &note = {});
QJsonObject message(const MessageView &message);
QJsonObject messageAck(const QString &conversationId, const QString &clientId, qint64 seq,
                       qint64 at, bool duplicate);
QJsonObject typing(const QString &conversationId, const QString &role, const QString &name,
                   bool active);
QJsonObject history(const QString &conversationId, const QList<MessageView> &messages,
                    bool hasMore);
QJsonObject authOk(const QString &sessionToken, const AgentView &agent);
QJsonObject agentSnapshot(const QList<ConversationView> &queue,
                          const QList<ConversationView> &mine, const QList<AgentView> &agents);
QJsonObject presence(const AgentView &agent);
QJsonObject availability(bool agentsOnline);
QJsonObject offlineReceived(const QString &conversationId);
QJsonObject pong();
} // namespace ServerEvents
