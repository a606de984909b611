#pragma once

#include <QString>

/// @brief What the store's writer last did and how far behind it is: the facts /healthz and
/// /metrics report. Wall-clock times are ms since the epoch.
struct StorageHealth
{
    /// The last transaction the writer tried did not commit (a full disk, a read-only file
    /// system, a lock held too long), and none has committed since.
    bool writeFailing = false;
    /// SQLite's message for that failure, e.g. "database or disk is full".
    QString failure;
    /// When the writes started failing (the first failure since the last commit); 0 while
    /// they work.
    qint64 failingSinceMs = 0;
    /// When the last transaction committed; 0 when none has since the start.
    qint64 lastCommitMs = 0;
    /// Transactions that did not commit since the start.
    quint64 failedWrites = 0;
    /// Batches of writes rolled back and run again job by job since the start: a job failed,
    /// or PostgreSQL broke a deadlock with another node's writer (after its deadlock_timeout).
    quint64 retriedBatches = 0;
    /// Writes waiting for the writer or in its running transaction.
    int backlog = 0;
    /// How long the oldest of those has waited so far (0 when there is none).
    qint64 oldestWaitMs = 0;
};

/// @brief The store's health as the writer last saw it (GET /healthz, GET /metrics).
class HealthCheck
{
public:
    virtual ~HealthCheck() = default;

    /// A snapshot kept up to date by the writer: never waits for the database, so it answers
    /// at once while the writer is stuck. Any thread.
    virtual StorageHealth storageHealth() const = 0;
};
