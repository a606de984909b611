#pragma once

#include <QHash>
#include <QObject>
#include <QQueue>
#include <QThreadPool>
#include <functional>

/// @brief Runs slow jobs (password hashes) on a few worker threads of its own, taking turns
/// between keys (client addresses): a free worker takes the next job of the key with the fewest
/// jobs running, the one served longest ago among equals. So a burst from one address delays
/// another address's job by at most the jobs already running, not by the whole burst (as a
/// plain FIFO thread pool would).
///
/// Jobs run on a worker; their results are delivered on this object's thread.
class FairWorkQueue : public QObject
{
public:
    using Work = std::function<bool()>;
    using Done = std::function<void(bool)>;

    /// @p workers: jobs run at once (at least 1).
    explicit FairWorkQueue(int workers, QObject *parent = nullptr);
    /// Drops what waits and waits for the running jobs (their results are not delivered).
    ~FairWorkQueue() override;

    void submit(const QString &key, Work work, Done done);
    int running() const { return m_running; }
    qsizetype waiting() const;

private:
    struct Job
    {
        Work work;
        Done done;
    };
    void startNext();
    void finished(const QString &key, const Done &done, bool result);

    QThreadPool m_pool;
    int m_workers;
    int m_running = 0;
    struct Key
    {
        QQueue<Job> waiting;
        int running = 0;
        quint64 lastServed = 0; // m_served when it last got a worker
    };
    QHash<QString, Key> m_keys; // keys with jobs waiting or running
    quint64 m_served = 0;
};
