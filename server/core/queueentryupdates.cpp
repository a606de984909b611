#include "queueentryupdates.h"

QueueEntryUpdates::QueueEntryUpdates(int intervalMs, Announce announce, QObject *parent)
    : QObject(parent)
    , m_intervalMs(std::max(0, intervalMs))
    , m_announce(std::move(announce))
{
    m_monotonic.start();
    // Half the interval: a folded change waits at most one and a half intervals.
    m_ticker.setInterval(std::max(1, m_intervalMs / 2));
    connect(&m_ticker, &QTimer::timeout, this, &QueueEntryUpdates::tick);
}

void QueueEntryUpdates::changed(const QString &conversationId)
{
    const qint64 now = m_monotonic.elapsed();
    const auto last = m_lastAnnounced.constFind(conversationId);
    if (m_intervalMs == 0 || last == m_lastAnnounced.constEnd() || now - *last >= m_intervalMs) {
        m_due.remove(conversationId);
        announceNow(conversationId, now);
    } else {
        m_due.insert(conversationId);
    }
    if (m_intervalMs > 0 && !m_ticker.isActive())
        m_ticker.start();
}

void QueueEntryUpdates::forget(const QString &conversationId)
{
    m_due.remove(conversationId);
}

void QueueEntryUpdates::announceNow(const QString &conversationId, qint64 now)
{
    if (m_intervalMs > 0)
        m_lastAnnounced.insert(conversationId, now);
    m_announce(conversationId);
}

void QueueEntryUpdates::tick()
{
    const qint64 now = m_monotonic.elapsed();
    QStringList ready;
    for (auto it = m_lastAnnounced.begin(); it != m_lastAnnounced.end();) {
        if (now - it.value() < m_intervalMs) {
            ++it;
        } else {
            if (m_due.remove(it.key()))
                ready.append(it.key());
            it = m_lastAnnounced.erase(it);
        }
    }
    // Announced after the walk: the callback may change what is waiting.
    for (const QString &id : std::as_const(ready))
        announceNow(id, now);
    if (m_lastAnnounced.isEmpty() && m_due.isEmpty())
        m_ticker.stop();
}
