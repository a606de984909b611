#include "readerpool.h"

#include "sqlconnection.h"
#include "sqldialect.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSqlQuery>
#include <QThread>
#include <future>

Q_LOGGING_CATEGORY(lcReaders, "chat.store.readers")

ReaderPool::ReaderPool(
    QString path, QString threadName, int threads, QObject *callbackContext, bool ordered)
    : m_path(std::move(path))
    , m_threadName(std::move(threadName))
    , m_threadCount(threads)
    , m_callbackContext(callbackContext)
    , m_ordered(ordered)
{ }

ReaderPool::~ReaderPool()
{
    stop();
}

void ReaderPool::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (QThread *thread : std::as_const(m_threads)) {
        thread->wait();
        delete thread;
    }
    m_threads.clear();
}

bool ReaderPool::startThreads()
{
    while (m_threads.size() < m_threadCount && !m_failed && !m_stopping) {
        auto started = std::make_shared<std::promise<QString>>();
        std::future<QString> result = started->get_future();
        QThread *thread = QThread::create([this, started] { loop(started); });
        thread->setObjectName(m_threadName);
        thread->start();
        if (const QString error = result.get(); !error.isEmpty()) {
            qCWarning(lcReaders) << "reader:" << error;
            m_failed = true;
            thread->wait();
            delete thread;
        } else {
            m_threads.append(thread);
        }
    }
    return !m_threads.isEmpty();
}

void ReaderPool::submit(
    quint64 fence, std::function<void(QSqlDatabase &)> work, std::function<void(bool)> done)
{
    const quint64 ticket = m_nextTicket++;
    {
        std::lock_guard lock(m_mutex);
        if (startThreads()) {
            m_reads.push_back(Read { fence, ticket, std::move(work), std::move(done) });
            m_wake.notify_all();
            return;
        }
    }
    QMetaObject::invokeMethod(
        m_callbackContext,
        [this, ticket, done = std::move(done)] { deliver(ticket, [done] { done(false); }); },
        Qt::QueuedConnection);
}

void ReaderPool::committedUpTo(quint64 seq)
{
    {
        std::lock_guard lock(m_mutex);
        if (seq <= m_committed)
            return;
        m_committed = seq;
        // Only reads that were waiting for a write can have become runnable.
        bool waiting = false;
        for (const Read &read : m_reads)
            waiting = waiting || read.fence > 0;
        if (!waiting)
            return;
    }
    m_wake.notify_all();
}

void ReaderPool::loop(std::shared_ptr<std::promise<QString>> started)
{
    auto connection = std::make_unique<SqlConnection>(m_path);
    if (!connection->isOpen()) {
        started->set_value(connection->errorText());
        return;
    }
    auto control = std::make_unique<QSqlQuery>(connection->database());
    // A reader never writes (PostgreSQL's connection is made read-only by SqlConnection).
    const bool postgres = Sql::dialectOf(connection->database()) == SqlDialect::Postgres;
    if (!postgres)
        control->exec(QStringLiteral("PRAGMA query_only = ON"));
    QElapsedTimer sinceReconnect;
    // One snapshot for the whole read: SQLite's read transaction is one; PostgreSQL's default
    // (read committed) takes a new one for every statement.
    const QString begin = postgres ? QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ")
                                   : QStringLiteral("BEGIN");
    started->set_value(QString());
    for (;;) {
        Read read;
        {
            std::unique_lock lock(m_mutex);
            auto runnable = m_reads.end();
            m_wake.wait(lock, [this, &runnable] {
                if (m_stopping)
                    return true;
                runnable = std::find_if(m_reads.begin(), m_reads.end(),
                    [this](const Read &r) { return r.fence <= m_committed; });
                return runnable != m_reads.end();
            });
            if (m_stopping)
                return; // pending callbacks would find the store gone
            read = std::move(*runnable);
            m_reads.erase(runnable);
        }
        // PostgreSQL dropped the connection (a restart, a failover): a new one, at most once a
        // second; meanwhile reads fail.
        if ((!connection->isOpen() || connection->isLost())
            && (!sinceReconnect.isValid() || sinceReconnect.hasExpired(1'000))) {
            sinceReconnect.start();
            control.reset();
            connection = std::make_unique<SqlConnection>(m_path);
            control = std::make_unique<QSqlQuery>(connection->database());
        }
        // One snapshot per read: every row it reads is from the same committed state.
        const bool ok = connection->isOpen() && control->exec(begin);
        if (ok)
            read.work(connection->database());
        control->exec(QStringLiteral("COMMIT"));
        QMetaObject::invokeMethod(
            m_callbackContext,
            [this, ticket = read.ticket, done = std::move(read.done), ok] {
                deliver(ticket, [done, ok] { done(ok); });
            },
            Qt::QueuedConnection);
    }
}

void ReaderPool::deliver(quint64 ticket, std::function<void()> callback)
{
    if (!m_ordered)
        return callback();
    m_finished.emplace(ticket, std::move(callback));
    // Everything finished in submission order goes out now; a gap waits for its read.
    while (!m_finished.empty() && m_finished.begin()->first == m_nextToDeliver) {
        auto next = m_finished.extract(m_finished.begin());
        ++m_nextToDeliver;
        next.mapped()();
    }
}
