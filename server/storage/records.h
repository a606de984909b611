#pragma once

#include "eventtype.h"

#include <protocol/views.h>

#include <QJsonObject>
#include <QStringList>
#include <optional>

// Plain records that cross the storage boundary. The shared protocol views (ConversationView,
// MessageView, AgentView, VisitorView) are used as-is where they already say everything.

using Department = DepartmentView;

/// @brief Whether a site verifies its logged-in users: off (signatures ignored), optional
/// (verified users are recognised, anonymous visitors welcome) or required (no anonymous ones).
enum class IdentityMode { Off, Optional, Required };
QString identityModeName(IdentityMode mode);
std::optional<IdentityMode> identityModeFromName(QStringView name);

/// @brief A website that embeds the widget, with its appearance and allowed origins.
struct Site
{
    QString id;
    QString siteKey;
    QString name;
    QStringList origins;
    QJsonObject config; // title, greeting, color, position, preChatForm, offlineForm, language,
                        // launcherOffset, emojiShortcuts
    bool disabled = false;
    qint64 createdAt = 0;
    QList<Department> departments;
    /// The key its backend signs user identities with; stored as is (the HMAC needs it).
    QString identitySecret;
    IdentityMode identityMode = IdentityMode::Off;

    /// The configuration as the widget receives it, with defaults filled in.
    WidgetConfig widgetConfig() const;
};

/// @brief A canned response as stored: shared with the team (no owner) or one agent's own.
struct CannedRecord
{
    CannedResponse response; // response.personal follows ownerId
    QString ownerId; // empty: shared

    bool isShared() const { return ownerId.isEmpty(); }
};

/// @brief An agent's account: its public view plus what only the server may see.
struct AgentAccount
{
    AgentView profile;
    QString passwordHash;
    bool disabled = false;
};

/// @brief A visitor row; the token itself is never stored, only its hash.
struct VisitorRecord
{
    VisitorView view;
    QString siteId;
    QString tokenHash;
    qint64 createdAt = 0;
    qint64 lastSeenAt = 0;
    /// The site's own id of a verified user (view.verified); empty for an anonymous visitor.
    QString userId;
};

/// @brief One entry of the append-only events log.
struct ConversationEvent
{
    QString conversationId;
    EventType type = EventType::Created;
    QString agentId;
    QJsonObject payload;
    qint64 at = 0;
};

/// @brief A message to store once per (conversation, clientId).
struct AppendRequest
{
    MessageView message; // seq is assigned by the store
    /// When set, the message is stored only if it is a resend of one already stored
    /// (the conversation is no longer open in memory).
    bool onlyIfDuplicate = false;
    /// Offline messages are stored into a conversation that is created closed.
    bool allowClosed = false;
};

/// FileMissing: a message names a file not uploaded into its conversation.
enum class StoreStatus { Ok, NotFound, Closed, Conflict, FileMissing, Failed };

/// @brief One upload into a conversation, as stored: what clients see (view) and what only the
/// server uses (where the bytes are, who sent them).
struct FileRecord
{
    FileView view;
    QString conversationId;
    QString sha256; // hex; names the bytes in the files folder
    AuthorRole uploaderRole = AuthorRole::Visitor;
    QString uploaderId;
    qint64 createdAt = 0;
    /// Some message that is not an internal note carries it (its visitor may see it).
    bool onVisibleMessage = false;
};

struct FileSaveResult
{
    /// NotFound: no such conversation; Closed: it is closed; Conflict: it holds as many files
    /// as it may.
    StoreStatus status = StoreStatus::Failed;
    FileRecord file; // as stored: an earlier upload of the same bytes and name, or this one
};

struct AppendResult
{
    StoreStatus status = StoreStatus::Failed;
    MessageView message; // as stored, with its seq and time
    bool duplicate = false;
};

struct HistoryQuery
{
    QString conversationId;
    std::optional<qint64> afterSeq;
    std::optional<qint64> beforeSeq;
    int limit = 50;
    bool includeInternal = false; // agents see internal notes, visitors never
};

struct HistoryPage
{
    bool found = false;
    QList<MessageView> messages;
    bool hasMore = false;
};

/// @brief A conversation's new state with its events, stored only if the stored state is still
/// the one it was decided from. Nodes sharing one database decide from their own view of it; the
/// database keeps the first change and refuses the others (StoreStatus::Conflict).
struct ConversationChange
{
    ConversationView conversation; // the new state
    QList<ConversationEvent> events;
    /// The status it was decided from; none: a new conversation (nothing to compare).
    std::optional<ConversationStatus> expectedStatus;
    /// While that status is `assigned`: the agent it had.
    QString expectedAgentId;
    /// An automatic assignment: its agent must still have room (fewer conversations assigned
    /// than its max_chats, counted under a lock on the agent's row).
    bool withinCapacity = false;
    /// Messages stored with the change, in the same transaction, only if it is stored: the
    /// server's line in the timeline ("Grace joined the chat"), a transfer's note.
    QList<AppendRequest> lines = {};
};

/// @brief What became of a ConversationChange: Ok (stored as @p revision), Conflict or Failed.
struct ConversationChangeResult
{
    StoreStatus status = StoreStatus::Failed;
    qint64 revision = 0;
    QList<MessageView> lines = {}; // the change's lines as stored (with their seq)
};

/// @brief A change of an offline message's inbox state, checked and stored in one step, so two
/// agents cannot both claim one.
struct OfflineChange
{
    QString conversationId;
    QString agentId;
    bool admin = false; // may act on another agent's claim
    OfflineState state = OfflineState::Claimed; // Claimed or Done
    qint64 at = 0;
};

struct OfflineChangeResult
{
    /// NotFound: no such offline message; Conflict: another agent's claim, or claiming one done.
    StoreStatus status = StoreStatus::Failed;
    ConversationView conversation; // as stored after the change, or as found when refused
    ConversationEvent event; // the offline_claimed / offline_done event logged
};
