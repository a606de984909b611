#pragma once

#include "metricsreport.h"
#include "protocolerror.h"
#include "views.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <memory>
#include <optional>
#include <variant>

// Every server → client message of chat.v1 (docs/protocol.md, "Server events" and the replies
// table), one struct each. The server encodes them and clients decode them with the same
// definitions: `toJson()` writes the fields without "type" and "rid", `fromJson()` reads them
// back, missing fields taking their defaults. `type` is the wire name.

/// Reply to hello: the visitor's identity, its site and its conversations (visitor form).
struct WelcomeEvent
{
    static constexpr char type[] = "welcome";
    QString visitorId;
    QString visitorToken;
    WidgetConfig site;
    bool agentsOnline = false;
    QList<ConversationView> conversations; // the open one first, then recent closed ones
    /// The database's epoch: a client compares it with the one it stored with its cursors; on
    /// another epoch `seq` numbers may repeat, so it drops its cursors and refetches.
    QString epoch;

    QJsonObject toJson() const;
    static WelcomeEvent fromJson(const QJsonObject &o);

    bool operator==(const WelcomeEvent &) const = default;
};

/// Reply to conversation.start, to the visitor (visitor form).
struct ConversationStartedEvent
{
    static constexpr char type[] = "conversation.started";
    ConversationView conversation;

    QJsonObject toJson() const;
    static ConversationStartedEvent fromJson(const QJsonObject &o);

    bool operator==(const ConversationStartedEvent &) const = default;
};

/// A conversation's new state. Agents get everything and a transfer's @c note; the visitor's
/// copy (@c forVisitor) never carries a note nor what only agents may read.
struct ConversationUpdatedEvent
{
    static constexpr char type[] = "conversation.updated";
    ConversationView conversation;
    QString note;
    bool forVisitor = false; // how it is encoded; not on the wire

    static ConversationUpdatedEvent toAgents(
        const ConversationView &conversation, const QString &note = {})
    {
        return { conversation, note, false };
    }
    static ConversationUpdatedEvent toVisitor(const ConversationView &conversation)
    {
        return { conversation, {}, true };
    }

    QJsonObject toJson() const;
    static ConversationUpdatedEvent fromJson(const QJsonObject &o);

    bool operator==(const ConversationUpdatedEvent &) const = default;
};

struct MessageEvent
{
    static constexpr char type[] = "message";
    MessageView message;

    QJsonObject toJson() const;
    static MessageEvent fromJson(const QJsonObject &o);

    bool operator==(const MessageEvent &) const = default;
};

/// Reply to message.send: stored with @c seq (or stored before, @c duplicate).
struct MessageAckEvent
{
    static constexpr char type[] = "message.ack";
    QString conversationId;
    QString clientId;
    qint64 seq = 0;
    qint64 at = 0;
    bool duplicate = false;

    QJsonObject toJson() const;
    static MessageAckEvent fromJson(const QJsonObject &o);

    bool operator==(const MessageAckEvent &) const = default;
};

struct TypingEvent
{
    static constexpr char type[] = "typing";
    QString conversationId;
    AuthorRole role = AuthorRole::Visitor;
    QString name;
    bool active = false;

    QJsonObject toJson() const;
    static TypingEvent fromJson(const QJsonObject &o);

    bool operator==(const TypingEvent &) const = default;
};

/// Reply to history.fetch: one page, oldest first.
struct HistoryEvent
{
    static constexpr char type[] = "history";
    QString conversationId;
    QList<MessageView> messages; // decoded with conversationId filled in
    bool hasMore = false;

    QJsonObject toJson() const;
    static HistoryEvent fromJson(const QJsonObject &o);

    bool operator==(const HistoryEvent &) const = default;
};

/// Reply to auth.login / auth.resume.
struct AuthOkEvent
{
    static constexpr char type[] = "auth.ok";
    QString sessionToken;
    AgentView agent;
    QString serverVersion = QStringLiteral(CHAT_VERSION);
    QString epoch; // the database's epoch, as in WelcomeEvent

    QJsonObject toJson() const;
    static AuthOkEvent fromJson(const QJsonObject &o);

    bool operator==(const AuthOkEvent &) const = default;
};

/// The agent's starting picture, sent right after auth.ok.
struct SnapshotEvent
{
    static constexpr char type[] = "agent.snapshot";
    QList<ConversationView> queue;
    QList<ConversationView> mine;
    QList<AgentView> agents;
    QList<ConversationView> offline; // offline messages not done yet, newest first
    QList<DepartmentView> departments; // of every site

    QJsonObject toJson() const;
    static SnapshotEvent fromJson(const QJsonObject &o);

    bool operator==(const SnapshotEvent &) const = default;
};

/// An agent's presence or load changed (also the reply to presence.set).
struct PresenceEvent
{
    static constexpr char type[] = "presence";
    AgentView agent;

    QJsonObject toJson() const;
    static PresenceEvent fromJson(const QJsonObject &o);

    bool operator==(const PresenceEvent &) const = default;
};

/// To visitors: whether any agent is online now.
struct AvailabilityEvent
{
    static constexpr char type[] = "availability";
    bool agentsOnline = false;

    QJsonObject toJson() const;
    static AvailabilityEvent fromJson(const QJsonObject &o);

    bool operator==(const AvailabilityEvent &) const = default;
};

/// Reply to offline.message.
struct OfflineReceivedEvent
{
    static constexpr char type[] = "offline.received";
    QString conversationId;

    QJsonObject toJson() const;
    static OfflineReceivedEvent fromJson(const QJsonObject &o);

    bool operator==(const OfflineReceivedEvent &) const = default;
};

/// Reply to visitor.update: the visitor's stored details.
struct VisitorUpdatedEvent
{
    static constexpr char type[] = "visitor.updated";
    VisitorView visitor;

    QJsonObject toJson() const;
    static VisitorUpdatedEvent fromJson(const QJsonObject &o);

    bool operator==(const VisitorUpdatedEvent &) const = default;
};

/// Reply to canned.list, canned.save and canned.delete: the responses the agent may use (the
/// shared ones and its own). Pushed after a change to a shared one with only the shared ones
/// (@c sharedOnly: the agent keeps its own).
struct CannedEvent
{
    static constexpr char type[] = "canned";
    QList<CannedResponse> items;
    bool sharedOnly = false;

    QJsonObject toJson() const;
    static CannedEvent fromJson(const QJsonObject &o);

    bool operator==(const CannedEvent &) const = default;
};

struct SearchResultsEvent
{
    static constexpr char type[] = "search.results";
    QList<SearchHit> results;

    QJsonObject toJson() const;
    static SearchResultsEvent fromJson(const QJsonObject &o);

    bool operator==(const SearchResultsEvent &) const = default;
};

/// Reply to visitor.conversations: a visitor's earlier conversations, newest first.
struct VisitorConversationsEvent
{
    static constexpr char type[] = "visitor.conversations";
    QString visitorId;
    QList<ConversationView> conversations;

    QJsonObject toJson() const;
    static VisitorConversationsEvent fromJson(const QJsonObject &o);

    bool operator==(const VisitorConversationsEvent &) const = default;
};

/// A request failed: nothing of it was carried out.
struct ErrorEvent
{
    static constexpr char type[] = "error";
    ErrorCode code = ErrorCode::Internal;
    QString message;
    QString field; // the request's field to blame, if any
    qint64 retryAfterMs = 0; // rate_limited: when the request may be sent again; 0 = not said

    static ErrorEvent from(const ProtocolError &error)
    {
        return { error.code, error.message, error.field };
    }
    QJsonObject toJson() const;
    static ErrorEvent fromJson(const QJsonObject &o);

    bool operator==(const ErrorEvent &) const = default;
};

struct PongEvent
{
    static constexpr char type[] = "pong";

    QJsonObject toJson() const { return {}; }
    static PongEvent fromJson(const QJsonObject &) { return {}; }

    bool operator==(const PongEvent &) const = default;
};

/// To admins: metrics.snapshot (@c snapshot, on sign-in) or metrics.update, the whole picture.
struct MetricsEvent
{
    static constexpr char type[] = "metrics.update";
    static constexpr char snapshotType[] = "metrics.snapshot";
    Metrics::Live metrics;
    bool snapshot = false;

    QJsonObject toJson() const { return metrics.toJson(); }
    static MetricsEvent fromJson(const QJsonObject &o)
    {
        return { Metrics::Live::fromJson(o), false };
    }

    bool operator==(const MetricsEvent &) const = default;
};

/// Reply to auth.logout: the session is over; the server then closes the connection (4001).
struct AuthLoggedOutEvent
{
    static constexpr char type[] = "auth.logged_out";

    QJsonObject toJson() const { return {}; }
    static AuthLoggedOutEvent fromJson(const QJsonObject &) { return {}; }

    bool operator==(const AuthLoggedOutEvent &) const = default;
};

/// A type this version does not know (a newer server); clients ignore it.
struct OtherEvent
{
    QString type;

    bool operator==(const OtherEvent &) const = default;
};

using ServerEvent = std::variant<WelcomeEvent, ConversationStartedEvent, ConversationUpdatedEvent,
    MessageEvent, MessageAckEvent, TypingEvent, HistoryEvent, AuthOkEvent, SnapshotEvent,
    PresenceEvent, AvailabilityEvent, OfflineReceivedEvent, VisitorUpdatedEvent, CannedEvent,
    SearchResultsEvent, VisitorConversationsEvent, ErrorEvent, PongEvent, MetricsEvent,
    AuthLoggedOutEvent, OtherEvent>;

/// The wire name of @p event.
QString serverEventType(const ServerEvent &event);
/// The whole message as JSON: the event's fields, its "type" and the @p rid it answers, if any.
QJsonObject serverEventToJson(const ServerEvent &event, const QString &rid = {});
/// Compact UTF-8 JSON of serverEventToJson().
QByteArray encodeServerEvent(const ServerEvent &event, const QString &rid = {});

/// @brief One decoded server message and the rid of the request it answers, if any.
struct ServerMessage
{
    QString rid;
    ServerEvent event = OtherEvent {};

    template <class T> const T *as() const { return std::get_if<T>(&event); }
    /// The error code when this is an error reply.
    std::optional<ErrorCode> errorCode() const;
};

/// Decodes one server message; an unknown type decodes to OtherEvent.
ServerMessage decodeServerMessage(const QJsonObject &object);

/// @brief A server event on its way to one or many recipients, encoded at most once.
///
/// The core hands typed events to Delivery; only the transport asks for bytes, and every
/// recipient of the same event shares one encoding, and one wire frame. Copies share the event;
/// not thread-safe.
class OutgoingEvent
{
public:
    OutgoingEvent(ServerEvent event);
    /// From one event struct, e.g. `OutgoingEvent(MessageEvent { message })`.
    template <class Event>
    requires(!std::is_same_v<std::decay_t<Event>,
                 OutgoingEvent> && !std::is_same_v<std::decay_t<Event>, ServerEvent>)
        OutgoingEvent(Event &&event)
        : OutgoingEvent(ServerEvent(std::forward<Event>(event)))
    { }

    const ServerEvent &event() const { return d->event; }
    template <class T> const T *as() const { return std::get_if<T>(&d->event); }
    /// The event as a frame without a rid, encoded on first use.
    const QByteArray &frame() const;
    /// How a transport wraps frame() for the wire (e.g. as a WebSocket text frame).
    using Wrapping = QByteArray (*)(const QByteArray &frame);
    /// frame() wrapped by @p wrap, made on first use and shared by every recipient: a server's
    /// frames are the same bytes for every peer, so a fan-out encodes and frames once. One
    /// wrapping per event (a process has one wire framing).
    const QByteArray &wireFrame(Wrapping wrap) const;

private:
    struct Shared
    {
        ServerEvent event;
        QByteArray frame;
        QByteArray wireFrame;
        Wrapping wrappedBy = nullptr;
    };
    std::shared_ptr<Shared> d;
};
