#pragma once

#include "records.h"
#include "storecallback.h"

/// @brief The chat's durable state: sites, visitors, conversations with their events, messages
/// and history, the offline inbox, departments, agents' presence, and the start-up loads.
///
/// The router never sees SQL: it asks the store and gets the answer later, on its own thread,
/// through the callback. Calls are carried out in the order they are made, so a reply that
/// depends on an earlier write sees it. Implementation: SqlStore, on SQLite (the embedded
/// default) or PostgreSQL; tests' MemoryStore for the router's rules.
class ConversationStore
{
public:
    virtual ~ConversationStore() = default;

    // Start-up: read once, before the server accepts connections.
    virtual QList<ConversationView> loadOpenConversations() = 0;
    virtual QList<AgentAccount> loadAgents() = 0;
    /// Handling times (assigned → closed, ms) of the latest closed conversations, newest first.
    virtual QList<qint64> loadRecentHandlingTimes(int limit) = 0;

    virtual void findSiteByKey(const QString &siteKey, StoreCallback<std::optional<Site>> done) = 0;
    virtual void listSites(StoreCallback<QList<Site>> done) = 0;

    virtual void findVisitorByToken(const QString &siteId, const QString &tokenHash,
        StoreCallback<std::optional<VisitorRecord>> done)
        = 0;
    virtual void saveVisitor(const VisitorRecord &visitor, StoreDone done) = 0;
    /// The visitor bound to @p candidate's site and userId, or @p candidate stored as that
    /// visitor, in one step; an empty record (no id) on failure.
    virtual void claimVisitorForUser(
        const VisitorRecord &candidate, StoreCallback<VisitorRecord> done)
        = 0;
    /// Stores what a visitor told about itself (pre-chat or offline form, later edits, pages).
    /// @p withIdentity false: the name and email are left as stored (a page move).
    virtual void saveVisitorDetails(
        const VisitorView &visitor, qint64 at, bool withIdentity, StoreDone done)
        = 0;
    /// Offline messages not marked done, newest first.
    virtual void listOfflineInbox(int limit, StoreCallback<QList<ConversationView>> done) = 0;
    virtual void listVisitorConversations(
        const QString &visitorId, int limit, StoreCallback<QList<ConversationView>> done)
        = 0;

    /// Inserts or updates the conversation row and appends the events, in one transaction.
    virtual void saveConversation(const ConversationView &conversation,
        const QList<ConversationEvent> &events, StoreDone done)
        = 0;
    /// As saveConversation, if the stored state is still the one @p change expects: Ok (with
    /// the stored revision), or Conflict (nothing stored; another node changed it first), or
    /// Failed.
    virtual void changeConversation(
        const ConversationChange &change, StoreCallback<ConversationChangeResult> done)
        = 0;
    virtual void findConversation(
        const QString &id, StoreCallback<std::optional<ConversationView>> done)
        = 0;
    /// Claims an offline message or marks it done, after checking who holds it, with its event.
    virtual void changeOfflineMessage(
        const OfflineChange &change, StoreCallback<OfflineChangeResult> done)
        = 0;

    /// Stores a message once per (conversation, clientId) with the next seq, or returns the
    /// original when the clientId was stored before.
    virtual void appendMessage(const AppendRequest &request, StoreCallback<AppendResult> done) = 0;
    virtual void fetchHistory(const HistoryQuery &query, StoreCallback<HistoryPage> done) = 0;

    /// Stores the agent's presence and its `presence` event.
    virtual void savePresence(const QString &agentId, Presence status, qint64 at) = 0;
    /// The open conversations as stored now (a cluster's node catching up after its bus was
    /// away), in queue order.
    virtual void listOpenConversations(StoreCallback<QList<ConversationView>> done) = 0;
    virtual void findDepartment(const QString &id, StoreCallback<std::optional<Department>> done)
        = 0;
};
