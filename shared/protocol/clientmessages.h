#pragma once

#include "vocabulary.h"

#include "protocolerror.h"

#include <QJsonObject>
#include <QString>
#include <optional>
#include <variant>

/// @brief Where a visitor is: sent by the widget, shown to agents.
struct PageInfo
{
    QString url;
    QString title;
    QString referrer;

    QJsonObject toJson() const;
    bool isEmpty() const { return url.isEmpty() && title.isEmpty() && referrer.isEmpty(); }

    bool operator==(const PageInfo &) const = default;
};

/// @brief A logged-in user of the site as its backend vouches for it: `signature` is the
/// lowercase hex HMAC-SHA256, keyed with the site's identity secret, of
/// "<userId>\n<email>\n<expires>" (docs/identity.md).
struct IdentityClaim
{
    QString userId;
    QString email; // may be empty
    qint64 expires = 0; // Unix seconds
    QString signature;

    bool operator==(const IdentityClaim &) const = default;
};

// One struct per client → server message of chat.v1 (docs/protocol.md).
struct Hello
{
    QString siteKey;
    QString visitorToken;
    QString name;
    QString email;
    PageInfo page;
    QString userAgent;
    QString language;
    QString timeZone;
    std::optional<IdentityClaim> identity;
};
struct ConversationStart
{
    QString name;
    QString email;
    QString departmentId;
};
struct MessageSend
{
    QString conversationId;
    QString clientId;
    QString body; // with a file: its caption, may be empty
    bool internal = false; // agents only: a note never shown to the visitor
    QString fileId {}; // an uploaded file to attach (docs/protocol.md, "Attachments")
};
struct Typing
{
    QString conversationId;
    bool active = false;
};
struct HistoryFetch
{
    QString conversationId;
    std::optional<qint64> afterSeq;
    std::optional<qint64> beforeSeq;
    int limit = 50;
};
struct ConversationClose
{
    QString conversationId;
};
struct Ping
{
};
struct OfflineMessage
{
    QString name;
    QString email;
    QString body;
};
struct ConversationRate
{
    QString conversationId;
    Rating rating = Rating::Good;
    QString comment;
};
struct VisitorPage
{
    PageInfo page;
};
struct AuthLogin
{
    QString email;
    QString password;
};
struct AuthResume
{
    QString sessionToken;
};
/// A signed-in agent ends its session: every token of it is refused from then on.
struct AuthLogout
{
};
struct PresenceSet
{
    Presence status = Presence::Online;
};
struct QueueAccept
{
    QString conversationId;
};
struct ConversationTransfer
{
    QString conversationId;
    QString toAgentId; // exactly one of toAgentId
    QString toDepartmentId; // and toDepartmentId
    QString note;
};
struct ConversationReopen
{
    QString conversationId;
};
struct CannedList
{
};
struct CannedSave
{
    QString id; // empty: create
    QString shortcut;
    QString title;
    QString body;
    bool personal = false; // on create: the sender's own, not shared with the team
};
struct CannedDelete
{
    QString id;
};
struct VisitorConversations
{
    QString visitorId;
};
struct Search
{
    QString query;
    int limit = 20;
};
/// A visitor corrects or adds its name or email (both optional, at least one).
struct VisitorUpdate
{
    QString name;
    QString email;
};
/// An agent takes an offline message from the team's inbox.
struct OfflineClaim
{
    QString conversationId;
};
/// An agent marks an offline message as dealt with.
struct OfflineDone
{
    QString conversationId;
};

using ClientMessage
    = std::variant<Hello, ConversationStart, MessageSend, Typing, HistoryFetch, ConversationClose,
        Ping, OfflineMessage, ConversationRate, VisitorPage, AuthLogin, AuthResume, PresenceSet,
        QueueAccept, ConversationTransfer, ConversationReopen, CannedList, CannedSave, CannedDelete,
        VisitorConversations, Search, VisitorUpdate, OfflineClaim, OfflineDone, AuthLogout>;

/// @brief A decoded request and its optional request id (echoed in the reply).
struct ClientRequest
{
    QString rid;
    ClientMessage message;
};

/// Decodes one text frame strictly. On failure the error carries the rid when it was readable.
std::variant<ClientRequest, ProtocolError> decodeClientMessage(const QByteArray &frame);

/// Encodes a request as a client sends it (used by the agent app and tests).
QJsonObject encodeClientMessage(const ClientMessage &message, const QString &rid = {});

/// The wire name of a message, e.g. "message.send".
QString clientMessageType(const ClientMessage &message);
