#include "serverevents.h"

#include "jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {
template <typename T> QJsonArray arrayOf(const QList<T> &items)
{
    QJsonArray array;
    for (const T &item : items)
        array.append(item.toJson());
    return array;
}

template <typename T> QList<T> listOf(const QJsonValue &value)
{
    QList<T> items;
    const QJsonArray array = value.toArray();
    items.reserve(array.size());
    for (const QJsonValue &item : array)
        items.append(T::fromJson(item.toObject()));
    return items;
}

QJsonArray visitorArrayOf(const QList<ConversationView> &conversations)
{
    QJsonArray array;
    for (const ConversationView &conversation : conversations)
        array.append(conversation.toVisitorJson());
    return array;
}

QString text(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

template <typename T> constexpr bool hasWireType = !std::is_same_v<T, OtherEvent>;

/// Tries each alternative of ServerEvent in turn; the one whose wire name is @p type decodes.
template <std::size_t I = 0> ServerEvent decodeAs(const QString &type, const QJsonObject &o)
{
    if constexpr (I == std::variant_size_v<ServerEvent>) {
        return OtherEvent { type };
    } else {
        using T = std::variant_alternative_t<I, ServerEvent>;
        if constexpr (std::is_same_v<T, MetricsEvent>) {
            if (type == QLatin1String(T::snapshotType))
                return MetricsEvent { Metrics::Live::fromJson(o), true };
        }
        if constexpr (hasWireType<T>) {
            if (type == QLatin1String(T::type))
                return T::fromJson(o);
        }
        return decodeAs<I + 1>(type, o);
    }
}
} // namespace

QJsonObject WelcomeEvent::toJson() const
{
    return QJsonObject { { "visitorId", visitorId }, { "visitorToken", visitorToken },
        { "site", site.toJson() }, { "agentsOnline", agentsOnline },
        { "conversations", visitorArrayOf(conversations) }, { "epoch", epoch } };
}

WelcomeEvent WelcomeEvent::fromJson(const QJsonObject &o)
{
    return { text(o, "visitorId"), text(o, "visitorToken"),
        WidgetConfig::fromJson(o.value("site").toObject()), o.value("agentsOnline").toBool(),
        listOf<ConversationView>(o.value("conversations")), text(o, "epoch") };
}

QJsonObject ConversationStartedEvent::toJson() const
{
    return QJsonObject { { "conversation", conversation.toVisitorJson() } };
}

ConversationStartedEvent ConversationStartedEvent::fromJson(const QJsonObject &o)
{
    return { ConversationView::fromJson(o.value("conversation").toObject()) };
}

QJsonObject ConversationUpdatedEvent::toJson() const
{
    if (forVisitor)
        return QJsonObject { { "conversation", conversation.toVisitorJson() } };
    QJsonObject o { { "conversation", conversation.toJson() } };
    if (!note.isEmpty())
        o.insert("note", note);
    return o;
}

ConversationUpdatedEvent ConversationUpdatedEvent::fromJson(const QJsonObject &o)
{
    return { ConversationView::fromJson(o.value("conversation").toObject()), text(o, "note"),
        false };
}

QJsonObject MessageEvent::toJson() const
{
    return message.toJson();
}

MessageEvent MessageEvent::fromJson(const QJsonObject &o)
{
    return { MessageView::fromJson(o) };
}

QJsonObject MessageAckEvent::toJson() const
{
    return QJsonObject { { "conversationId", conversationId }, { "clientId", clientId },
        { "seq", seq }, { "at", at }, { "duplicate", duplicate } };
}

MessageAckEvent MessageAckEvent::fromJson(const QJsonObject &o)
{
    return { text(o, "conversationId"), text(o, "clientId"), o.value("seq").toInteger(),
        o.value("at").toInteger(), o.value("duplicate").toBool() };
}

QJsonObject TypingEvent::toJson() const
{
    return QJsonObject { { "conversationId", conversationId }, { "role", wireName(role) },
        { "name", name }, { "active", active } };
}

TypingEvent TypingEvent::fromJson(const QJsonObject &o)
{
    return { text(o, "conversationId"), fromWireName(text(o, "role"), AuthorRole::Visitor),
        text(o, "name"), o.value("active").toBool() };
}

QJsonObject HistoryEvent::toJson() const
{
    return QJsonObject { { "conversationId", conversationId }, { "messages", arrayOf(messages) },
        { "hasMore", hasMore } };
}

HistoryEvent HistoryEvent::fromJson(const QJsonObject &o)
{
    HistoryEvent history { text(o, "conversationId"), listOf<MessageView>(o.value("messages")),
        o.value("hasMore").toBool() };
    for (MessageView &message : history.messages) {
        if (message.conversationId.isEmpty())
            message.conversationId = history.conversationId;
    }
    return history;
}

QJsonObject AuthOkEvent::toJson() const
{
    return QJsonObject { { "sessionToken", sessionToken }, { "agent", agent.toJson() },
        { "serverVersion", serverVersion }, { "epoch", epoch } };
}

AuthOkEvent AuthOkEvent::fromJson(const QJsonObject &o)
{
    return { text(o, "sessionToken"), AgentView::fromJson(o.value("agent").toObject()),
        text(o, "serverVersion"), text(o, "epoch") };
}

QJsonObject SnapshotEvent::toJson() const
{
    return QJsonObject { { "queue", arrayOf(queue) }, { "mine", arrayOf(mine) },
        { "agents", arrayOf(agents) }, { "offline", arrayOf(offline) },
        { "departments", arrayOf(departments) } };
}

SnapshotEvent SnapshotEvent::fromJson(const QJsonObject &o)
{
    return { listOf<ConversationView>(o.value("queue")), listOf<ConversationView>(o.value("mine")),
        listOf<AgentView>(o.value("agents")), listOf<ConversationView>(o.value("offline")),
        listOf<DepartmentView>(o.value("departments")) };
}

QJsonObject PresenceEvent::toJson() const
{
    return QJsonObject { { "agent", agent.toJson() } };
}

PresenceEvent PresenceEvent::fromJson(const QJsonObject &o)
{
    return { AgentView::fromJson(o.value("agent").toObject()) };
}

QJsonObject AvailabilityEvent::toJson() const
{
    return QJsonObject { { "agentsOnline", agentsOnline } };
}

AvailabilityEvent AvailabilityEvent::fromJson(const QJsonObject &o)
{
    return { o.value("agentsOnline").toBool() };
}

QJsonObject OfflineReceivedEvent::toJson() const
{
    return QJsonObject { { "conversationId", conversationId } };
}

OfflineReceivedEvent OfflineReceivedEvent::fromJson(const QJsonObject &o)
{
    return { text(o, "conversationId") };
}

QJsonObject VisitorUpdatedEvent::toJson() const
{
    return QJsonObject { { "visitor", visitor.toJson() } };
}

VisitorUpdatedEvent VisitorUpdatedEvent::fromJson(const QJsonObject &o)
{
    return { VisitorView::fromJson(o.value("visitor").toObject()) };
}

QJsonObject CannedEvent::toJson() const
{
    QJsonObject o { { "items", arrayOf(items) } };
    if (sharedOnly)
        o.insert("sharedOnly", true);
    return o;
}

CannedEvent CannedEvent::fromJson(const QJsonObject &o)
{
    return { listOf<CannedResponse>(o.value("items")), o.value("sharedOnly").toBool() };
}

QJsonObject SearchResultsEvent::toJson() const
{
    return QJsonObject { { "results", arrayOf(results) } };
}

SearchResultsEvent SearchResultsEvent::fromJson(const QJsonObject &o)
{
    return { listOf<SearchHit>(o.value("results")) };
}

QJsonObject VisitorConversationsEvent::toJson() const
{
    return QJsonObject { { "visitorId", visitorId }, { "conversations", arrayOf(conversations) } };
}

VisitorConversationsEvent VisitorConversationsEvent::fromJson(const QJsonObject &o)
{
    return { text(o, "visitorId"), listOf<ConversationView>(o.value("conversations")) };
}

QJsonObject ErrorEvent::toJson() const
{
    QJsonObject o = ProtocolError { code, message, field, {} }.toJson();
    if (retryAfterMs > 0)
        o.insert("retryAfterMs", retryAfterMs);
    return o;
}

ErrorEvent ErrorEvent::fromJson(const QJsonObject &o)
{
    return { errorCodeFromName(text(o, "code")).value_or(ErrorCode::Internal), text(o, "message"),
        text(o, "field"), o.value("retryAfterMs").toInteger() };
}

QString serverEventType(const ServerEvent &event)
{
    return std::visit(
        [](const auto &e) -> QString {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, MetricsEvent>)
                return QString::fromLatin1(e.snapshot ? T::snapshotType : T::type);
            else if constexpr (hasWireType<T>)
                return QString::fromLatin1(T::type);
            else
                return e.type;
        },
        event);
}

QJsonObject serverEventToJson(const ServerEvent &event, const QString &rid)
{
    QJsonObject o = std::visit(
        [](const auto &e) -> QJsonObject {
            if constexpr (requires { e.toJson(); })
                return e.toJson();
            else
                return {};
        },
        event);
    o.insert(QLatin1String("type"), serverEventType(event));
    if (!rid.isEmpty())
        o.insert(QLatin1String("rid"), rid);
    return o;
}

namespace {
void writeMessage(JsonWriter &json, const MessageView &m)
{
    json.key("conversationId").value(m.conversationId);
    json.key("seq").value(m.seq);
    json.key("clientId").value(m.clientId);
    json.key("author").beginObject();
    json.key("role").value(wireName(m.authorRole));
    json.key("id").value(m.authorId);
    json.key("name").value(m.authorName);
    json.endObject();
    json.key("body").value(m.body);
    json.key("at").value(m.at);
    if (m.internal)
        json.key("internal").value(true);
    if (const auto &file = m.file) {
        json.key("file").beginObject();
        json.key("id").value(file->id);
        json.key("name").value(file->name);
        json.key("size").value(file->size);
        json.key("type").value(file->type);
        json.key("image").value(file->image);
        if (file->image) {
            json.key("width").value(qint64(file->width));
            json.key("height").value(qint64(file->height));
        }
        json.endObject();
    }
}

void writeAck(JsonWriter &json, const MessageAckEvent &ack)
{
    json.key("conversationId").value(ack.conversationId);
    json.key("clientId").value(ack.clientId);
    json.key("seq").value(ack.seq);
    json.key("at").value(ack.at);
    json.key("duplicate").value(ack.duplicate);
}

/// The events of every chat message (the message itself and its acknowledgement) written
/// directly, without a QJsonObject in between; nothing for the others.
std::optional<QByteArray> encodeDirectly(const ServerEvent &event, const QString &rid)
{
    JsonWriter json;
    json.beginObject();
    if (const auto *message = std::get_if<MessageEvent>(&event))
        writeMessage(json, message->message);
    else if (const auto *ack = std::get_if<MessageAckEvent>(&event))
        writeAck(json, *ack);
    else
        return std::nullopt;
    json.key("type").value(serverEventType(event));
    if (!rid.isEmpty())
        json.key("rid").value(rid);
    json.endObject();
    return json.take();
}
} // namespace

QByteArray encodeServerEvent(const ServerEvent &event, const QString &rid)
{
    if (auto direct = encodeDirectly(event, rid))
        return std::move(*direct);
    return QJsonDocument(serverEventToJson(event, rid)).toJson(QJsonDocument::Compact);
}

std::optional<ErrorCode> ServerMessage::errorCode() const
{
    const auto *error = as<ErrorEvent>();
    return error ? std::optional(error->code) : std::nullopt;
}

ServerMessage decodeServerMessage(const QJsonObject &object)
{
    return { text(object, "rid"), decodeAs(text(object, "type"), object) };
}

OutgoingEvent::OutgoingEvent(ServerEvent event)
    : d(std::make_shared<Shared>(Shared { std::move(event), {}, {}, nullptr }))
{ }

const QByteArray &OutgoingEvent::frame() const
{
    if (d->frame.isEmpty())
        d->frame = encodeServerEvent(d->event);
    return d->frame;
}

const QByteArray &OutgoingEvent::wireFrame(Wrapping wrap) const
{
    Q_ASSERT(!d->wrappedBy || d->wrappedBy == wrap);
    if (d->wrappedBy != wrap) {
        d->wireFrame = wrap(frame());
        d->wrappedBy = wrap;
    }
    return d->wireFrame;
}
