#pragma once

#include <core/delivery.h>

#include <QHash>
#include <QSet>

class ClientSession;

/// @brief The sessions connected to this node, by visitor and by agent; delivers frames to them.
class SessionRegistry final : public Delivery
{
public:
    void addVisitor(const QString &visitorId, ClientSession *session);
    void addAgent(const QString &agentId, ClientSession *session);
    void removeVisitor(const QString &visitorId, ClientSession *session);
    void removeAgent(const QString &agentId, ClientSession *session);
    int visitorSessions(const QString &visitorId) const { return int(m_visitors.count(visitorId)); }
    int agentSessions(const QString &agentId) const { return int(m_agents.count(agentId)); }
    qsizetype sessionCount() const { return m_visitors.size() + m_agents.size(); }

    void toVisitor(const QString &visitorId, const QByteArray &frame) override;
    void toAgent(const QString &agentId, const QByteArray &frame) override;
    void toAllAgents(const QByteArray &frame) override;
    void toAllVisitors(const QByteArray &frame) override;

private:
    QMultiHash<QString, ClientSession *> m_visitors;
    QMultiHash<QString, ClientSession *> m_agents;
};
