#pragma once

#include <core/delivery.h>

#include <QHash>
#include <QSet>

class ClientSession;

/// @brief The sessions connected to this node, by visitor and by agent; delivers events to them,
/// encoded and framed once per event however many sessions get it.
class SessionRegistry final : public Delivery
{
public:
    void addVisitor(const QString &visitorId, ClientSession *session);
    void addAgent(const QString &agentId, ClientSession *session);
    void removeVisitor(const QString &visitorId, ClientSession *session);
    void removeAgent(const QString &agentId, ClientSession *session);
    int visitorSessions(const QString &visitorId) const { return int(m_visitors.count(visitorId)); }
    /// Every signed-in agent connection.
    QList<ClientSession *> agentSessions() const { return m_agents.values(); }

    void toVisitor(const QString &visitorId, const OutgoingEvent &event) override;
    void toAgent(const QString &agentId, const OutgoingEvent &event) override;
    void toAllAgents(const OutgoingEvent &event) override;
    void toAllVisitors(const OutgoingEvent &event) override;

private:
    QMultiHash<QString, ClientSession *> m_visitors;
    QMultiHash<QString, ClientSession *> m_agents;
};
