#pragma once

#include "cannedstore.h"
#include "conversationstore.h"
#include "eventprojection.h"
#include "filestore.h"
#include "healthcheck.h"
#include "readerpool.h"
#include "searchindex.h"
#include "sessionstore.h"
#include "writerhealth.h"

#include <QHash>
#include <QObject>
#include <QSqlDatabase>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <vector>

class QThread;
class SqlConnection;

/// @brief The chat's storage interfaces on an SQL database — an embedded SQLite file, or
/// PostgreSQL when the location is a `postgres://` URL — worked by one writer thread and a few
/// reader threads, each with a connection of its own (SqlConnection). What the engines do
/// differently is in Sql:: (sqldialect.h); what follows is said of SQLite, and holds for
/// PostgreSQL with its own words: `BEGIN` instead of `BEGIN IMMEDIATE`, a failed statement
/// leaves the transaction to be rolled back, a read is one `REPEATABLE READ` snapshot.
///
/// Writes are queued to the writer thread, which takes every job waiting (up to maxBatch) and
/// runs them in one `BEGIN IMMEDIATE … COMMIT` (group commit: one fsync and one full-text index
/// flush for many messages), with no savepoint per job: a savepoint makes SQLite keep a
/// statement journal and flush the FTS index each time. When a job fails (returns false, or a
/// statement errors) the whole batch is rolled back and its jobs run again, each in its own
/// transaction, so a failure still undoes only its own job; when the transaction cannot even
/// begin (a lock held past the busy timeout), the whole batch fails at once. Jobs therefore must be
/// safe to run twice: they write their results into their own state afresh on every run, and the
/// EventProjection keeps nothing outside the database. Jobs validate before they write, so the
/// usual refusals (a closed conversation, a clientId conflict) do not take the slow path.
/// Callbacks run on the thread that created the store, in call order, only after the commit.
/// Nothing here blocks the event loop. Every transaction's outcome is kept in a WriterHealth
/// (storageHealth()), so health checks never queue behind a stuck writer.
///
/// The queue is bounded: at most maxQueuedJobs() jobs wait or run; a job asked for beyond that
/// is refused at once (its callback gets a storage failure). backlog() and backlogHigh() are
/// cheap and thread-safe, so the transport can stop reading sockets while the writer catches
/// up, which turns overload into latency instead of memory and refusals.
///
/// Reads that serve sign-in, hello and history (the find… and list… lookups, fetchHistory,
/// searchMessages) never wait in the writer's queue: they run on read-only WAL connections
/// (ReaderPool, lookupThreads threads) and see the last committed state. A read waits only for
/// the writes asked for before it that touch what it reads (the same conversation's row,
/// visitors, sessions and agents, canned responses), so a caller that writes and then reads,
/// without waiting for the write's callback, still reads its own write. Message appends hold no
/// read back: a message exists for readers once acknowledged, and the sessions taking part get
/// it live after its commit (docs/protocol.md, catch-up). Their callbacks come in the order the
/// reads were asked for. Reads that must see a write in the same job
/// (claimVisitorForUser, resumeSession) stay on the writer.
///
/// Long reads (the metrics' scans, SqliteMetricsSource; the full-text search) go to readers of
/// their own (readerThreads, started on first use) through readSnapshot(), so a long scan does
/// not hold up a sign-in. The store keeps an optional EventProjection in step with the events
/// log.
class SqlStore final : public ConversationStore,
                       public SessionStore,
                       public CannedStore,
                       public SearchIndex,
                       public FileStore,
                       public HealthCheck
{
public:
    /// Threads (each with its own connection) that serve readSnapshot() and search.
    static constexpr int readerThreads = 2;
    /// Threads (each with its own connection) that serve the lookups and history.
    static constexpr int lookupThreads = 2;
    /// Jobs the writer takes into one transaction at most.
    static constexpr int maxBatch = 512;
    /// Default bound of the writer's queue (jobs waiting or running), and its high-water mark.
    static constexpr int defaultMaxQueuedJobs = 20'000;
    static constexpr int defaultHighWaterJobs = 4'096;

    /// @p projection, when given, is kept in step with the events log (the server passes the
    /// metrics' FactProjection; administration commands need none).
    explicit SqlStore(const QString &path, std::unique_ptr<EventProjection> projection = nullptr);
    ~SqlStore() override;

    /// Process-wide SQLite settings for a server: call before any database is opened (first
    /// thing in main). Turns off SQLite's memory statistics, which take a global mutex around
    /// every allocation of every connection (writer and readers contend on it). False when
    /// SQLite was already initialised (then nothing changed).
    static bool configureProcess();

    /// Starts the writer thread, applies migrations. Returns an error message on failure.
    std::optional<QString> open();
    /// Finishes queued work and stops the writer thread.
    void close();

    /// Bounds the writer's queue: beyond @p maxJobs jobs waiting or running, a job is refused
    /// (its callback reports a storage failure); from @p highWaterJobs on, backlogHigh() is
    /// true. Call before open(); both at least 1.
    void setQueueLimits(int maxJobs, int highWaterJobs);
    int maxQueuedJobs() const { return m_maxQueued; }
    /// Jobs waiting for the writer or in its running batch. Any thread; one atomic load.
    int backlog() const { return m_backlog.load(std::memory_order_relaxed); }
    /// The backlog reached the high-water mark: stop reading new requests until it is below.
    /// Any thread; one atomic load.
    bool backlogHigh() const { return backlog() >= m_highWater; }
    /// Requests asked of the store (writes, lookups, long reads) whose callbacks have not run
    /// yet. A callback that asks for more is counted on until it returns, so zero means no
    /// answer (no ack) is on its way: what a server shutting down waits for. Any thread.
    int unansweredRequests() const { return m_unanswered.load(std::memory_order_relaxed); }

    QList<ConversationView> loadOpenConversations() override;
    QList<AgentAccount> loadAgents() override;
    QList<qint64> loadRecentHandlingTimes(int limit) override;

    void findSiteByKey(const QString &siteKey, StoreCallback<std::optional<Site>> done) override;
    void listSites(StoreCallback<QList<Site>> done) override;
    void findVisitorByToken(const QString &siteId, const QString &tokenHash,
        StoreCallback<std::optional<VisitorRecord>> done) override;
    void saveVisitor(const VisitorRecord &visitor, StoreDone done) override;
    void claimVisitorForUser(
        const VisitorRecord &candidate, StoreCallback<VisitorRecord> done) override;
    void saveVisitorDetails(
        const VisitorView &visitor, qint64 at, bool withIdentity, StoreDone done) override;
    void listOfflineInbox(int limit, StoreCallback<QList<ConversationView>> done) override;
    void listVisitorConversations(
        const QString &visitorId, int limit, StoreCallback<QList<ConversationView>> done) override;
    void saveConversation(const ConversationView &conversation,
        const QList<ConversationEvent> &events, StoreDone done) override;
    void listOpenConversations(StoreCallback<QList<ConversationView>> done) override;
    void changeConversation(
        const ConversationChange &change, StoreCallback<ConversationChangeResult> done) override;
    void findConversation(
        const QString &id, StoreCallback<std::optional<ConversationView>> done) override;
    void changeOfflineMessage(
        const OfflineChange &change, StoreCallback<OfflineChangeResult> done) override;
    void appendMessage(const AppendRequest &request, StoreCallback<AppendResult> done) override;
    void fetchHistory(const HistoryQuery &query, StoreCallback<HistoryPage> done) override;
    void findAgentByEmail(
        const QString &email, StoreCallback<std::optional<AgentAccount>> done) override;
    void startSession(
        const AgentSession &session, const QString &tokenHash, StoreDone done) override;
    void resumeSession(const QString &tokenHash, const QString &newTokenHash, qint64 now,
        qint64 overlapUntil, qint64 idleExpiresAt,
        StoreCallback<std::optional<SessionGrant>> done) override;
    void findSession(const QString &tokenHash, qint64 now,
        StoreCallback<std::optional<AgentAccount>> done) override;
    void endSession(
        const QString &sessionId, SessionEnd reason, qint64 now, StoreDone done) override;
    void keepSessionsAlive(const QStringList &sessionIds, qint64 idleExpiresAt) override;
    void sessionChanges(StoreCallback<qint64> done) override;
    void checkSessions(const QStringList &agentIds, qint64 now,
        StoreCallback<QHash<QString, AgentSessionsState>> done) override;
    void savePresence(const QString &agentId, Presence status, qint64 at) override;
    void findDepartment(const QString &id, StoreCallback<std::optional<Department>> done) override;
    void listCanned(const QString &agentId, StoreCallback<QList<CannedRecord>> done) override;
    void findCanned(const QString &id, StoreCallback<std::optional<CannedRecord>> done) override;
    void saveCanned(const CannedRecord &record, const QString &agentId, qint64 now,
        std::function<void(StoreStatus, CannedRecord)> done) override;
    void deleteCanned(const QString &id, StoreCallback<StoreStatus> done) override;
    void searchMessages(const QString &text, int limit, ConversationFilter visible,
        StoreCallback<QList<SearchHit>> done) override;
    void saveFile(const FileRecord &file, int maxPerConversation,
        StoreCallback<FileSaveResult> done) override;
    void findFile(const QString &id, StoreCallback<std::optional<FileRecord>> done) override;
    /// The writer's last outcome (WriterHealth) with the queue's backlog and the wait of its
    /// oldest write; takes the queue's lock for a moment, never waits for the database.
    StorageHealth storageHealth() const override;

    /// Runs @p work on the writer thread inside a transaction and waits for it. For start-up
    /// and administration commands only, never from the event loop of a serving server.
    bool runBlocking(const std::function<bool(QSqlDatabase &)> &work);
    /// Runs @p setup on the writer's connection now (as runBlocking() does; its result), and
    /// again, in a transaction of its own, on every connection the writer opens after
    /// PostgreSQL dropped its last one: what a session holds (a session lock) is taken again.
    /// A connection whose @p setup returns false is not used (the writes fail and the writer
    /// tries again later). Call once, before serving.
    bool setUpSessions(std::function<bool(QSqlDatabase &)> setup);
    /// Runs @p work on a reader thread in a read transaction (one snapshot of committed data),
    /// never holding up writes; @p done on the thread that created the store, false when no
    /// reader could open the database or begin the transaction.
    void readSnapshot(std::function<void(QSqlDatabase &)> work, std::function<void(bool ok)> done);

private:
    struct Job
    {
        std::function<bool(QSqlDatabase &)> run; // false: roll this job back
        std::function<void(bool committed)> done; // on the owner thread
        std::function<void(bool committed)> afterCommit; // on the writer thread
        bool alone; // runs in a transaction of its own, never twice (runBlocking's work)
        quint64 seq; // set by enqueue: the write's number, for readers' fences
        qint64 enqueuedAt; // set by enqueue: steady-clock ms, for the oldest write's wait
        /// The conversation whose row it writes, if any (enqueue takes it from its touches):
        /// on PostgreSQL a batch locks its conversations' rows in one order before its jobs.
        QString conversationId = {};
        /// The agent whose row it locks or writes, if any (enqueue takes it from an "a:<id>"
        /// touch): locked after the conversations, in the same way.
        QString agentId = {};
    };

    /// Stores a message with its `message` event (in the caller's transaction).
    AppendResult storeMessage(QSqlDatabase &db, const AppendRequest &request);
    /// Queues @p job; @p touches names what it writes ("c:<id>" a conversation, "a:<id>" an
    /// agent's row (for the lock order only), "visitors",
    /// "sessions", "agents", "canned", "conversations" any conversation's row) so
    /// that later reads of it wait for its commit.
    void enqueue(Job job, std::initializer_list<QString> touches = {});
    /// A job whose result is handed to @p done after commit, or @p failed when the commit failed.
    template <typename T>
    void ask(std::function<T(QSqlDatabase &)> work, StoreCallback<T> done, T failed,
        std::initializer_list<QString> touches = {});
    void write(std::function<bool(QSqlDatabase &)> work, StoreDone done,
        std::initializer_list<QString> touches);
    /// A read on the lookup readers, after the writes to @p reads asked for before it.
    template <typename T>
    void lookup(std::initializer_list<QString> reads, std::function<T(QSqlDatabase &)> work,
        StoreCallback<T> done, T failed);
    quint64 fenceFor(std::initializer_list<QString> reads);
    void workerLoop(std::shared_ptr<std::promise<QString>> started);
    /// The rows derived from the log brought up to date on a new writer connection.
    bool openProjection(QSqlDatabase &db);
    /// PostgreSQL dropped the writer's connection (a restart, a failover, a terminated
    /// backend): opens a new one, at most once a second, and sets it up as at start. False
    /// while none could be had (the batch then fails at once).
    bool reconnectWriter(std::unique_ptr<SqlConnection> &connection);
    void runBatch(QSqlDatabase &db, std::deque<Job> &batch);
    /// PostgreSQL: locks the rows of the conversations, then of the agents, that @p jobs
    /// write (in id order), so that two nodes' transactions never wait for each other in a
    /// cycle. False if the lock failed.
    bool lockRowsInOrder(QSqlDatabase &db, const std::deque<Job> &jobs);
    /// The same for the rows named (empty names are left out).
    bool lockRowsInOrder(QSqlDatabase &db, QStringList conversations, QStringList agents);
    /// Runs @p job in a transaction of its own; false when that transaction did not finish.
    bool runAlone(QSqlDatabase &db, Job &job);
    /// Lets the projection write what it folded, then commits; false: not committed.
    bool commit(QSqlDatabase &db);
    /// Rolls the transaction back (if SQLite has not already) and the projection's folding with
    /// it; true when no transaction is left open.
    bool rollBack(QSqlDatabase &db);
    void finishBatch(std::deque<Job> &batch, std::vector<char> committed);
    /// Records in m_health that a transaction committed, or did not (SQLite's reason, read
    /// from @p db's connection); logs when writes start or stop failing.
    void noteCommitted();
    void noteFailed(QSqlDatabase &db, const char *during);
    /// Hands an appended event to the projection (writer thread); true without one.
    bool project(const ConversationEvent &event, const ConversationView *conversation = nullptr);
    void readerLoop(std::shared_ptr<std::promise<QString>> started);
    /// @p done, counted in unansweredRequests() from now until it has run.
    std::function<void(bool)> counted(std::function<void(bool)> done);

    QString m_path;
    QObject m_callbackContext; // lives on the owner thread; callbacks are queued to it
    QThread *m_thread = nullptr;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_jobs;
    bool m_stopping = false;
    std::unique_ptr<EventProjection> m_projection; // used on the writer thread

    int m_maxQueued = defaultMaxQueuedJobs;
    int m_highWater = defaultHighWaterJobs;
    std::atomic<int> m_backlog { 0 };
    std::atomic<int> m_unanswered { 0 };
    // Under m_mutex: the last write number asked for, the last committed, and the last write
    // of each thing named in enqueue()'s touches that has not committed yet.
    quint64 m_lastSeq = 0;
    quint64 m_committedSeq = 0;
    QHash<QString, quint64> m_pendingWrites;
    qint64 m_runningSince = 0; // under m_mutex: enqueuedAt of the running batch's first job
    WriterHealth m_health;
    std::function<bool(QSqlDatabase &)> m_sessionSetup; // set before serving; writer thread
    qint64 m_lastReconnectMs = 0; // writer thread: steady-clock ms of the last attempt

    /// A site lookup not begun yet, with everyone waiting for it (owner thread).
    struct SharedSiteLookup
    {
        std::atomic<bool> started { false };
        std::vector<StoreCallback<std::optional<Site>>> waiting;
    };
    QHash<QString, std::shared_ptr<SharedSiteLookup>> m_siteLookups;

    std::unique_ptr<ReaderPool> m_lookups; // ordered: lookups and history
    std::unique_ptr<ReaderPool> m_readers; // long reads: metrics scans, search
};
