#pragma once

#include <protocol/serverevents.h>
#include <protocol/views.h>

#include <QSet>
#include <QString>

class AgentRoster;
class Delivery;

/// @brief How a conversation got to the state it is announced in: what it was before, and
/// what only some recipients may learn.
struct StateChange
{
    std::optional<ConversationStatus> previousStatus; // none: a new conversation
    QString previousAgentId;
    QString note; // a transfer's note: agents only
    bool visitorAlreadyTold = false; // the visitor got the state in a direct reply
};

/// @brief Who receives which event of a conversation; the one place that decides recipients.
///
/// The rules: the visitor gets its own copy of a state (never a transfer note, never an
/// internal note); while a conversation is queued the agents who may see it follow its state
/// (ConversationAccess over the team's roster), which carries a preview of the visitor's newest
/// message instead of the messages themselves, so a queued chat does not cost every agent
/// every message; once assigned, its agent follows everything, and the agent that just lost it
/// hears of the change once. Offline messages go to the agents who may see them. Owns nothing
/// but references to Delivery and the roster; the caller decides when (after commit) and what.
/// Each call encodes its event once, whoever receives it.
class ConversationFanout
{
public:
    ConversationFanout(Delivery &delivery, const AgentRoster &team);

    /// The conversation's new state (queue figures already filled in) after @p change.
    void stateChanged(const ConversationView &conversation, const StateChange &change);
    /// A stored message of the conversation: to its visitor (unless internal) and, once
    /// assigned, to its agent. While queued no other agent gets it (the queue entry's preview
    /// and lastSeq tell them, see queueEntry()), only the agent who wrote it, if one did.
    void message(const ConversationView &conversation, const MessageView &message);
    /// A queued conversation's entry changed (preview, lastSeq, the visitor's details): its
    /// state, to every agent who may see it.
    void queueEntry(const ConversationView &queued);
    /// What only agents see of a conversation that is not queued (its visitor's details), to
    /// the agent it has or had.
    void toItsAgent(const ConversationView &conversation, const OutgoingEvent &event);
    /// @p from typed: the other side hears it (a visitor's typing, only once an agent has it).
    void typing(const ConversationView &conversation, bool fromVisitor, const TypingEvent &event);
    /// A queued conversation's position and wait, to its visitor.
    void queuePosition(const ConversationView &conversation);
    /// A rating, to the agent that had the conversation.
    void rated(const ConversationView &conversation);
    /// A message answering an offline message: to its visitor (unless internal) and its writer.
    void offlineAnswer(
        const QString &visitorId, const QString &writerId, const MessageView &message);
    /// An offline message's new inbox state, to every agent who may see it.
    void offlineChanged(const ConversationView &conversation);
    /// An agent's presence or load, to every agent.
    void presence(const AgentView &agent);
    /// Whether any agent is online, to every visitor.
    void availability(bool agentsOnline);

private:
    /// Sends @p event to every agent who may see @p conversation; returns who they are.
    QSet<QString> toAgentsWhoSee(const ConversationView &conversation, const OutgoingEvent &event);

    Delivery &m_delivery;
    const AgentRoster &m_team;
};
