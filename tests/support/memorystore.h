#pragma once

#include <storage/conversationstore.h>

#include <QHash>
#include <QList>
#include <QObject>

/// @brief ConversationStore kept in memory, for tests of the routing logic without a database.
///
/// Like SqlStore, every asynchronous call answers later, on the caller's thread, in the
/// order the calls were made (a queued call on this object's event loop). Writes can be made to
/// fail (@c failWrites) to test the storage_error paths. Tests may seed and read the state
/// directly through its public members.
class MemoryStore final : public QObject, public ConversationStore
{
    Q_OBJECT
public:
    explicit MemoryStore(QObject *parent = nullptr);

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
    void savePresence(const QString &agentId, Presence status, qint64 at) override;
    void findDepartment(const QString &id, StoreCallback<std::optional<Department>> done) override;

    /// The events of @p conversationId in the order they were stored, without its messages.
    QList<ConversationEvent> eventsOf(const QString &conversationId) const;
    /// The types of those events, e.g. { "created", "queued", "assigned" }.
    QStringList eventTypesOf(const QString &conversationId) const;

    QHash<QString, ConversationView> conversations;
    QHash<QString, QList<MessageView>> messages; // by conversation, in seq order
    QList<ConversationEvent> events; // the whole log, in commit order
    QList<AgentAccount> agents;
    QList<Site> sites;
    QHash<QString, VisitorRecord> visitors; // by id
    QList<qint64> handlingTimesMs; // newest first
    bool failWrites = false;

private:
    /// Stores a message as the SQL store would, at once.
    AppendResult append(const AppendRequest &request);
    /// Stores @p conversation as the SQL store would; returns its new revision.
    qint64 store(const ConversationView &conversation, const QList<ConversationEvent> &newEvents);
    /// Calls @p answer later, in call order, like the SQLite store's worker thread does.
    void later(std::function<void()> answer);
};
