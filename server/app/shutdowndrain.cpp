#include "shutdowndrain.h"

#include <transport/clientsession.h>
#include <transport/readgate.h>

#include <QLoggingCategory>
#include <QTcpServer>

Q_LOGGING_CATEGORY(lcShutdown, "chat.shutdown")

namespace {
/// How often the drain looks at the store and the connections: often enough that the exit
/// follows the last ack closely, rarely enough to cost nothing next to the work it waits for.
constexpr int tickMs = 5;
} // namespace

ShutdownDrain::ShutdownDrain(Parts parts, int timeoutMs, QObject *parent)
    : QObject(parent)
    , m_parts(std::move(parts))
    , m_timeoutMs(std::max(0, timeoutMs))
    , m_closeBudgetMs(std::min(2'000, m_timeoutMs / 4))
{
    m_tick.setInterval(tickMs);
    connect(&m_tick, &QTimer::timeout, this, &ShutdownDrain::onTick);
}

void ShutdownDrain::start()
{
    m_elapsed.start();
    m_parts.listener->close();
    m_parts.gate->shut();
    m_requestsAtStart = m_parts.unansweredRequests();
    qCInfo(lcShutdown).noquote() << QStringLiteral(
        "stopped accepting and reading: %1 connections open, %2 database "
        "requests in flight; draining for at most %3 ms")
                                        .arg(m_parts.sessions().size())
                                        .arg(m_requestsAtStart)
                                        .arg(m_timeoutMs);
    m_tick.start();
    onTick();
}

void ShutdownDrain::onTick()
{
    if (m_phase == Phase::Writes) {
        const int pending = m_parts.unansweredRequests();
        if (pending > 0 && m_elapsed.elapsed() < m_timeoutMs - m_closeBudgetMs)
            return;
        m_outcome.requestsPending = pending;
        m_outcome.requestsAnswered = std::max(0, m_requestsAtStart - pending);
        if (pending > 0)
            qCWarning(lcShutdown).noquote()
                << "the database did not answer" << pending << "requests in time; their senders"
                << "get no ack and resend them after reconnecting";
        else
            qCInfo(lcShutdown).noquote()
                << QStringLiteral("every database request answered (%1) in %2 ms")
                       .arg(m_outcome.requestsAnswered)
                       .arg(m_elapsed.elapsed());
        m_phase = Phase::Closes;
    }
    if (m_phase == Phase::Closes) {
        // Sessions upgraded after the listener closed (their handshake was under way) too.
        closeConnections();
        const int open = int(m_parts.sessions().size());
        if (open > 0 && m_elapsed.elapsed() < m_timeoutMs)
            return;
        m_outcome.connectionsLeft = open;
        m_outcome.connectionsClosed = std::max(0, m_connectionsTold - open);
        finish();
    }
}

void ShutdownDrain::closeConnections()
{
    for (ClientSession *session : m_parts.sessions())
        if (session->goAway())
            ++m_connectionsTold;
}

void ShutdownDrain::finish()
{
    m_phase = Phase::Done;
    m_tick.stop();
    m_outcome.elapsedMs = m_elapsed.elapsed();
    qCInfo(lcShutdown).noquote() << QStringLiteral(
        "drained in %1 ms: %2 connections closed with 1001 (%3 still open at "
        "the deadline); %4 database requests answered, %5 not")
                                        .arg(m_outcome.elapsedMs)
                                        .arg(m_outcome.connectionsClosed)
                                        .arg(m_outcome.connectionsLeft)
                                        .arg(m_outcome.requestsAnswered)
                                        .arg(m_outcome.requestsPending);
    emit finished(m_outcome);
}
