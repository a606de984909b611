#include "conversationqueue.h"

#include "agentroster.h"
#include "assignmentpolicy.h"

#include <algorithm>

namespace {
constexpr qint64 defaultHandlingSeconds = 300;
constexpr int minHandlingSamples = 5;
} // namespace

ConversationQueue::ConversationQueue(const AgentRoster &roster, int handlingSamples)
    : m_roster(roster)
    , m_handlingSamples(handlingSamples)
{ }

void ConversationQueue::recordHandlingTime(qint64 ms)
{
    m_handlingTimesMs.prepend(ms);
    if (m_handlingTimesMs.size() > m_handlingSamples)
        m_handlingTimesMs.removeLast();
}

ConversationView ConversationQueue::withQueueInfo(ConversationView conversation) const
{
    if (conversation.status == ConversationStatus::Queued) {
        conversation.queuePosition = int(m_waiting.indexOf(conversation.id)) + 1;
        conversation.estimatedWaitSeconds = estimatedWaitSeconds(conversation.queuePosition);
    }
    return conversation;
}

std::optional<ConversationQueue::Match> ConversationQueue::nextMatch(
    const std::function<const ConversationView *(const QString &)> &assignable) const
{
    const QList<AgentLoad> loads = m_roster.loads();
    for (const QString &id : m_waiting) {
        const ConversationView *conversation = assignable(id);
        if (!conversation)
            continue; // its visitor is away: no agent's slot for nobody
        if (const auto agentId = AssignmentPolicy::chooseAgent(
                loads, conversation->siteId, conversation->departmentId))
            return Match { id, *agentId };
        if (AssignmentPolicy::freeCapacity(loads) == 0)
            return std::nullopt;
    }
    return std::nullopt;
}

std::optional<qint64> ConversationQueue::estimatedWaitSeconds(int position) const
{
    const int online = m_roster.onlineCount();
    if (online == 0)
        return std::nullopt;
    const int free = AssignmentPolicy::freeCapacity(m_roster.loads());
    if (position <= free)
        return 0;
    qint64 handlingSeconds = defaultHandlingSeconds;
    if (m_handlingTimesMs.size() >= minHandlingSamples) {
        QList<qint64> sorted = m_handlingTimesMs;
        std::sort(sorted.begin(), sorted.end());
        handlingSeconds = sorted.at(sorted.size() / 2) / 1000;
    }
    const qint64 rounds = (position - free + online - 1) / online;
    return rounds * handlingSeconds;
}
