#include "conversationaccess.h"

namespace ConversationAccess {

namespace {
bool serves(const Participant &agent, const ConversationView &conversation)
{
    return agent.scope.serves(conversation.siteId, conversation.departmentId);
}
} // namespace

bool maySee(const Participant &who, const ConversationView &conversation)
{
    if (who.isVisitor())
        return conversation.visitor.id == who.id;
    return who.admin || conversation.agentId == who.id || serves(who, conversation);
}

bool mayAct(const Participant &who, const ConversationView &conversation)
{
    if (who.isVisitor())
        return conversation.visitor.id == who.id;
    if (who.admin)
        return true;
    return conversation.status == ConversationStatus::Assigned && conversation.agentId == who.id
        && serves(who, conversation);
}

bool mayReopen(const Participant &who, const ConversationView &closed)
{
    if (!who.isAgent())
        return false;
    return who.admin || (closed.agentId == who.id && serves(who, closed));
}

bool mayBeGiven(const AgentScope &scope, const ConversationView &conversation)
{
    return scope.serves(conversation.siteId, conversation.departmentId);
}

} // namespace ConversationAccess
