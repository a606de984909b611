#pragma once

#include "assignmentpolicy.h"
#include "participant.h"

#include <protocol/views.h>

#include <QHash>
#include <QObject>
#include <QTimer>
#include <memory>
#include <optional>

class Clock;

/// @brief Whether a connection has shown lately that its peer is there: an unproven one was
/// pinged after a quiet spell and has not answered yet (the peer may be dead or suspended).
enum class Liveness { Proven, Unproven };

/// @brief The team as it is right now: each agent's presence, live connections and load,
/// and the grace period after an agent's last connection drops.
///
/// An agent is reachable while at least one of its connections is proven (Liveness): only a
/// reachable `online` agent is available for new chats. Pure in-memory state; the router
/// persists and announces what changes here.
class AgentRoster : public QObject
{
    Q_OBJECT
public:
    AgentRoster(const Clock &clock, int graceMs, QObject *parent = nullptr);

    /// Adds the agent or refreshes its profile (name, role, max chats, departments) from an
    /// account, and the conversations it serves (@p scope).
    void upsert(const AgentView &profile, const AgentScope &scope);
    bool contains(const QString &agentId) const { return m_agents.contains(agentId); }
    AgentView view(const QString &agentId) const;
    /// The sites and departments the agent serves; an unknown agent serves nothing.
    std::optional<AgentScope> scope(const QString &agentId) const;
    QList<AgentView> all() const;
    /// Every agent as ConversationAccess judges it (id, name, role, scope), in no order.
    QList<Participant> participants() const;
    std::optional<Participant> participant(const QString &agentId) const;

    /// A session of the agent connected / disconnected (@p liveness: that connection's, as
    /// last told). The last disconnect starts the grace timer; a connect within it cancels it.
    void connected(const QString &agentId, Liveness liveness = Liveness::Proven);
    void disconnected(const QString &agentId, Liveness liveness = Liveness::Proven);
    /// A connection of the agent became @p now (it was the other one before).
    void livenessChanged(const QString &agentId, Liveness now);
    bool hasConnection(const QString &agentId) const;
    /// Has a connection that is not unproven.
    bool isReachable(const QString &agentId) const;

    /// Returns true when the status changed.
    bool setStatus(const QString &agentId, Presence status);
    void changeLoad(const QString &agentId, int delta);
    void markAssigned(const QString &agentId);

    QList<AgentLoad> loads() const;
    int onlineCount() const;

signals:
    /// The agent has had no connection for the whole grace period.
    void graceExpired(const QString &agentId);

private:
    struct Entry
    {
        AgentView view;
        AgentScope scope;
        int connections = 0;
        int unproven = 0; // of the connections
        qint64 idleSince = 0;
        std::unique_ptr<QTimer> graceTimer;
    };

    const Clock &m_clock;
    int m_graceMs;
    QHash<QString, std::shared_ptr<Entry>> m_agents;
};
