#pragma once

#include <protocol/views.h>

#include <QList>
#include <QString>
#include <functional>
#include <optional>

class AgentRoster;

/// @brief The waiting line: conversations in the order they are served, who gets the next one
/// (AssignmentPolicy over the roster's loads), and each one's position and estimated wait.
///
/// Owns the waiting conversation ids and the recent handling times the estimate uses; reads the
/// roster, never changes it. The router decides when a conversation joins or leaves the line.
class ConversationQueue
{
public:
    ConversationQueue(const AgentRoster &roster, int handlingSamples);

    /// Waiting conversation ids, front first.
    const QList<QString> &waiting() const { return m_waiting; }
    void append(const QString &conversationId) { m_waiting.append(conversationId); }
    /// First in line: it has waited once already (an agent gone, a transfer).
    void prepend(const QString &conversationId) { m_waiting.prepend(conversationId); }
    void remove(const QString &conversationId) { m_waiting.removeAll(conversationId); }

    /// Handling times (assigned → closed, ms) of recently closed chats, newest first.
    void setHandlingTimes(QList<qint64> newestFirst) { m_handlingTimesMs = std::move(newestFirst); }
    void recordHandlingTime(qint64 ms);

    /// @p conversation with its queue position and estimated wait filled in, if it is queued.
    ConversationView withQueueInfo(ConversationView conversation) const;

    struct Match
    {
        QString conversationId;
        QString agentId;
    };
    /// The conversation nearest the front that an agent can take now, and that agent. A
    /// conversation whose site or department has nobody free does not hold up the ones behind
    /// it. @p assignable: a waiting conversation, or null when it is not to be assigned now
    /// (its visitor is away).
    std::optional<Match> nextMatch(
        const std::function<const ConversationView *(const QString &conversationId)> &assignable)
        const;

private:
    std::optional<qint64> estimatedWaitSeconds(int position) const;

    const AgentRoster &m_roster;
    int m_handlingSamples;
    QList<QString> m_waiting;
    QList<qint64> m_handlingTimesMs; // newest first
};
