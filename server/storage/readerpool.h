#pragma once

#include <QList>
#include <QObject>
#include <QSqlDatabase>
#include <QString>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>

class QThread;

/// @brief Read-only connections to the store's database, each on a thread of its own, that
/// answer reads without waiting in the writer's queue.
///
/// WAL lets each reader see the last committed state while the writer goes on. A read may
/// depend on writes asked for before it (a history page after the conversation's first save):
/// it names a fence, the number of the last such write, and waits until the writer reports that
/// write committed (committedUpTo) — only for that one, never for the writes asked for after it.
///
/// Threads start on first use. With @p ordered, the callbacks arrive on @p callbackContext's
/// thread in the order the reads were submitted (a later, faster read waits for an earlier one),
/// as the store's callbacks always have; without it, as each read finishes.
class ReaderPool
{
public:
    ReaderPool(
        QString path, QString threadName, int threads, QObject *callbackContext, bool ordered);
    ~ReaderPool();
    ReaderPool(const ReaderPool &) = delete;
    ReaderPool &operator=(const ReaderPool &) = delete;

    /// Runs @p work inside a read transaction once write number @p fence has committed (0: at
    /// once); @p done gets false when no reader could open the database or begin the
    /// transaction. Call from the callback context's thread.
    void submit(
        quint64 fence, std::function<void(QSqlDatabase &)> work, std::function<void(bool)> done);
    /// The writer's commits up to write number @p seq are visible to readers now.
    void committedUpTo(quint64 seq);
    /// Stops the threads; reads not yet run are dropped with their callbacks.
    void stop();

private:
    struct Read
    {
        quint64 fence;
        quint64 ticket;
        std::function<void(QSqlDatabase &)> work;
        std::function<void(bool)> done;
    };
    bool startThreads(); // under m_mutex
    void loop(std::shared_ptr<std::promise<QString>> started);
    void deliver(quint64 ticket, std::function<void()> callback); // on the callback thread

    const QString m_path;
    const QString m_threadName;
    const int m_threadCount;
    QObject *const m_callbackContext;
    const bool m_ordered;

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Read> m_reads;
    quint64 m_committed = 0;
    bool m_stopping = false;
    bool m_failed = false;
    QList<QThread *> m_threads;

    // Callback thread only: ordered delivery.
    quint64 m_nextTicket = 1;
    quint64 m_nextToDeliver = 1;
    std::map<quint64, std::function<void()>> m_finished;
};
