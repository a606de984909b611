#include "incomingevent.h"

#include <QJsonArray>

namespace {
template <class T> QList<T> listOf(const QJsonValue &value)
{
    QList<T> items;
    const QJsonArray array = value.toArray();
    items.reserve(array.size());
    for (const QJsonValue &item : array)
        items.append(T::fromJson(item.toObject()));
    return items;
}

IncomingEvent decodeEvent(const QString &type, const QJsonObject &o)
{
    if (type == u"message") {
        MessageView message = MessageView::fromJson(o);
        return MessageEvent { message };
    }
    if (type == u"conversation.updated")
        return ConversationUpdatedEvent { ConversationView::fromJson(
                                              o.value("conversation").toObject()),
            o.value("note").toString() };
    if (type == u"message.ack")
        return MessageAckEvent { o.value("conversationId").toString(),
            o.value("clientId").toString(), o.value("seq").toInteger(), o.value("at").toInteger(),
            o.value("duplicate").toBool() };
    if (type == u"typing")
        return TypingEvent { o.value("conversationId").toString(), o.value("role").toString(),
            o.value("name").toString(), o.value("active").toBool() };
    if (type == u"presence")
        return PresenceEvent { AgentView::fromJson(o.value("agent").toObject()) };
    if (type == u"history") {
        HistoryEvent history { o.value("conversationId").toString(), {},
            o.value("hasMore").toBool() };
        for (const QJsonValue &item : o.value("messages").toArray()) {
            MessageView message = MessageView::fromJson(item.toObject());
            if (message.conversationId.isEmpty())
                message.conversationId = history.conversationId;
            history.messages.append(message);
        }
        return history;
    }
    if (type == u"auth.ok")
        return AuthOkEvent { o.value("sessionToken").toString(),
            AgentView::fromJson(o.value("agent").toObject()), o.value("serverVersion").toString() };
    if (type == u"agent.snapshot")
        return SnapshotEvent { listOf<ConversationView>(o.value("queue")),
            listOf<ConversationView>(o.value("mine")), listOf<AgentView>(o.value("agents")),
            listOf<ConversationView>(o.value("offline")),
            listOf<DepartmentView>(o.value("departments")) };
    if (type == u"canned") {
        CannedEvent canned;
        for (const QJsonValue &item : o.value("items").toArray())
            canned.items.append(CannedResponse::fromJson(item.toObject()));
        return canned;
    }
    if (type == u"search.results") {
        SearchResultsEvent results;
        for (const QJsonValue &item : o.value("results").toArray())
            results.results.append(SearchHit::fromJson(item.toObject()));
        return results;
    }
    if (type == u"visitor.conversations")
        return VisitorConversationsEvent { o.value("visitorId").toString(),
            listOf<ConversationView>(o.value("conversations")) };
    if (type == u"error")
        return ErrorEvent { o.value("code").toString(), o.value("message").toString(),
            o.value("field").toString() };
    if (type == u"pong")
        return PongEvent {};
    if (type == u"metrics.snapshot" || type == u"metrics.update")
        return MetricsEvent { Metrics::Live::fromJson(o), type == u"metrics.snapshot" };
    return OtherEvent { type };
}
} // namespace

QString Incoming::errorCode() const
{
    const auto *error = as<ErrorEvent>();
    return error ? error->code : QString();
}

Incoming decodeIncoming(const QJsonObject &object)
{
    return Incoming { object.value("rid").toString(),
        decodeEvent(object.value("type").toString(), object) };
}
