#include "writerhealth.h"

bool WriterHealth::recordCommit(qint64 nowMs)
{
    std::lock_guard lock(m_mutex);
    const bool recovered = m_state.writeFailing;
    m_state.writeFailing = false;
    m_state.failure.clear();
    m_state.failingSinceMs = 0;
    m_state.lastCommitMs = nowMs;
    return recovered;
}

bool WriterHealth::recordFailure(const QString &reason, qint64 nowMs)
{
    std::lock_guard lock(m_mutex);
    const bool started = !m_state.writeFailing;
    m_state.writeFailing = true;
    m_state.failure = reason; // the latest reason: the one an operator can act on now
    if (started)
        m_state.failingSinceMs = nowMs;
    ++m_state.failedWrites;
    return started;
}

void WriterHealth::markFailing(const QString &reason, qint64 nowMs)
{
    std::lock_guard lock(m_mutex);
    if (!m_state.writeFailing)
        m_state.failingSinceMs = nowMs;
    m_state.writeFailing = true;
    m_state.failure = reason;
}

StorageHealth WriterHealth::state() const
{
    std::lock_guard lock(m_mutex);
    return m_state;
}
