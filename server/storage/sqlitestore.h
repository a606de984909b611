#pragma once

#include "cannedstore.h"
#include "conversationstore.h"
#include "eventprojection.h"
#include "healthcheck.h"
#include "searchindex.h"
#include "sessionstore.h"

#include <QObject>
#include <QSqlDatabase>
#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>

class QThread;

/// @brief The chat's storage interfaces on an embedded SQLite database, worked by one writer
/// thread.
///
/// Calls are queued to the writer thread, which takes every job waiting and runs them in one
/// `BEGIN IMMEDIATE … COMMIT` (group commit: one fsync for many messages), each job inside its
/// own savepoint so one failure does not undo the others. Callbacks run on the thread that
/// created the store, in call order, only after the commit. Nothing here blocks the event loop.
///
/// Long reads (the metrics' scans, SqliteMetricsSource) go to read-only connections on their
/// own threads (readerThreads, started on first use) through readSnapshot(): WAL lets them read
/// committed data while the writer goes on, and two halves of a range can be read at once.
/// The store keeps an optional EventProjection in step with the events log.
class SqliteStore final : public ConversationStore,
                          public SessionStore,
                          public CannedStore,
                          public SearchIndex,
                          public HealthCheck
{
public:
    /// Threads (each with its own connection) that serve readSnapshot().
    static constexpr int readerThreads = 2;

    /// @p projection, when given, is kept in step with the events log (the server passes the
    /// metrics' FactProjection; administration commands need none).
    explicit SqliteStore(
        const QString &path, std::unique_ptr<EventProjection> projection = nullptr);
    ~SqliteStore() override;

    /// Starts the writer thread, applies migrations. Returns an error message on failure.
    std::optional<QString> open();
    /// Finishes queued work and stops the writer thread.
    void close();

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
    void checkHealth(StoreCallback<bool> done) override;

    /// Runs @p work on the writer thread inside a transaction and waits for it. For start-up
    /// and administration commands only, never from the event loop of a serving server.
    bool runBlocking(const std::function<bool(QSqlDatabase &)> &work);
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
    };

    void enqueue(Job job);
    /// A job whose result is handed to @p done after commit, or @p failed when the commit failed.
    template <typename T>
    void ask(std::function<T(QSqlDatabase &)> work, StoreCallback<T> done, T failed);
    void write(std::function<bool(QSqlDatabase &)> work, StoreDone done);
    void workerLoop(std::shared_ptr<std::promise<QString>> started);
    void runBatch(QSqlDatabase &db, std::deque<Job> &batch);
    /// Hands an appended event to the projection (writer thread); true without one.
    bool project(const ConversationEvent &event, const ConversationView *conversation = nullptr);
    void readerLoop(std::shared_ptr<std::promise<QString>> started);

    QString m_path;
    QObject m_callbackContext; // lives on the owner thread; callbacks are queued to it
    QThread *m_thread = nullptr;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_jobs;
    bool m_stopping = false;
    std::unique_ptr<EventProjection> m_projection; // used on the writer thread

    struct ReadJob
    {
        std::function<void(QSqlDatabase &)> run;
        std::function<void(bool ok)> done;
    };
    QList<QThread *> m_readers;
    bool m_readerFailed = false;
    std::mutex m_readMutex;
    std::condition_variable m_readWake;
    std::deque<ReadJob> m_reads;
    bool m_readStopping = false;
};
