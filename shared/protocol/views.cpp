#include "views.h"

#include <QJsonArray>

namespace {
QJsonValue timeOrNull(qint64 ms)
{
    return ms > 0 ? QJsonValue(ms) : QJsonValue(QJsonValue::Null);
}

PageInfo pageFromJson(const QJsonObject &o)
{
    return PageInfo{o.value("url").toString(), o.value("title").toString(),
                    o.value("referrer").toString()};
}
} // namespace

QJsonObject VisitorView::toJson() const
{
    return QJsonObject{{"id", id},
                       {"name", name},
                       {"email", email},
                       {"page", page.toJson()},
                       {"userAgent", userAgent},
                       {"language", language}};
}

VisitorView VisitorView::fromJson(const QJsonObject &o)
{
    return VisitorView{o.value("id").toString(),
                       o.value("name").toString(),
                       o.value("email").toString(),
                       pageFromJson(o.value("page").toObject()),
                       o.value("userAgent").toString(),
                       o.value("language").toString()};
}

QJsonObject ConversationView::toJson() const
{
    QJsonObject o{{"id", id},
                  {"siteId", siteId},
                  {"status", status},
                  {"visitor", visitor.toJson()},
                  {"createdAt", createdAt},
                  {"queuedAt", timeOrNull(queuedAt)},
                  {"assignedAt", timeOrNull(assignedAt)},
                  {"closedAt", timeOrNull(closedAt)},
                  {"lastSeq", lastSeq},
                  {"offline", offline}};
    o.insert("agent", agentId.isEmpty()
                     ? QJsonValue(QJsonValue::Null)
                     : QJsonValue(QJsonObject{{"id", agentId}, {"name", agentName}}));
    if (!rating.isEmpty())
        o.insert("rating", QJsonObject{{"value", rating}, {"comment", ratingComment}});
    if (status == u"queued") {
        o.insert("queuePosition", queuePosition);
        o.insert("estimatedWaitSeconds", estimatedWaitSeconds ? QJsonValue(*estimatedWaitSeconds)
                                                              : QJsonValue(QJsonValue::Null));
    }
    return o;
}

ConversationView ConversationView::fromJson(const QJsonObject &o)
{
    ConversationView c;
    c.id = o.value("id").toString();
    c.siteId = o.value("siteId").toString();
    c.status = o.value("status").toString();
    c.visitor = VisitorView::fromJson(o.value("visitor").toObject());
    const QJsonObject agent = o.value("agent").toObject();
    c.agentId = agent.value("id").toString();
    c.agentName = agent.value("name").toString();
    c.createdAt = o.value("createdAt").toInteger();
    c.queuedAt = o.value("queuedAt").toInteger();
    c.assignedAt = o.value("assignedAt").toInteger();
    c.closedAt = o.value("closedAt").toInteger();
    c.lastSeq = o.value("lastSeq").toInteger();
    c.offline = o.value("offline").toBool();
    const QJsonObject rating = o.value("rating").toObject();
    c.rating = rating.value("value").toString();
    c.ratingComment = rating.value("comment").toString();
    c.queuePosition = o.value("queuePosition").toInt();
    if (o.value("estimatedWaitSeconds").isDouble())
        c.estimatedWaitSeconds = o.value("estimatedWaitSeconds").toInteger();
    return c;
}

QJsonObject MessageView::toJson() const
{
    return QJsonObject{{"conversationId", conversationId},
                       {"seq", seq},
                       {"clientId", clientId},
                       {"author", QJsonObject{{"role", authorRole}, {"id", authorId}, {"name", authorName}}},
                       {"body", body},
                       {"at", at}};
}

MessageView MessageView::fromJson(const QJsonObject &o)
{
    const QJsonObject author = o.value("author").toObject();
    return MessageView{o.value("conversationId").toString(),
                       o.value("seq").toInteger(),
                       o.value("clientId").toString(),
                       author.value("role").toString(),
                       author.value("id").toString(),
                       author.value("name").toString(),
                       o.value("body").toString(),
                       o.value("at").toInteger()};
}

QJsonObject AgentView::toJson() const
{
    return QJsonObject{{"id", id},
                       {"name", name},
                       {"email", email},
                       {"role", role},
                       {"maxChats", maxChats},
                       {"status", status},
                       {"activeChats", activeChats},
                       {"lastSeenAt", lastSeenAt}};
}

AgentView AgentView::fromJson(const QJsonObject &o)
{
    AgentView a;
    a.id = o.value("id").toString();
    a.name = o.value("name").toString();
    a.email = o.value("email").toString();
    a.role = o.value("role").toString();
    a.maxChats = o.value("maxChats").toInt(3);
    a.status = o.value("status").toString(QStringLiteral("offline"));
    a.activeChats = o.value("activeChats").toInt();
    a.lastSeenAt = o.value("lastSeenAt").toInteger();
    return a;
}
