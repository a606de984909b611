#include "sessionregistry.h"

#include "clientsession.h"

void SessionRegistry::addVisitor(const QString &visitorId, ClientSession *session)
{
    m_visitors.insert(visitorId, session);
}

void SessionRegistry::addAgent(const QString &agentId, ClientSession *session)
{
    m_agents.insert(agentId, session);
}

void SessionRegistry::removeVisitor(const QString &visitorId, ClientSession *session)
{
    m_visitors.remove(visitorId, session);
}

void SessionRegistry::removeAgent(const QString &agentId, ClientSession *session)
{
    m_agents.remove(agentId, session);
}

void SessionRegistry::toVisitor(const QString &visitorId, const OutgoingEvent &event)
{
    for (auto it = m_visitors.constFind(visitorId);
         it != m_visitors.cend() && it.key() == visitorId; ++it)
        it.value()->sendEvent(event);
}

void SessionRegistry::toAgent(const QString &agentId, const OutgoingEvent &event)
{
    for (auto it = m_agents.constFind(agentId); it != m_agents.cend() && it.key() == agentId; ++it)
        it.value()->sendEvent(event);
}

void SessionRegistry::toAllAgents(const OutgoingEvent &event)
{
    for (ClientSession *session : std::as_const(m_agents))
        session->sendEvent(event);
}

void SessionRegistry::toAllVisitors(const OutgoingEvent &event)
{
    for (ClientSession *session : std::as_const(m_visitors))
        session->sendEvent(event);
}
