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
/// To the visitor: the conversation as visitors see it (ConversationView::toVisitorJson).
QJsonObject conversationStarted(const ConversationView &conversation);
/// To agents. @p note: a transfer's note, for agents only.
QJsonObject conversationUpdated(const ConversationView &conversation, const QString &note = {});
/// To the conversation's visitor: never a note, never agents-only fields.
QJsonObject conversationUpdatedForVisitor(const ConversationView &conversation);
QJsonObject message(const MessageView &message);
QJsonObject messageAck(
    const QString &conversationId, const QString &clientId, qint64 seq, qint64 at, bool duplicate);
QJsonObject typing(
    const QString &conversationId, const QString &role, const QString &name, bool active);
QJsonObject history(
    const QString &conversationId, const QList<MessageView> &messages, bool hasMore);
QJsonObject authOk(const QString &sessionToken, const AgentView &agent);
/// @p offline: the offline messages not yet done, newest first; @p departments: every site's.
QJsonObject agentSnapshot(const QList<ConversationView> &queue, const QList<ConversationView> &mine,
    const QList<AgentView> &agents, const QList<ConversationView> &offline = {},
    const QList<DepartmentView> &departments = {});
QJsonObject presence(const AgentView &agent);
QJsonObject availability(bool agentsOnline);
QJsonObject offlineReceived(const QString &conversationId);
/// Reply to visitor.update: the visitor's stored details.
QJsonObject visitorUpdated(const VisitorView &visitor);
QJsonObject pong();
} // namespace ServerEvents
