#include "conversationfanout.h"

#include "agentroster.h"
#include "conversationaccess.h"
#include "delivery.h"

ConversationFanout::ConversationFanout(Delivery &delivery, const AgentRoster &team)
    : m_delivery(delivery)
    , m_team(team)
{ }

QSet<QString> ConversationFanout::toAgentsWhoSee(
    const ConversationView &conversation, const OutgoingEvent &event)
{
    QSet<QString> told;
    for (const Participant &agent : m_team.participants()) {
        if (ConversationAccess::maySee(agent, conversation)) {
            m_delivery.toAgent(agent.id, event);
            told.insert(agent.id);
        }
    }
    return told;
}

void ConversationFanout::stateChanged(
    const ConversationView &conversation, const StateChange &change)
{
    // The visitor's copy is its own: never the transfer note, never agents-only fields.
    if (!change.visitorAlreadyTold)
        m_delivery.toVisitor(
            conversation.visitor.id, ConversationUpdatedEvent::toVisitor(conversation));
    const OutgoingEvent frame = ConversationUpdatedEvent::toAgents(conversation, change.note);
    QSet<QString> told;
    if (change.previousStatus == ConversationStatus::Queued
        || conversation.status == ConversationStatus::Queued) {
        told = toAgentsWhoSee(conversation, frame); // it is, or was, in their queue
    } else if (!conversation.agentId.isEmpty()) {
        m_delivery.toAgent(conversation.agentId, frame);
        told.insert(conversation.agentId);
    }
    if (!change.previousAgentId.isEmpty() && !told.contains(change.previousAgentId))
        m_delivery.toAgent(change.previousAgentId, frame);
}

void ConversationFanout::message(const ConversationView &conversation, const MessageView &message)
{
    const OutgoingEvent event = MessageEvent { message };
    if (!message.internal)
        m_delivery.toVisitor(conversation.visitor.id, event);
    if (conversation.status != ConversationStatus::Queued) {
        toItsAgent(conversation, event);
    } else if (message.authorRole == AuthorRole::Agent) {
        // An admin writing in a queued chat: its other sessions show what it wrote.
        m_delivery.toAgent(message.authorId, event);
    }
}

void ConversationFanout::queueEntry(const ConversationView &queued)
{
    if (queued.status == ConversationStatus::Queued)
        toAgentsWhoSee(queued, ConversationUpdatedEvent::toAgents(queued));
}

void ConversationFanout::toItsAgent(
    const ConversationView &conversation, const OutgoingEvent &event)
{
    // A closed conversation's last lines ("… closed the chat") still reach the agent it had.
    if (conversation.status != ConversationStatus::Queued && !conversation.agentId.isEmpty())
        m_delivery.toAgent(conversation.agentId, event);
}

void ConversationFanout::typing(
    const ConversationView &conversation, bool fromVisitor, const TypingEvent &event)
{
    if (!fromVisitor)
        m_delivery.toVisitor(conversation.visitor.id, event);
    else if (!conversation.agentId.isEmpty())
        m_delivery.toAgent(conversation.agentId, event);
}

void ConversationFanout::queuePosition(const ConversationView &conversation)
{
    m_delivery.toVisitor(
        conversation.visitor.id, ConversationUpdatedEvent::toVisitor(conversation));
}

void ConversationFanout::rated(const ConversationView &conversation)
{
    if (!conversation.agentId.isEmpty())
        m_delivery.toAgent(conversation.agentId, ConversationUpdatedEvent::toAgents(conversation));
}

void ConversationFanout::offlineAnswer(
    const QString &visitorId, const QString &writerId, const MessageView &message)
{
    const OutgoingEvent frame = MessageEvent { message };
    if (!message.internal && !visitorId.isEmpty())
        m_delivery.toVisitor(visitorId, frame);
    m_delivery.toAgent(writerId, frame);
}

void ConversationFanout::offlineChanged(const ConversationView &conversation)
{
    toAgentsWhoSee(conversation, ConversationUpdatedEvent::toAgents(conversation));
}

void ConversationFanout::presence(const AgentView &agent)
{
    m_delivery.toAllAgents(PresenceEvent { agent });
}

void ConversationFanout::availability(bool agentsOnline)
{
    m_delivery.toAllVisitors(AvailabilityEvent { agentsOnline });
}
