#pragma once

#include "healthcheck.h"

#include <mutex>

/// @brief The outcome of the writer's transactions, recorded by the writer thread and read by
/// any thread: whether writes are failing, since when and why, and when the last one committed.
/// A failure lasts until a transaction commits at least recoveryHoldMs after the last failure:
/// on a nearly full disk a short transaction may still fit where a message did not, and
/// health must not flicker to "ok" between the failing ones.
class WriterHealth
{
public:
    static constexpr qint64 recoveryHoldMs = 2'000;

    /// A transaction committed at @p nowMs. True when it ends a failing period.
    bool recordCommit(qint64 nowMs);
    /// A transaction did not commit at @p nowMs because of @p reason. True when it starts a
    /// failing period (the first failure since the last commit).
    bool recordFailure(const QString &reason, qint64 nowMs);
    /// A batch was rolled back to run again job by job.
    void recordRetriedBatch();
    /// The writer's part of StorageHealth (the queue's part is left at zero).
    StorageHealth state() const;

private:
    mutable std::mutex m_mutex;
    StorageHealth m_state;
    qint64 m_lastFailureMs = 0;
};
