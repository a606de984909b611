#include "writerhealth.h"

#include <QDateTime>

bool WriterHealth::recordCommit(qint64 nowMs)
{
    std::lock_guard lock(m_mutex);
    m_state.lastCommitMs = nowMs;
    if (!m_state.writeFailing || nowMs - m_lastFailureMs < recoveryHoldMs)
        return false;
    m_state.writeFailing = false;
    m_state.failure.clear();
    m_state.failingSinceMs = 0;
    return true;
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
    m_lastFailureMs = nowMs;
    return started;
}

void WriterHealth::recordRetriedBatch()
{
    std::lock_guard lock(m_mutex);
    ++m_state.retriedBatches;
}

StorageHealth WriterHealth::state() const
{
    std::lock_guard lock(m_mutex);
    StorageHealth state = m_state;
    // Recovered already if a commit followed the last failure and the hold has passed since,
    // even when nothing was written after the hold.
    if (state.writeFailing && state.lastCommitMs > m_lastFailureMs
        && QDateTime::currentMSecsSinceEpoch() - m_lastFailureMs >= recoveryHoldMs) {
        state.writeFailing = false;
        state.failure.clear();
        state.failingSinceMs = 0;
    }
    return state;
}
