// SqlStore: the writer thread, its bounded queue and batches, and the reader pools.
#include "sqlstore.h"

#include "databaseintegrity.h"
#include "migrator.h"
#include "sqlconnection.h"
#include "sqldialect.h"
#include "sqlstatement.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <chrono>
#include <future>
#include <sqlite3.h>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

SqlStore::SqlStore(const QString &path, std::unique_ptr<EventProjection> projection)
    : m_path(path)
    , m_projection(std::move(projection))
    , m_lookups(std::make_unique<ReaderPool>(
          path, QStringLiteral("store-lookup"), lookupThreads, &m_callbackContext, true))
    , m_readers(std::make_unique<ReaderPool>(
          path, QStringLiteral("store-reader"), readerThreads, &m_callbackContext, false))
{ }

SqlStore::~SqlStore()
{
    close();
}

std::optional<QString> SqlStore::open()
{
    // Before SQLite opens it: SQLite would take a zero-length file for a new database.
    if (!Sql::isPostgresLocation(m_path))
        if (auto refused = DatabaseIntegrity::checkIdentity(m_path))
            return refused;
    auto started = std::make_shared<std::promise<QString>>();
    std::future<QString> result = started->get_future();
    m_thread = QThread::create([this, started] { workerLoop(started); });
    m_thread->setObjectName(QStringLiteral("store-writer"));
    m_thread->start();
    const QString error = result.get();
    if (!error.isEmpty()) {
        close();
        return error;
    }
    return std::nullopt;
}

void SqlStore::close()
{
    m_lookups->stop();
    m_readers->stop();
    if (!m_thread)
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}

void SqlStore::setQueueLimits(int maxJobs, int highWaterJobs)
{
    m_maxQueued = std::max(1, maxJobs);
    m_highWater = std::clamp(highWaterJobs, 1, m_maxQueued);
}

void SqlStore::workerLoop(std::shared_ptr<std::promise<QString>> started)
{
    auto connection = std::make_unique<SqlConnection>(m_path, SqlConnection::Role::Writer);
    if (!connection->isOpen()) {
        started->set_value(QStringLiteral("cannot open database %1: %2")
                               .arg(Sql::redacted(m_path), connection->errorText()));
        return;
    }
    if (auto error = Migrator(connection->database()).migrate()) {
        started->set_value(*error);
        return;
    }
    if (!openProjection(connection->database())) {
        started->set_value(
            QStringLiteral("cannot bring the rows derived from the events log up to date"));
        return;
    }
    started->set_value(QString());

    for (;;) {
        std::deque<Job> batch;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
            if (m_jobs.empty() && m_stopping) {
                if (m_projection)
                    m_projection->close();
                return;
            }
            // A job that must run alone gets a batch of its own.
            do {
                batch.push_back(std::move(m_jobs.front()));
                m_jobs.pop_front();
            } while (!batch.back().alone && !m_jobs.empty() && !m_jobs.front().alone
                && batch.size() < size_t(maxBatch));
            m_runningSince = batch.front().enqueuedAt;
        }
        if ((!connection || connection->isLost()) && !reconnectWriter(connection)) {
            m_health.recordFailure(QStringLiteral("the connection to the database was lost"),
                QDateTime::currentMSecsSinceEpoch());
            finishBatch(batch, std::vector<char>(batch.size(), 0));
            continue;
        }
        runBatch(connection->database(), batch);
    }
}

namespace {
bool control(QSqlDatabase &db, const char *sql)
{
    return SqlStatement(db, sql).exec();
}

/// Milliseconds of a clock that never jumps, for how long writes wait.
qint64 steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

/// SQLite rolls a transaction back by itself on some errors (a full disk, I/O): what a job
/// writes after that would commit on its own, so the batch stops there.
bool stillInTransaction(QSqlDatabase &db)
{
    return SqlStatement::inTransaction(db);
}

/// The statement that opens a write transaction on @p db (a literal: SqlStatement keeps it).
const char *beginSql(QSqlDatabase &db)
{
    return Sql::dialectOf(db) == SqlDialect::Sqlite ? "BEGIN IMMEDIATE" : "BEGIN";
}
} // namespace

bool SqlStore::openProjection(QSqlDatabase &db)
{
    if (!m_projection)
        return true;
    // Rows derived by another version (or an upgraded database): derived again.
    QSqlQuery control(db);
    if (control.exec(Sql::beginWrite(Sql::dialectOf(db))) && m_projection->open(db)
        && m_projection->flush() && control.exec(QStringLiteral("COMMIT")))
        return true;
    control.exec(QStringLiteral("ROLLBACK"));
    m_projection->close();
    return false;
}

bool SqlStore::reconnectWriter(std::unique_ptr<SqlConnection> &connection)
{
    const qint64 now = steadyMs();
    if (m_lastReconnectMs && now - m_lastReconnectMs < 1'000)
        return false; // a database that is down is not asked more than once a second
    m_lastReconnectMs = now;
    if (m_projection)
        m_projection->close(); // it holds statements of the lost connection
    connection.reset();
    auto fresh = std::make_unique<SqlConnection>(m_path, SqlConnection::Role::Writer);
    if (!fresh->isOpen()) {
        qCWarning(lcStore).noquote()
            << "the database connection is lost; a new one failed:" << fresh->errorText();
        return false;
    }
    const bool setUp = [&] {
        if (!m_sessionSetup)
            return true;
        QSqlQuery control(fresh->database());
        if (control.exec(QStringLiteral("BEGIN")) && m_sessionSetup(fresh->database())
            && control.exec(QStringLiteral("COMMIT")))
            return true;
        control.exec(QStringLiteral("ROLLBACK"));
        return false;
    }();
    if (!setUp || !openProjection(fresh->database())) {
        qCWarning(lcStore) << "the database connection is lost; a new one could not be set up "
                              "as at start (is the serving lock held by another server?)";
        return false;
    }
    connection = std::move(fresh);
    qCInfo(lcStore) << "the database connection was lost and is open again";
    return true;
}

void SqlStore::runBatch(QSqlDatabase &db, std::deque<Job> &batch)
{
    std::vector<char> committed(batch.size(), 0);
    if (batch.size() == 1 || batch.front().alone) {
        committed[0] = runAlone(db, batch.front());
        return finishBatch(batch, std::move(committed));
    }
    // The fast path: every job in one transaction, no savepoints (each would make SQLite keep
    // a statement journal and flush the full-text index).
    if (!control(db, beginSql(db))) {
        // Nothing ran. Running each job alone would wait for the same lock (or full disk)
        // once per job, up to the busy timeout each: the whole batch fails now instead.
        noteFailed(db, "BEGIN");
        return finishBatch(batch, std::move(committed));
    }
    bool allRan = lockRowsInOrder(db, batch);
    for (size_t i = 0; allRan && i < batch.size(); ++i)
        allRan = batch[i].run(db) && stillInTransaction(db);
    if (allRan && commit(db)) {
        std::fill(committed.begin(), committed.end(), 1);
        return finishBatch(batch, std::move(committed));
    }
    // A job failed (or the commit did): nothing of the batch stays; each job runs again in a
    // transaction of its own, so the failure undoes only its own job.
    m_health.recordRetriedBatch();
    rollBack(db);
    for (size_t i = 0; i < batch.size(); ++i)
        committed[i] = runAlone(db, batch[i]);
    finishBatch(batch, std::move(committed));
}

bool SqlStore::lockRowsInOrder(QSqlDatabase &db, const std::deque<Job> &jobs)
{
    QStringList conversations;
    QStringList agents;
    for (const Job &job : jobs) {
        if (!job.conversationId.isEmpty())
            conversations.append(job.conversationId);
        if (!job.agentId.isEmpty())
            agents.append(job.agentId);
    }
    return lockRowsInOrder(db, conversations, agents);
}

bool SqlStore::lockRowsInOrder(QSqlDatabase &db, QStringList conversations, QStringList agents)
{
    // Another node's writer may hold some of these rows. Taken in the jobs' order (and an
    // automatic assignment takes its agent's row before its conversation's), two transactions
    // could each wait for a row the other holds: PostgreSQL breaks that only after
    // deadlock_timeout (1 s), and the loser runs again job by job. Taken first in one order
    // (conversations, then agents, each by id), one transaction simply waits for the other.
    // SQLite has one writer.
    if (Sql::dialectOf(db) != SqlDialect::Postgres)
        return true;
    conversations.removeAll(QString());
    agents.removeAll(QString());
    if (conversations.size() < 2 && agents.isEmpty())
        return true; // one conversation's rows, nothing else locked: nothing to order
    for (QStringList *ids : { &conversations, &agents }) {
        ids->sort();
        ids->removeDuplicates();
    }
    // One text parameter each, split by the server: a comma in a client's bogus id only makes
    // ids that match nothing.
    SqlStatement lockConversations(db,
        "SELECT id FROM conversations WHERE id = ANY(string_to_array(?1, ',')) ORDER BY id "
        "FOR UPDATE");
    lockConversations.bind(1, conversations.join(u','));
    if (!lockConversations.exec())
        return false;
    if (agents.isEmpty())
        return true;
    SqlStatement lockAgents(db,
        "SELECT id FROM agents WHERE id = ANY(string_to_array(?1, ',')) ORDER BY id FOR UPDATE");
    lockAgents.bind(1, agents.join(u','));
    return lockAgents.exec();
}

bool SqlStore::configureProcess()
{
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
}

bool SqlStore::runAlone(QSqlDatabase &db, Job &job)
{
    if (!control(db, beginSql(db))) {
        noteFailed(db, "BEGIN");
        return false;
    }
    // A job that returns false is rolled back; its transaction still finished as it should
    // (the job reports its own failure through its result), unless a statement failed for a
    // reason of the database or the machine.
    const bool ran
        = lockRowsInOrder(db, QStringList { job.conversationId }, QStringList { job.agentId })
        && job.run(db);
    if (!stillInTransaction(db)) {
        noteFailed(db, "a statement"); // SQLite rolled it back
        rollBack(db);
        return false;
    }
    if (!ran) {
        if (SqlStatement::lastErrorIsFault(db))
            noteFailed(db, "a statement");
        return rollBack(db);
    }
    if (commit(db))
        return true;
    rollBack(db); // nothing of it stays, and it says so
    return false;
}

bool SqlStore::commit(QSqlDatabase &db)
{
    // The projection writes what it folded in memory inside the transaction, before COMMIT.
    // PostgreSQL answers COMMIT of a transaction with a failed statement by rolling it back.
    if ((!m_projection || m_projection->flush()) && !SqlStatement::transactionFailed(db)
        && control(db, "COMMIT")) {
        noteCommitted();
        return true;
    }
    noteFailed(db, "COMMIT");
    return false;
}

void SqlStore::noteCommitted()
{
    if (m_health.recordCommit(QDateTime::currentMSecsSinceEpoch()))
        qCInfo(lcStore) << "writes commit again";
}

void SqlStore::noteFailed(QSqlDatabase &db, const char *during)
{
    // A failure without an error of the database's own (the projection refused) still did not
    // commit.
    QString reason = SqlStatement::lastError(db);
    if (reason.isEmpty())
        reason = QStringLiteral("the transaction could not be committed");
    if (m_health.recordFailure(reason, QDateTime::currentMSecsSinceEpoch()))
        qCWarning(lcStore).noquote()
            << QStringLiteral("writes fail: %1 (at %2); /healthz answers 503 until a write "
                              "commits again")
                   .arg(reason, QLatin1String(during));
}

StorageHealth SqlStore::storageHealth() const
{
    StorageHealth health = m_health.state();
    qint64 oldest = 0;
    {
        std::lock_guard lock(m_mutex);
        oldest = m_runningSince ? m_runningSince : (m_jobs.empty() ? 0 : m_jobs.front().enqueuedAt);
    }
    health.backlog = backlog();
    health.oldestWaitMs = oldest ? std::max<qint64>(0, steadyMs() - oldest) : 0;
    return health;
}

bool SqlStore::rollBack(QSqlDatabase &db)
{
    if (m_projection)
        m_projection->discard();
    return !stillInTransaction(db) || control(db, "ROLLBACK");
}

void SqlStore::finishBatch(std::deque<Job> &batch, std::vector<char> committed)
{
    // Done with these: a caller woken by afterCommit sees them gone from the backlog.
    m_backlog.fetch_sub(int(batch.size()), std::memory_order_relaxed);
    for (size_t i = 0; i < batch.size(); ++i)
        if (batch[i].afterCommit)
            batch[i].afterCommit(committed[i]);
    const quint64 lastSeq = batch.back().seq;
    auto callbacks = std::make_shared<std::deque<Job>>(std::move(batch));
    QMetaObject::invokeMethod(
        &m_callbackContext,
        [callbacks, committed = std::move(committed)] {
            for (size_t i = 0; i < callbacks->size(); ++i)
                if ((*callbacks)[i].done)
                    (*callbacks)[i].done(committed[i]);
        },
        Qt::QueuedConnection);
    {
        std::lock_guard lock(m_mutex);
        m_runningSince = 0;
        m_committedSeq = lastSeq;
        m_pendingWrites.removeIf([lastSeq](const auto &write) { return write.value() <= lastSeq; });
    }
    // After the callbacks were posted: a read waiting for these writes answers after them.
    m_lookups->committedUpTo(lastSeq);
    m_readers->committedUpTo(lastSeq);
}

std::function<void(bool)> SqlStore::counted(std::function<void(bool)> done)
{
    m_unanswered.fetch_add(1, std::memory_order_relaxed);
    return [this, done = std::move(done)](bool ok) {
        if (done)
            done(ok);
        m_unanswered.fetch_sub(1, std::memory_order_relaxed);
    };
}

void SqlStore::enqueue(Job job, std::initializer_list<QString> touches)
{
    if (job.done)
        job.done = counted(std::move(job.done));
    {
        std::lock_guard lock(m_mutex);
        if (!job.alone && m_backlog.load(std::memory_order_relaxed) >= m_maxQueued) {
            // Over the bound: refused now rather than growing the queue without limit.
            QMetaObject::invokeMethod(
                &m_callbackContext,
                [done = std::move(job.done)] {
                    if (done)
                        done(false);
                },
                Qt::QueuedConnection);
            return;
        }
        job.seq = ++m_lastSeq;
        job.enqueuedAt = steadyMs();
        for (const QString &touched : touches) {
            if (touched.isEmpty())
                continue;
            m_pendingWrites.insert(touched, job.seq);
            if (job.conversationId.isEmpty() && touched.startsWith(u"c:"))
                job.conversationId = touched.mid(2);
            if (job.agentId.isEmpty() && touched.startsWith(u"a:"))
                job.agentId = touched.mid(2);
        }
        m_jobs.push_back(std::move(job));
        m_backlog.fetch_add(1, std::memory_order_relaxed);
    }
    m_wake.notify_one();
}

quint64 SqlStore::fenceFor(std::initializer_list<QString> reads)
{
    std::lock_guard lock(m_mutex);
    quint64 fence = 0;
    for (const QString &read : reads)
        fence = std::max(fence, m_pendingWrites.value(read, 0));
    return fence;
}

void SqlStore::write(std::function<bool(QSqlDatabase &)> work, StoreDone done,
    std::initializer_list<QString> touches)
{
    auto ok = std::make_shared<bool>(false);
    enqueue(Job { [work = std::move(work), ok](QSqlDatabase &db) { return *ok = work(db); },
                [ok, done = std::move(done)](bool committed) {
                    if (done)
                        done(committed && *ok);
                },
                nullptr, false, 0, 0 },
        touches);
}

bool SqlStore::setUpSessions(std::function<bool(QSqlDatabase &)> setup)
{
    m_sessionSetup = setup; // before serving: the writer reads it only after a reconnect
    return runBlocking(setup);
}

bool SqlStore::runBlocking(const std::function<bool(QSqlDatabase &)> &work)
{
    std::promise<bool> finished;
    std::future<bool> result = finished.get_future();
    auto ok = std::make_shared<bool>(false);
    // Completed on the writer thread after the commit: the caller may not run an event loop.
    // Alone, so it runs exactly once: administration work may add to the caller's lists.
    enqueue(Job { [&work, ok](QSqlDatabase &db) { return *ok = work(db); }, nullptr,
        [&finished, ok](bool committed) { finished.set_value(committed && *ok); }, true, 0, 0 });
    return result.get();
}

void SqlStore::readSnapshot(
    std::function<void(QSqlDatabase &)> work, std::function<void(bool ok)> done)
{
    m_readers->submit(0, std::move(work), counted(std::move(done)));
}
