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
    /// Has a connection, to this node or another.
    bool hasConnection(const QString &agentId) const;
    /// Has a connection that is not unproven, to this node or another.
    bool isReachable(const QString &agentId) const;

    // Other nodes serving the same database (a cluster): what they last told of their agents.
    /// The agent has @p connections to node @p node, @p unproven of them unproven. Its grace
    /// period starts when it has no connection left anywhere, and stops when one appears.
    void setRemoteConnections(
        const QString &agentId, const QString &node, int connections, int unproven);
    /// Node @p node is gone (stopped, or silent too long): its connections count no more.
    /// Returns the agents that had some.
    QStringList forgetNode(const QString &node);
    /// The agent's last connection was to this node (or the node it was on is gone): this node
    /// speaks for it when its grace period ends.
    bool lastConnectedHere(const QString &agentId) const;
    /// This node's own connections of the agent: how many, and how many of them unproven.
    std::pair<int, int> localConnections(const QString &agentId) const;

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
        int connections = 0; // to this node
        int unproven = 0; // of the connections
        struct Remote
        {
            int connections = 0;
            int unproven = 0;
        };
        QHash<QString, Remote> remote; // by node, the other nodes' (only those with some)
        bool lastHere = true; // the last connection seen was to this node
        int totalConnections() const;
        int totalUnproven() const;
        qint64 idleSince = 0;
        std::unique_ptr<QTimer> graceTimer;
    };

    /// Starts the grace period once the agent has no connection on any node.
    void startGraceIfGone(const QString &agentId, Entry &entry);

    const Clock &m_clock;
    int m_graceMs;
    QHash<QString, std::shared_ptr<Entry>> m_agents;
};
