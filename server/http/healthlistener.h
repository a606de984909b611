#pragma once

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <optional>

class HealthCheck;
class QTcpServer;

/// @brief The health port (`--health-listen`): GET /healthz answered from a thread of its own.
///
/// On the main port, /healthz waits its turn behind whatever the event loop is doing: during a
/// reconnect storm, behind thousands of handshakes accepted before it (up to ~1 s measured), and
/// not at all while the loop is stuck. Here it is answered in milliseconds from the writer's
/// snapshot (HealthCheck, readable from any thread) and the event loop's heartbeat, so a stuck
/// loop shows as 503 "event loop stalled for N s" instead of a timeout. Nothing else is served.
class HealthListener : public QObject
{
public:
    /// Construct on the main thread: its heartbeat timer runs on the event loop it watches.
    HealthListener(const HealthCheck &health, qint64 stallMs, QObject *parent = nullptr);
    ~HealthListener() override;

    /// Starts the thread and listens; an error message when the port cannot be had.
    std::optional<QString> listen(const QHostAddress &address, quint16 port);
    quint16 port() const { return m_port; }

private:
    void serve(QTcpServer &server) const;
    QByteArray answer(const QByteArray &requestLine) const;

    const HealthCheck &m_health;
    const qint64 m_stallMs;
    QElapsedTimer m_uptime;
    QTimer m_heartbeat;
    std::atomic<qint64> m_lastBeatMs; // the main loop's last pass, on m_uptime's clock
    QThread m_thread;
    QObject *m_context = nullptr; // lives in m_thread; owns the listening socket
    quint16 m_port = 0;
};
