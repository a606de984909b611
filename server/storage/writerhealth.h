#pragma once

#include "healthcheck.h"

#include <mutex>

/// @brief The outcome of the writer's transactions, recorded by the writer thread and read by
/// any thread: whether writes are failing, since when and why, and when the last one committed.
/// A failure lasts until the next commit.
class WriterHealth
{
public:
    /// A transaction committed at @p nowMs: writes work. True when it ends a failing period.
    bool recordCommit(qint64 nowMs);
    /// A transaction did not commit at @p nowMs because of @p reason. True when it starts a
    /// failing period (the first failure since the last commit).
    bool recordFailure(const QString &reason, qint64 nowMs);
    /// Writes are failing for @p reason (again) even though one committed since the last
    /// recordFailure(): no transaction is counted.
    void markFailing(const QString &reason, qint64 nowMs);
    /// The writer's part of StorageHealth (the queue's part is left at zero).
    StorageHealth state() const;

private:
    mutable std::mutex m_mutex;
    StorageHealth m_state;
};
