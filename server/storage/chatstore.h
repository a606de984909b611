#pragma once

#include "records.h"

#include <metrics/conversationfacts.h>
#include <metrics/presencetime.h>
#include <metrics/queuemetrics.h>

#include <functional>

/// @brief Everything the server keeps durably, behind one asynchronous interface.
///
/// The router never sees SQL: it asks the store and gets the answer later, on its own thread,
/// through the callback. Calls are carried out in the order they are made, so a reply that
/// depends on an earlier write sees it. Implementations: SqliteStore (embedded default);
/// a PostgreSQL store can implement the same interface for scale-out.
class ChatStore
{
public:
    template <typename T> using Callback = std::function<void(T)>;
    /// false when the write could not be committed (nothing was stored).
    using Done = std::function<void(bool committed)>;

    virtual ~ChatStore() = default;

    // Start-up: read once, before the server accepts connections.
    virtual QList<ConversationView> loadOpenConversations() = 0;
    virtual QList<AgentAccount> loadAgents() = 0;
    /// Handling times (assigned → closed, ms) of the latest closed conversations, newest first.
    virtual QList<qint64> loadRecentHandlingTimes(int limit) = 0;

    virtual void findSiteByKey(const QString &siteKey, Callback<std::optional<Site>> done) = 0;
    virtual void listSites(Callback<QList<Site>> done) = 0;

    virtual void findVisitorByToken(const QString &siteId, const QString &tokenHash,
        Callback<std::optional<VisitorRecord>> done)
        = 0;
    virtual void saveVisitor(const VisitorRecord &visitor, Done done) = 0;
    /// Stores what a visitor told about itself (pre-chat or offline form, later edits, pages).
    /// @p withIdentity false: the name and email are left as stored (a page move).
    virtual void saveVisitorDetails(
        const VisitorView &visitor, qint64 at, bool withIdentity, Done done)
        = 0;
    /// Offline messages not marked done, newest first.
    virtual void listOfflineInbox(int limit, Callback<QList<ConversationView>> done) = 0;
    virtual void listVisitorConversations(
        const QString &visitorId, int limit, Callback<QList<ConversationView>> done)
        = 0;

    /// Inserts or updates the conversation row and appends the events, in one transaction.
    virtual void saveConversation(
        const ConversationView &conversation, const QList<ConversationEvent> &events, Done done)
        = 0;
    virtual void findConversation(const QString &id, Callback<std::optional<ConversationView>> done)
        = 0;
    /// Claims an offline message or marks it done, after checking who holds it, with its event.
    virtual void changeOfflineMessage(
        const OfflineChange &change, Callback<OfflineChangeResult> done)
        = 0;

    /// Stores a message once per (conversation, clientId) with the next seq, or returns the
    /// original when the clientId was stored before.
    virtual void appendMessage(const AppendRequest &request, Callback<AppendResult> done) = 0;
    virtual void fetchHistory(const HistoryQuery &query, Callback<HistoryPage> done) = 0;

    virtual void findAgentByEmail(const QString &email, Callback<std::optional<AgentAccount>> done)
        = 0;
    virtual void createSession(
        const QString &tokenHash, const QString &agentId, qint64 now, qint64 expiresAt, Done done)
        = 0;
    virtual void findSession(
        const QString &tokenHash, qint64 now, Callback<std::optional<AgentAccount>> done)
        = 0;
    virtual void savePresence(const QString &agentId, const QString &status, qint64 at) = 0;

    virtual void findDepartment(const QString &id, Callback<std::optional<Department>> done) = 0;
    virtual void listCanned(Callback<QList<CannedResponse>> done) = 0;
    /// Creates (empty id) or updates; the callback gets the status and the stored response.
    virtual void saveCanned(const CannedResponse &response, const QString &agentId, qint64 now,
        std::function<void(StoreStatus, CannedResponse)> done)
        = 0;
    virtual void deleteCanned(const QString &id, Callback<StoreStatus> done) = 0;
    virtual void searchMessages(const QString &text, int limit, Callback<QList<SearchHit>> done)
        = 0;

    /// A cheap read that proves the database answers.
    virtual void checkHealth(Callback<bool> done) = 0;

    // Metrics (server/metrics). Reads run off the event loop and do not hold up writes.
    /// How many metrics reads the store carries out at the same time (a range may be split
    /// into that many slices).
    virtual int concurrentReads() const { return 1; }
    /// Hands the facts of every conversation created in [query.from, query.to) that matches
    /// the query's filters to @p row, on a store thread (not the caller's), then calls @p done
    /// on the caller's thread. @p withIds: fill in conversationId (the CSV needs it).
    virtual void scanConversationFacts(const MetricsQuery &query, bool withIds,
        std::function<void(const ConversationFacts &)> row, Done done)
        = 0;
    /// As scanConversationFacts() with ids, each row with the names it refers to (the CSV).
    virtual void scanConversationExport(const MetricsQuery &query,
        std::function<void(const ConversationFacts &, const ConversationNames &)> row, Done done)
        = 0;
    /// Per agent: its last presence change before @p from, then its changes in [from, to).
    virtual void readPresenceChanges(qint64 from, qint64 to, Callback<QList<PresenceChange>> done)
        = 0;
    /// Start-up: facts of open conversations and of those created at or after @p createdSince.
    virtual QList<ConversationFacts> loadLiveFacts(qint64 createdSince) = 0;
    /// Start-up: as readPresenceChanges(), blocking.
    virtual QList<PresenceChange> loadPresenceChanges(qint64 from, qint64 to) = 0;
};
