#pragma once

#include <QElapsedTimer>
#include <transport/requesthead.h>

#include <QHostAddress>
#include <QObject>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <optional>

class ClusterHealthBoard;
class HealthCheck;
class QTcpServer;

/// @brief The health port (`--health-listen`): GET /healthz answered from a thread of its own.
///
/// On the main port, /healthz waits its turn behind whatever the event loop is doing: during a
/// reconnect storm, behind thousands of handshakes accepted before it (0.7–1.7 s measured), and
/// not at all while the loop is stuck. Here it is answered in milliseconds from the writer's
/// snapshot (HealthCheck, readable from any thread) and the event loop's heartbeat, so a stuck
/// loop shows as 503 "event loop stalled for N s" instead of a timeout, and a draining server as
/// 503 "shutting down". Nothing else is served.
class HealthListener : public QObject
{
public:
    /// Construct on the main thread: its heartbeat timer runs on the event loop it watches.
    HealthListener(const HealthCheck &health, qint64 stallMs, QObject *parent = nullptr);
    ~HealthListener() override;

    /// Starts the thread and listens; an error message when the port cannot be had.
    std::optional<QString> listen(const QHostAddress &address, quint16 port);
    quint16 port() const { return m_port; }
    /// The server stopped accepting (SIGTERM): from now on the answer is 503, so a load
    /// balancer sends nobody new here while the drain finishes.
    void setShuttingDown() { m_shuttingDown = true; }
    /// A cluster node's: the answer tells its bus and peers too. Call before listen().
    void setCluster(const ClusterHealthBoard *cluster) { m_cluster = cluster; }

private:
    void serve(QTcpServer &server) const;
    /// The whole response to @p request (nothing: a head too large to be a health check).
    QByteArray answer(const std::optional<RequestHead> &request) const;

    const HealthCheck &m_health;
    const qint64 m_stallMs;
    const ClusterHealthBoard *m_cluster = nullptr; // not owned; none on one node
    QElapsedTimer m_uptime;
    QTimer m_heartbeat;
    std::atomic<qint64> m_lastBeatMs { 0 }; // the main loop's last pass, on m_uptime's clock
    std::atomic<bool> m_shuttingDown { false };
    QThread m_thread;
    QObject *m_context = nullptr; // lives in m_thread; owns the listening socket
    quint16 m_port = 0;
};
