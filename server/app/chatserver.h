#pragma once

#include "serverconfig.h"
#include "shutdowndrain.h"
#include <cluster/clusterhealth.h>

#include <QObject>
#include <QPointer>
#include <memory>

class SqlStore;
class SqliteMetricsSource;
class RouterQueueState;
class SessionRegistry;
class SessionWatch;
class ConversationRouter;
class VisitorGateway;
class AgentAuthenticator;
class CannedResponses;
class ConversationSearch;
class IdentityLimiter;
class HealthListener;
class HttpRoutes;
class FileAccess;
class FileRoutes;
class LiveMetrics;
class MetricsService;
class MetricsRoutes;
class ChatListener;
class OriginPolicy;
class ReadGate;
class WebSocketConnection;
class QTcpSocket;
class Clock;
class ClusterBus;
class ClusterNode;

/// @brief A whole chat server wired together: store, router, sessions, HTTP and the listener.
/// `chat-server serve` runs one; integration tests start one in-process on a free port.
class ChatServer : public QObject
{
    Q_OBJECT
public:
    /// @p clock defaults to the system clock; tests may inject their own.
    explicit ChatServer(
        ServerConfig config, const Clock *clock = nullptr, QObject *parent = nullptr);
    ~ChatServer() override;

    /// Opens and migrates the database, restores state and starts listening.
    std::optional<QString> start();
    quint16 port() const;
    /// The health port's (--health-listen); 0 when there is none.
    quint16 healthPort() const;
    ConversationRouter &router();
    /// How many times WebSockets paused reading because the writer was behind.
    quint64 readGateClosings() const;
    LiveMetrics &liveMetrics();
    /// The other nodes of the cluster this node hears now (none without --bus).
    QStringList clusterPeers() const;
    /// Whether the cluster's bus is connected (false without --bus).
    bool clusterBusConnected() const;
    /// Stops serving without losing an ack (ShutdownDrain): stops accepting and reading, lets
    /// the store answer what it was asked, closes every WebSocket with 1001. @p done gets the
    /// outcome within @p timeoutMs (and a little); the server may then be destroyed.
    void shutDown(int timeoutMs, std::function<void(const ShutdownDrain::Outcome &)> done);
    bool isShuttingDown() const { return m_drain != nullptr; }

private:
    /// The files folder and the attachment routes (after the router and the HTTP routes).
    std::optional<QString> startFiles();
    void acceptWebSocket(
        WebSocketConnection *connection, const QByteArray &path, const QString &origin);
    void acceptHttp(QTcpSocket *socket);

    ServerConfig m_config;
    std::unique_ptr<Clock> m_ownClock;
    const Clock *m_clock;
    std::unique_ptr<SqlStore> m_store;
    QString m_epoch; // the database's, read at start (changed only by a restore)
    /// A cluster node's bus and peers for /healthz and /metrics (the health port's thread reads
    /// it: declared before, so destroyed after, everything that does).
    std::unique_ptr<ClusterHealthBoard> m_clusterHealth;
    std::unique_ptr<SqliteMetricsSource> m_metricsSource;
    std::unique_ptr<SessionRegistry> m_registry;
    std::unique_ptr<ConversationRouter> m_router;
    std::unique_ptr<ClusterBus> m_bus; // a cluster's (--bus), none on one node
    std::unique_ptr<ClusterNode> m_cluster;
    std::unique_ptr<VisitorGateway> m_gateway;
    std::unique_ptr<AgentAuthenticator> m_authenticator;
    std::unique_ptr<SessionWatch> m_sessionWatch;
    std::unique_ptr<CannedResponses> m_canned;
    std::unique_ptr<ConversationSearch> m_search;
    std::unique_ptr<IdentityLimiter> m_identityLimits;
    std::unique_ptr<HttpRoutes> m_http;
    std::unique_ptr<RouterQueueState> m_queueState;
    std::unique_ptr<LiveMetrics> m_liveMetrics;
    std::unique_ptr<MetricsService> m_metrics;
    std::unique_ptr<MetricsRoutes> m_metricsRoutes;
    std::unique_ptr<FileAccess> m_fileAccess;
    std::unique_ptr<FileRoutes> m_files;
    std::unique_ptr<OriginPolicy> m_origins;
    std::unique_ptr<ReadGate> m_readGate; // WebSockets pause while the writer is behind
    QPointer<ChatListener> m_listener;
    std::unique_ptr<HealthListener> m_healthListener;
    ShutdownDrain *m_drain = nullptr;
};
