#pragma once

#include "participant.h"

#include <protocol/views.h>

/// @brief Who may see and who may act on a conversation: the one rule every request about a
/// conversation is checked against (docs/security.md, "Authorization").
///
/// A visitor: its own conversations. An admin: every conversation. Any other agent sees the
/// conversations its scope serves (AgentScope: its sites and departments) and those it had;
/// of these it acts only on the ones assigned to it, takes from the queue only waiting ones,
/// and reopens only its own. A request about a conversation its sender may not see is answered
/// exactly like one about a conversation that does not exist (`not_found`), so nothing tells
/// the two apart. Pure functions: the router asks, and decides what to answer.
namespace ConversationAccess {
/// Read its history, find it by search or among its visitor's conversations, and learn that it
/// exists at all (every other request starts with this).
bool maySee(const Participant &who, const ConversationView &conversation);
/// Write into it, type, close it, transfer it: its visitor, its agent, an admin.
bool mayAct(const Participant &who, const ConversationView &conversation);
/// Open it again once closed (the state machine checks that it is): the agent that had it,
/// or an admin.
bool mayReopen(const Participant &who, const ConversationView &closed);
/// Whether an agent serving @p scope may be given @p conversation (by a transfer).
bool mayBeGiven(const AgentScope &scope, const ConversationView &conversation);
} // namespace ConversationAccess
