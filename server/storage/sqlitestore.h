#pragma once

#include "chatstore.h"

#include <QObject>
#include <QSqlDatabase>
#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>

class QThread;
class FactTable;

/// @brief ChatStore on an embedded SQLite database, worked by one writer thread.
///
/// Calls are queued to the writer thread, which takes every job waiting and runs them in one
/// `BEGIN IMMEDIATE … COMMIT` (group commit: one fsync for many messages), each job inside its
/// own savepoint so one failure does not undo the others. Callbacks run on the thread that
/// created the store, in call order, only after the commit. Nothing here blocks the event loop.
///
/// Metrics reads (long scans) go to read-only connections on their own threads (readerThreads,
/// started on first use): WAL lets them read committed data while the writer goes on, and two
/// halves of a range can be read at once.
class SqliteStore final : public ChatStore
{
public:
    /// Threads (each with its own connection) that serve metrics reads.
    static constexpr int readerThreads = 2;

    explicit SqliteStore(const QString &path);
    ~SqliteStore() override;

    /// Starts the writer thread, applies migrations. Returns an error message on failure.
    std::optional<QString> open();
    /// Finishes queued work and stops the writer thread.
    void close();

    QList<ConversationView> loadOpenConversations() override;
    QList<AgentAccount> loadAgents() override;
    QList<qint64> loadRecentHandlingTimes(int limit) override;

    void findSiteByKey(const QString &siteKey, Callback<std::optional<Site>> done) override;
    void listSites(Callback<QList<Site>> done) override;
    void findVisitorByToken(const QString &siteId, const QString &tokenHash,
        Callback<std::optional<VisitorRecord>> done) override;
    void saveVisitor(const VisitorRecord &visitor, Done done) override;
    void saveVisitorDetails(
        const VisitorView &visitor, qint64 at, bool withIdentity, Done done) override;
    void listOfflineInbox(int limit, Callback<QList<ConversationView>> done) override;
    void listVisitorConversations(
        const QString &visitorId, int limit, Callback<QList<ConversationView>> done) override;
    void saveConversation(const ConversationView &conversation,
        const QList<ConversationEvent> &events, Done done) override;
    void findConversation(
        const QString &id, Callback<std::optional<ConversationView>> done) override;
    void changeOfflineMessage(
        const OfflineChange &change, Callback<OfflineChangeResult> done) override;
    void appendMessage(const AppendRequest &request, Callback<AppendResult> done) override;
    void fetchHistory(const HistoryQuery &query, Callback<HistoryPage> done) override;
    void findAgentByEmail(
        const QString &email, Callback<std::optional<AgentAccount>> done) override;
    void createSession(const QString &tokenHash, const QString &agentId, qint64 now,
        qint64 expiresAt, Done done) override;
    void findSession(
        const QString &tokenHash, qint64 now, Callback<std::optional<AgentAccount>> done) override;
    void savePresence(const QString &agentId, const QString &status, qint64 at) override;
    void findDepartment(const QString &id, Callback<std::optional<Department>> done) override;
    void listCanned(Callback<QList<CannedResponse>> done) override;
    void saveCanned(const CannedResponse &response, const QString &agentId, qint64 now,
        std::function<void(StoreStatus, CannedResponse)> done) override;
    void deleteCanned(const QString &id, Callback<StoreStatus> done) override;
    void searchMessages(const QString &text, int limit, Callback<QList<SearchHit>> done) override;
    void checkHealth(Callback<bool> done) override;
    int concurrentReads() const override { return readerThreads; }
    void scanConversationFacts(const MetricsQuery &query, bool withIds,
        std::function<void(const ConversationFacts &)> row, Done done) override;
    void scanConversationExport(const MetricsQuery &query,
        std::function<void(const ConversationFacts &, const ConversationNames &)> row,
        Done done) override;
    void readPresenceChanges(qint64 from, qint64 to, Callback<QList<PresenceChange>> done) override;
    QList<ConversationFacts> loadLiveFacts(qint64 createdSince) override;
    QList<PresenceChange> loadPresenceChanges(qint64 from, qint64 to) override;

    /// Runs @p work on the writer thread inside a transaction and waits for it. For start-up
    /// and administration commands only, never from the event loop of a serving server.
    bool runBlocking(const std::function<bool(QSqlDatabase &)> &work);

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
    void ask(std::function<T(QSqlDatabase &)> work, Callback<T> done, T failed);
    void write(std::function<bool(QSqlDatabase &)> work, Done done);
    void workerLoop(std::shared_ptr<std::promise<QString>> started);
    void runBatch(QSqlDatabase &db, std::deque<Job> &batch);
    /// Runs @p work on the reader thread in a read transaction; @p done on the owner thread.
    void read(std::function<void(QSqlDatabase &)> work, std::function<void(bool ok)> done);
    void readerLoop(std::shared_ptr<std::promise<QString>> started);

    QString m_path;
    QObject m_callbackContext; // lives on the owner thread; callbacks are queued to it
    QThread *m_thread = nullptr;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_jobs;
    bool m_stopping = false;
    FactTable *m_facts = nullptr; // the writer thread's, while it runs

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
