#include "signedinagent.h"

#include <agentconnection.h>

#include <protocol/clientmessages.h>

SignedInAgent::SignedInAgent(AgentConnection *connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
{ }

void SignedInAgent::setPresence(const QString &status)
{
    if (const std::optional<Presence> presence = fromWireName<Presence>(status))
        setPresence(*presence, false);
}

void SignedInAgent::setPresence(Presence status, bool automatic)
{
    const bool changed = status != m_presence || automatic != m_autoAway;
    const bool tellServer = status != m_presence;
    m_presence = status;
    m_autoAway = automatic;
    if (tellServer && m_signedIn)
        m_connection->send(encodeClientMessage(PresenceSet { status }));
    if (changed)
        emit presenceChanged();
}

void SignedInAgent::setAgent(const AgentView &agent)
{
    m_agent = agent;
    emit changed();
}

void SignedInAgent::apply(const AgentView &agent)
{
    const Presence previous = m_presence;
    setAgent(agent);
    if (agent.status != previous) {
        m_presence = agent.status;
        if (agent.status != Presence::Away)
            m_autoAway = false;
        emit presenceChanged();
    }
}

void SignedInAgent::clear()
{
    setAgent({});
    m_autoAway = false;
    m_presence = Presence::Offline;
    emit presenceChanged();
}

void SignedInAgent::becameIdle()
{
    if (m_signedIn && m_presence == Presence::Online)
        setPresence(Presence::Away, true);
}

void SignedInAgent::activityResumed()
{
    if (m_signedIn && m_autoAway && m_presence == Presence::Away)
        setPresence(Presence::Online, false);
}
