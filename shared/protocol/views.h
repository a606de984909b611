#pragma once

#include "clientmessages.h"
#include "vocabulary.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

// The shared objects of chat.v1 (docs/protocol.md, "Shared objects"). The server uses them as
// its records of conversations, visitors, messages and agents; clients decode them from events.

/// @brief A page a visitor opened, and when.
struct PageVisit
{
    QString url;
    QString title;
    qint64 at = 0;

    bool operator==(const PageVisit &) const = default;
};

/// @brief What agents learn about a visitor.
struct VisitorView
{
    static constexpr int maxPages = 20;

    QString id;
    QString name;
    QString email;
    PageInfo page;
    QString userAgent;
    QString language;
    QString timeZone;
    QList<PageVisit> pages; // newest last, at most maxPages
    /// The site vouched for this visitor's id and email with a valid identity signature.
    bool verified = false;

    /// Makes @p page the current page and appends it to the pages visited.
    void visit(const PageInfo &page, qint64 at);

    QJsonObject toJson() const;
    static VisitorView fromJson(const QJsonObject &o);

    bool operator==(const VisitorView &) const = default;
};

struct MessageView;

/// @brief The newest thing a visitor wrote in a conversation, cut short: what a queue entry
/// shows instead of the messages themselves (docs/protocol.md, "Conversation").
///
/// Only ever made from a visitor's message, which visitors can read: never an internal note,
/// an agent's or a system line.
struct MessagePreview
{
    /// At most this many characters (code points) of the message are kept.
    static constexpr qsizetype maxChars = 140;

    qint64 seq = 0;
    qint64 at = 0;
    QString text;
    bool truncated = false; // the message goes on after text

    /// The preview of @p message if it is a visitor's message, else nothing.
    static std::optional<MessagePreview> of(const MessageView &message);

    QJsonObject toJson() const;
    /// Nothing unless @p value is an object with a text.
    static std::optional<MessagePreview> fromJson(const QJsonValue &value);

    bool operator==(const MessagePreview &) const = default;
};

/// @brief A conversation's state: who takes part and where it is in its life.
struct ConversationView
{
    QString id;
    QString siteId;
    ConversationStatus status = ConversationStatus::Queued;
    VisitorView visitor;
    QString agentId;
    QString agentName;
    QString departmentId;
    QString departmentName;
    qint64 createdAt = 0;
    qint64 queuedAt = 0;
    qint64 assignedAt = 0; // 0 = never
    qint64 closedAt = 0; // 0 = open
    qint64 lastSeq = 0;
    bool offline = false;
    Rating rating = Rating::None;
    QString ratingComment;
    // Offline messages only: the agents' inbox state and who claimed it.
    OfflineState offlineState = OfflineState::None;
    QString claimedById;
    QString claimedByName;
    // Only meaningful while queued; filled in by the router when it sends the view.
    int queuePosition = 0;
    std::optional<qint64> estimatedWaitSeconds;
    /// Agents only: the visitor's newest message, kept by the router while the conversation is
    /// open (not stored: read back from the newest messages after a restart).
    std::optional<MessagePreview> preview;
    /// The server's only, never on the wire: counts the stored state's changes, so a server
    /// that hears of changes late (another node's) keeps the newest.
    qint64 revision = 0;

    bool isOpen() const { return status != ConversationStatus::Closed; }
    /// An offline message an agent still has to deal with (the agents' offline inbox).
    bool isInOfflineInbox() const { return offline && offlineState != OfflineState::Done; }
    /// As agents see it: everything.
    QJsonObject toJson() const;
    /// As its visitor sees it: without what only agents may read (the offline inbox state).
    QJsonObject toVisitorJson() const;
    static ConversationView fromJson(const QJsonObject &o);

    bool operator==(const ConversationView &) const = default;
};

/// @brief A file attached to a message (docs/protocol.md, "Attachments"): what clients show,
/// never where it is stored.
struct FileView
{
    QString id;
    QString name;
    qint64 size = 0;
    QString type; // the media type the server found in its bytes
    bool image = false; // has a thumbnail and is shown inline
    int width = 0; // images only
    int height = 0;

    QJsonObject toJson() const;
    static FileView fromJson(const QJsonObject &o);

    bool operator==(const FileView &) const = default;
};

/// @brief One stored message of a conversation.
struct MessageView
{
    QString conversationId;
    qint64 seq = 0;
    QString clientId;
    AuthorRole authorRole = AuthorRole::Visitor;
    QString authorId;
    QString authorName;
    QString body;
    qint64 at = 0;
    bool internal = false; // an agents-only note
    std::optional<FileView> file {}; // an attachment; body is then its caption (may be empty)

    /// Without "type": as inside a history page.
    QJsonObject toJson() const;
    static MessageView fromJson(const QJsonObject &o);

    bool operator==(const MessageView &) const = default;
};

/// @brief An agent as the team sees it: profile, presence and load.
struct AgentView
{
    QString id;
    QString name;
    QString email;
    AgentRole role = AgentRole::Agent;
    int maxChats = 3;
    Presence status = Presence::Offline;
    int activeChats = 0;
    qint64 lastSeenAt = 0;
    QStringList departments; // department ids; empty = takes any conversation

    bool isAdmin() const { return role == AgentRole::Admin; }
    QJsonObject toJson() const;
    static AgentView fromJson(const QJsonObject &o);

    bool operator==(const AgentView &) const = default;
};

/// @brief One hit of a message search (search.results).
struct SearchHit
{
    QString conversationId;
    qint64 seq = 0;
    QString snippet;
    qint64 at = 0;
    QString visitorName;
    ConversationStatus status = ConversationStatus::Queued;
    QString visitorEmail;

    QJsonObject toJson() const;
    static SearchHit fromJson(const QJsonObject &o);

    bool operator==(const SearchHit &) const = default;
};

/// @brief A department of a site (Sales, Support, …) that conversations can be routed to.
struct DepartmentView
{
    QString id;
    QString siteId;
    QString name;

    QJsonObject toJson() const;
    static DepartmentView fromJson(const QJsonObject &o);

    bool operator==(const DepartmentView &) const = default;
};

/// @brief A snippet agents insert with /shortcut (canned.list): shared with the team, or the
/// receiving agent's own (@c personal).
struct CannedResponse
{
    QString id;
    QString shortcut;
    QString title;
    QString body;
    bool personal = false;

    QJsonObject toJson() const;
    static CannedResponse fromJson(const QJsonObject &o);

    bool operator==(const CannedResponse &) const = default;
};

/// @brief How far the widget's launcher (and its open card on a wide screen) keeps from its
/// corner, in pixels beyond the standard 20: room for a page's own bottom bar or side button.
struct LauncherOffset
{
    static constexpr int maximum = 400;
    int bottom = 0;
    int side = 0;

    QJsonObject toJson() const;
    /// Missing or out-of-range values are brought into 0–maximum.
    static LauncherOffset fromJson(const QJsonObject &o);

    bool operator==(const LauncherOffset &) const = default;
};

/// @brief What the widget needs to draw itself for a site: names, texts, colours, forms.
struct WidgetConfig
{
    QString siteId;
    QString name;
    QList<DepartmentView> departments; // id and name only
    QString title;
    QString greeting;
    QString color;
    QString position; // left | right
    bool preChatForm = false;
    bool offlineForm = true;
    QString language; // one of languages(), forced on every visitor; empty: each visitor's own
    LauncherOffset launcherOffset;
    bool emojiShortcuts = false; // ":)" becomes 🙂 when the visitor sends

    QJsonObject toJson() const;
    static WidgetConfig fromJson(const QJsonObject &o);
    /// @brief The language codes the widget ships (widget/src/lang/ and English), in the order
    /// they are listed to admins.
    static const QStringList &languages();

    bool operator==(const WidgetConfig &) const = default;
};
