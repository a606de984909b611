#pragma once

#include <protocol/metricsreport.h>
#include <protocol/views.h>

#include <QJsonObject>
#include <QList>
#include <QString>
#include <variant>

// Everything the server sends to /ws/agent (docs/protocol.md), decoded once at the edge into
// C++ types. Unknown types decode to OtherEvent and are ignored by the desk.

struct AuthOkEvent
{
    QString sessionToken;
    AgentView agent;
    QString serverVersion;
};
struct SnapshotEvent
{
    QList<ConversationView> queue;
    QList<ConversationView> mine;
    QList<AgentView> agents;
    QList<ConversationView> offline; // offline messages not done yet, newest first
    QList<DepartmentView> departments; // of every site
};
struct ConversationUpdatedEvent
{
    ConversationView conversation;
    QString note;
};
struct MessageEvent
{
    MessageView message;
};
struct MessageAckEvent
{
    QString conversationId;
    QString clientId;
    qint64 seq = 0;
    qint64 at = 0;
    bool duplicate = false;
};
struct TypingEvent
{
    QString conversationId;
    QString role;
    QString name;
    bool active = false;
};
struct PresenceEvent
{
    AgentView agent;
};
struct HistoryEvent
{
    QString conversationId;
    QList<MessageView> messages;
    bool hasMore = false;
};
struct CannedEvent
{
    QList<CannedResponse> items;
};
struct SearchResultsEvent
{
    QList<SearchHit> results;
};
struct VisitorConversationsEvent
{
    QString visitorId;
    QList<ConversationView> conversations;
};
struct ErrorEvent
{
    QString code;
    QString message;
    QString field;
};
struct PongEvent
{
};
/// @brief metrics.snapshot (@c snapshot true) or metrics.update: admins only.
struct MetricsEvent
{
    Metrics::Live metrics;
    bool snapshot = false;
};
struct OtherEvent
{
    QString type;
};

using IncomingEvent = std::variant<AuthOkEvent, SnapshotEvent, ConversationUpdatedEvent,
    MessageEvent, MessageAckEvent, TypingEvent, PresenceEvent, HistoryEvent, CannedEvent,
    SearchResultsEvent, VisitorConversationsEvent, ErrorEvent, PongEvent, MetricsEvent, OtherEvent>;

/// @brief One decoded server message and the rid of the request it answers, if any.
struct Incoming
{
    QString rid;
    IncomingEvent event;

    template <class T> const T *as() const { return std::get_if<T>(&event); }
    /// The error code when this is an error reply, else empty.
    QString errorCode() const;
};

/// Decodes one server message; fields follow docs/protocol.md, missing ones take defaults.
Incoming decodeIncoming(const QJsonObject &object);
