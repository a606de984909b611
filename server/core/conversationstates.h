#pragma once

#include "conversationfanout.h"
#include "participant.h"

#include <protocol/serverevents.h>
#include <storage/records.h>

#include <optional>
#include <variant>

/// @brief A status change the state machine allows: the conversation's new state, the events
/// to store with it, and what its announcement must know (StateChange).
struct Transition
{
    ConversationView conversation;
    QList<ConversationEvent> events;
    StateChange change;
};

/// A transition, or why it is refused (the error the requester gets).
using TransitionOrRefusal = std::variant<Transition, ErrorEvent>;

/// @brief The conversation state machine: the one place that decides every status change
/// (queued → assigned → closed, transfer, reopen, requeue, visitor left) and the events it
/// records.
///
/// Pure functions of a conversation and an action; they touch no store, queue or roster. The
/// router applies a transition (its queue, the agents' load), stores it and announces it. Who
/// may act is ConversationAccess's rule; the router has already checked that the requester may
/// see the conversation.
namespace ConversationStates {
/// A new conversation enters the queue.
Transition start(ConversationView conversation, qint64 now);
/// The queue gives @p conversation to @p agent (@p how: auto | accept).
Transition assign(
    const ConversationView &conversation, const AgentView &agent, const QString &how, qint64 now);
/// @p agent takes a conversation from the queue: only while it waits.
TransitionOrRefusal accept(
    const ConversationView &conversation, const AgentView &agent, qint64 now);
/// Whether @p by may transfer @p conversation at all (it is assigned, and theirs).
std::optional<ErrorEvent> refuseTransfer(
    const ConversationView &conversation, const Participant &by);
/// To another agent (@p target, if it exists), who must be online with a connection.
TransitionOrRefusal transferToAgent(const ConversationView &conversation, const Participant &by,
    const std::optional<AgentView> &target, bool targetConnected, const QString &note, qint64 now);
/// Back to the queue, for @p department (if it exists and is of the conversation's site).
TransitionOrRefusal transferToDepartment(const ConversationView &conversation,
    const Participant &by, const std::optional<Department> &department, const QString &note,
    qint64 now);
/// Its agent was gone for the whole grace period: back to the queue.
Transition requeueAgentGone(const ConversationView &conversation, qint64 now);
/// Closed by its visitor or an agent that may act on it.
TransitionOrRefusal close(const ConversationView &conversation, const Participant &by, qint64 now);
/// A queued visitor stayed away for its whole grace period: closed by the server.
Transition visitorLeft(const ConversationView &conversation, qint64 now);
/// A closed conversation is opened again, assigned to @p agent; refused while it or its
/// visitor's other conversation is open (@p alreadyOpen).
TransitionOrRefusal reopen(
    const ConversationView &closed, const AgentView &agent, bool alreadyOpen, qint64 now);
} // namespace ConversationStates
