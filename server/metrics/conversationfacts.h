#pragma once

#include <storage/records.h>

#include <QList>
#include <QString>
#include <algorithm>
#include <optional>

/// How a conversation turned out so far; exactly one applies (docs/metrics.md, "Outcomes").
enum class Outcome {
    Waiting, // open, never assigned, not closed (a visitor in its grace period still waits)
    Assigned, // open, assigned at least once, no agent reply yet
    Answered, // an agent replied before the first close
    Abandoned, // closed, never assigned: the visitor closed it while queued, or left for good
    Missed, // closed with no agent reply, not abandoned
    Offline, // an offline message, not a chat
};
QString outcomeName(Outcome outcome);

/// @brief The first agent reply after a reopen, and who wrote it.
struct ReopenResponse
{
    qint64 ms = 0;
    QString agentId;

    bool operator==(const ReopenResponse &) const = default;
};

/// @brief What applying one event completed: the samples a live view observes at that moment.
struct FactChange
{
    std::optional<qint64> queueWaitMs; // the first assignment ended the queue wait
    std::optional<qint64> firstResponseMs; // a first reply of the start or of a reopen
    std::optional<qint64> responseMs; // a reply to a visitor message that waited
    bool created = false;
    bool firstClose = false; // outcome, handling and resolution time are final now
    bool reopened = false;
    bool transferred = false;
    Rating rating = Rating::None; // a rating was given
};

/// @brief Everything the metrics need to know about one conversation, folded from its events.
///
/// The single definition behind every number: the store keeps one row per conversation folded
/// as its events commit, the live feed folds the same events in memory, and the report, the CSV
/// export and /metrics read only these rows. Times are ms since the epoch, 0 = not (yet).
struct ConversationFacts
{
    /// Bump when apply() changes meaning: stored rows are then folded again from the events log.
    static constexpr int version = 2;

    QString conversationId;
    QString siteId;
    QString departmentId; // the current department (a transfer to a department moves it)
    QString agentId; // handling agent: the last one assigned before the first close
    bool offline = false;

    qint64 createdAt = 0;
    qint64 queuedAt = 0;
    qint64 firstAssignedAt = 0;
    qint64 firstResponseAt = 0; // first agent reply (no notes) before the first close
    QString firstResponderId;
    qint64 abandonedAt = 0; // set at the first close of an abandoned conversation
    qint64 closedAt = 0; // the first close
    QString closedBy; // visitor | agent | server

    int transfers = 0;
    int requeues = 0;
    int reopens = 0;
    int visitorMessages = 0;
    int agentMessages = 0; // replies, notes excluded
    int internalNotes = 0;
    Rating rating = Rating::None; // the last rating given
    QList<qint64> responseTimes; // ms, each waiting visitor message → next reply
    QList<ReopenResponse> reopenResponses; // ms, each reopen → next reply

    // State of the fold, needed to apply the next event.
    bool open = false;
    qint64 segmentStart = 0; // created, or the last reopen
    bool segmentAnswered = false; // an agent replied since segmentStart
    qint64 unansweredSince = 0; // first visitor message not replied to yet (after a reply)
    qint64 inQueueSince = 0; // in the queue now, since then (0 = not queued)
    qint64 visitorLeftAt = 0; // `visitor_left` while waiting for the first assignment
    QString currentAgentId; // assigned now

    bool operator==(const ConversationFacts &) const = default;

    /// Folds the next event of this conversation (events must come in log order).
    FactChange apply(const ConversationEvent &event);

    Outcome outcome() const;
    /// Waiting for the first assignment now (counts in queue wait with its wait so far).
    bool stillWaiting() const { return outcome() == Outcome::Waiting && queuedAt > 0; }
    /// queued → first assigned; for a conversation still waiting, its wait so far at @p asOf.
    std::optional<qint64> queueWaitMs(qint64 asOf) const;
    /// created → first agent reply.
    std::optional<qint64> firstResponseMs() const;
    /// first assigned → first close.
    std::optional<qint64> handlingMs() const;
    /// created → first close.
    std::optional<qint64> resolutionMs() const;
    /// queued → the visitor left for good or closed, for abandoned conversations.
    std::optional<qint64> abandonedWaitMs() const;
    /// Answered within @p thresholdMs of the start; nothing while still undecided at @p asOf.
    std::optional<bool> serviceLevelMet(qint64 asOf, qint64 thresholdMs) const;
};

/// @brief Who and what a fact row refers to, by name, for people reading an export.
///
/// Read from the visitors, agents, departments and sites tables as they are now (a renamed
/// department shows its new name). Empty when the row refers to nothing or it is gone.
struct ConversationNames
{
    QString visitorName;
    QString visitorEmail; // admins read exports: the email is theirs to see
    QString siteName;
    QString departmentName;
    QString agentName; // the handling agent
};

// The definitions are inline: every report evaluates them once per conversation.

inline Outcome ConversationFacts::outcome() const
{
    if (offline)
        return Outcome::Offline;
    if (firstResponseAt > 0)
        return Outcome::Answered;
    if (abandonedAt > 0)
        return Outcome::Abandoned;
    if (closedAt > 0)
        return Outcome::Missed;
    if (firstAssignedAt > 0)
        return Outcome::Assigned;
    return Outcome::Waiting;
}

inline std::optional<qint64> ConversationFacts::queueWaitMs(qint64 asOf) const
{
    if (offline || queuedAt == 0)
        return std::nullopt;
    if (firstAssignedAt > 0)
        return firstAssignedAt - queuedAt;
    if (stillWaiting())
        return std::max<qint64>(0, asOf - queuedAt);
    return std::nullopt;
}

inline std::optional<qint64> ConversationFacts::firstResponseMs() const
{
    if (offline || firstResponseAt == 0 || createdAt == 0)
        return std::nullopt;
    return firstResponseAt - createdAt;
}

inline std::optional<qint64> ConversationFacts::handlingMs() const
{
    if (offline || closedAt == 0 || firstAssignedAt == 0)
        return std::nullopt;
    return closedAt - firstAssignedAt;
}

inline std::optional<qint64> ConversationFacts::resolutionMs() const
{
    if (offline || closedAt == 0 || createdAt == 0)
        return std::nullopt;
    return closedAt - createdAt;
}

inline std::optional<qint64> ConversationFacts::abandonedWaitMs() const
{
    if (outcome() != Outcome::Abandoned || queuedAt == 0)
        return std::nullopt;
    return abandonedAt - queuedAt;
}
