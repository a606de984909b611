#include "serverevents.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ServerEvents {

namespace {
template <typename T> QJsonArray toArray(const QList<T> &items)
{
    QJsonArray array;
    for (const T &item : items)
        array.append(item.toJson());
    return array;
}

QJsonArray toVisitorArray(const QList<ConversationView> &conversations)
{
    QJsonArray array;
    for (const ConversationView &conversation : conversations)
        array.append(conversation.toVisitorJson());
    return array;
}
} // namespace

QByteArray encode(const QJsonObject &event)
{
    return QJsonDocument(event).toJson(QJsonDocument::Compact);
}

QJsonObject welcome(const QString &visitorId, const QString &visitorToken, const QJsonObject &site,
    bool agentsOnline, const QList<ConversationView> &conversations)
{
    return QJsonObject { { "type", "welcome" }, { "visitorId", visitorId },
        { "visitorToken", visitorToken }, { "site", site }, { "agentsOnline", agentsOnline },
        { "conversations", toVisitorArray(conversations) } };
}

QJsonObject conversationStarted(const ConversationView &conversation)
{
    return QJsonObject { { "type", "conversation.started" },
        { "conversation", conversation.toVisitorJson() } };
}

QJsonObject conversationUpdatedForVisitor(const ConversationView &conversation)
{
    return QJsonObject { { "type", "conversation.updated" },
        { "conversation", conversation.toVisitorJson() } };
}

QJsonObject conversationUpdated(const ConversationView &conversation, const QString &note)
{
    QJsonObject o { { "type", "conversation.updated" }, { "conversation", conversation.toJson() } };
    if (!note.isEmpty())
        o.insert("note", note);
    return o;
}

QJsonObject message(const MessageView &message)
{
    QJsonObject o = message.toJson();
    o.insert("type", "message");
    return o;
}

QJsonObject messageAck(
    const QString &conversationId, const QString &clientId, qint64 seq, qint64 at, bool duplicate)
{
    return QJsonObject { { "type", "message.ack" }, { "conversationId", conversationId },
        { "clientId", clientId }, { "seq", seq }, { "at", at }, { "duplicate", duplicate } };
}

QJsonObject typing(
    const QString &conversationId, const QString &role, const QString &name, bool active)
{
    return QJsonObject { { "type", "typing" }, { "conversationId", conversationId },
        { "role", role }, { "name", name }, { "active", active } };
}

QJsonObject history(const QString &conversationId, const QList<MessageView> &messages, bool hasMore)
{
    return QJsonObject { { "type", "history" }, { "conversationId", conversationId },
        { "messages", toArray(messages) }, { "hasMore", hasMore } };
}

QJsonObject authOk(const QString &sessionToken, const AgentView &agent)
{
    return QJsonObject { { "type", "auth.ok" }, { "sessionToken", sessionToken },
        { "agent", agent.toJson() }, { "serverVersion", QStringLiteral(CHAT_VERSION) } };
}

QJsonObject agentSnapshot(const QList<ConversationView> &queue, const QList<ConversationView> &mine,
    const QList<AgentView> &agents, const QList<ConversationView> &offline,
    const QList<DepartmentView> &departments)
{
    return QJsonObject { { "type", "agent.snapshot" }, { "queue", toArray(queue) },
        { "mine", toArray(mine) }, { "agents", toArray(agents) }, { "offline", toArray(offline) },
        { "departments", toArray(departments) } };
}

QJsonObject presence(const AgentView &agent)
{
    return QJsonObject { { "type", "presence" }, { "agent", agent.toJson() } };
}

QJsonObject availability(bool agentsOnline)
{
    return QJsonObject { { "type", "availability" }, { "agentsOnline", agentsOnline } };
}

QJsonObject offlineReceived(const QString &conversationId)
{
    return QJsonObject { { "type", "offline.received" }, { "conversationId", conversationId } };
}

QJsonObject visitorUpdated(const VisitorView &visitor)
{
    return QJsonObject { { "type", "visitor.updated" }, { "visitor", visitor.toJson() } };
}

QJsonObject pong()
{
    return QJsonObject { { "type", "pong" } };
}

} // namespace ServerEvents
