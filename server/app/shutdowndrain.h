#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <functional>

class QTcpServer;
class ReadGate;
class ClientSession;

/// @brief Stops a serving chat server without leaving a committed message unacknowledged.
///
/// In order: the listening socket closes (no new connection), the read gate shuts (no
/// connection reads another message), the store answers every request it was asked (each
/// committed message's ack goes to its sender's connection), then every WebSocket is closed
/// with 1001 "going away" behind the replies already queued on it, and the drain waits for the
/// peers' closes. The whole drain takes at most the timeout: the store gets all of it but the
/// last quarter (at most 2 s), kept for the closes. The outcome says what was left when time
/// ran out. Lives on the event loop's thread.
class ShutdownDrain : public QObject
{
    Q_OBJECT
public:
    /// What the drain works on; all owned by the server.
    struct Parts
    {
        QTcpServer *listener;
        ReadGate *gate;
        /// The store's requests whose callbacks have not run (SqlStore::unansweredRequests).
        std::function<int()> unansweredRequests;
        /// Every WebSocket session still there (a session goes once its connection is gone).
        std::function<QList<ClientSession *>()> sessions;
    };
    struct Outcome
    {
        int requestsAnswered = 0; ///< store requests answered during the drain
        int requestsPending = 0; ///< still unanswered when time ran out: their acks never left
        int connectionsClosed = 0; ///< closed with 1001 and gone before the deadline
        int connectionsLeft = 0; ///< still open at the deadline (cut when the process exits)
        qint64 elapsedMs = 0;
        /// Every request answered: each committed message was acked to its sender.
        bool complete() const { return requestsPending == 0; }
    };

    ShutdownDrain(Parts parts, int timeoutMs, QObject *parent = nullptr);

    /// Starts the drain; finished() follows, once.
    void start();

signals:
    void finished(const ShutdownDrain::Outcome &outcome);

private:
    enum class Phase { Writes, Closes, Done };

    void onTick();
    void closeConnections();
    void finish();

    Parts m_parts;
    int m_timeoutMs;
    int m_closeBudgetMs;
    Phase m_phase = Phase::Writes;
    QElapsedTimer m_elapsed;
    QTimer m_tick;
    int m_requestsAtStart = 0;
    int m_connectionsTold = 0;
    Outcome m_outcome;
};
