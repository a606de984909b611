#pragma once

#include <core/peernodes.h>

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

class ClusterBus;
class ClusterHealthBoard;
class ConversationRouter;

/// @brief This node's part in a cluster of nodes sharing one database: tells the other nodes
/// what its router committed (PeerNodes) over a ClusterBus, hands the router what they tell,
/// and watches that each of them is alive.
///
/// Every node publishes on one channel (`chat.v1.nodes`) and hears every other node: one
/// message per change whoever its recipients are, each node delivering to its own sessions.
/// Liveness: a node says it is alive every Options::heartbeatMs; one not heard for
/// Options::silenceMs is gone (ConversationRouter::peerNodeGone), so the connections it had
/// count no more and their grace periods start. A node heard for the first time, and a bus
/// that connects again, make every node tell its connections afresh (ConversationRouter::
/// peerNodeJoined): what was missed while a node was silent is told again.
class ClusterNode : public QObject, public PeerNodes
{
    Q_OBJECT
public:
    struct Options
    {
        int heartbeatMs = 1'000;
        /// A node not heard for this long is gone.
        int silenceMs = 5'000;
    };

    ClusterNode(
        ClusterBus &bus, ConversationRouter &router, Options options, QObject *parent = nullptr);
    ~ClusterNode() override;

    /// This process's node id: new at every start, so a restarted node is a new node.
    QString nodeId() const { return m_nodeId; }
    /// The other nodes heard within the silence bound.
    QStringList peers() const { return m_lastHeard.keys(); }
    /// Keeps @p board up to date (the bus and the peers), at least every heartbeat.
    void reportTo(ClusterHealthBoard *board);
    /// Tells the others this node is stopping, so they need not wait for the silence bound
    /// (waits up to 500 ms for the bus to confirm it).
    void leave();

    void conversationChanged(const ConversationView &stored, const StateChange &change,
        const QList<ConversationEvent> &events) override;
    void messageStored(const ConversationView &conversation, const MessageView &message) override;
    void typing(const QString &conversationId, bool fromVisitor, const TypingEvent &event) override;
    void agentConnections(
        const AgentView &profile, const AgentScope &scope, int connections, int unproven) override;
    void agentStatus(
        const QString &agentId, Presence status, const ConversationEvent &event) override;
    void visitorPresence(const QString &visitorId, bool present) override;
    void visitorDetails(
        const QString &visitorId, const VisitorView &details, bool withIdentity) override;
    void offlineChanged(
        const ConversationView &conversation, const QList<ConversationEvent> &events) override;
    void conversationRated(
        const ConversationView &conversation, const QList<ConversationEvent> &events) override;

private:
    void send(const char *type, QJsonObject body);
    void onReceived(const QByteArray &channel, const QByteArray &payload);
    void apply(const QString &from, const QString &type, const QJsonObject &body);
    void heartbeat();
    void forget(const QString &node);
    void reportHealth();

    ClusterBus &m_bus;
    ConversationRouter &m_router;
    Options m_options;
    QString m_nodeId;
    QTimer m_heartbeat;
    QElapsedTimer m_clock;
    QHash<QString, qint64> m_lastHeard; // node → m_clock ms
    bool m_subscribedBefore = false; // a later subscription is a reconnection
    ClusterHealthBoard *m_board = nullptr; // not owned
};
