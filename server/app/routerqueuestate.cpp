#include "routerqueuestate.h"

#include <core/conversationrouter.h>

QList<QString> RouterQueueState::waiting() const
{
    return m_router.queue();
}

const ConversationView *RouterQueueState::findOpen(const QString &conversationId) const
{
    const auto it = m_router.openConversations().constFind(conversationId);
    return it != m_router.openConversations().cend() ? &*it : nullptr;
}

qsizetype RouterQueueState::openCount() const
{
    return m_router.openConversations().size();
}

QList<AgentView> RouterQueueState::team() const
{
    return m_router.roster().all();
}

bool RouterQueueState::isConnected(const QString &agentId) const
{
    // One whose connections do not answer pings shows away too, as the team sees it.
    return m_router.roster().isReachable(agentId);
}
