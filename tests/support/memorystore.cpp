#include "memorystore.h"

#include <QMetaObject>

#include <algorithm>

MemoryStore::MemoryStore(QObject *parent)
    : QObject(parent)
{ }

void MemoryStore::later(std::function<void()> answer)
{
    // Queued invocations run in the order they were posted: answers come in call order.
    QMetaObject::invokeMethod(this, std::move(answer), Qt::QueuedConnection);
}

QList<ConversationView> MemoryStore::loadOpenConversations()
{
    QList<ConversationView> open;
    for (const ConversationView &conversation : std::as_const(conversations))
        if (conversation.isOpen())
            open.append(conversation);
    std::sort(open.begin(), open.end(), [](const auto &a, const auto &b) {
        return std::tie(a.queuedAt, a.createdAt) < std::tie(b.queuedAt, b.createdAt);
    });
    return open;
}

QList<AgentAccount> MemoryStore::loadAgents()
{
    return agents;
}

QList<qint64> MemoryStore::loadRecentHandlingTimes(int limit)
{
    return handlingTimesMs.mid(0, limit);
}

void MemoryStore::findSiteByKey(const QString &siteKey, StoreCallback<std::optional<Site>> done)
{
    std::optional<Site> found;
    for (const Site &site : std::as_const(sites))
        if (site.siteKey == siteKey)
            found = site;
    later([done, found] { done(found); });
}

void MemoryStore::listSites(StoreCallback<QList<Site>> done)
{
    later([done, all = sites] { done(all); });
}

void MemoryStore::findVisitorByToken(const QString &siteId, const QString &tokenHash,
    StoreCallback<std::optional<VisitorRecord>> done)
{
    std::optional<VisitorRecord> found;
    for (const VisitorRecord &visitor : std::as_const(visitors))
        if (visitor.siteId == siteId && visitor.tokenHash == tokenHash)
            found = visitor;
    later([done, found] { done(found); });
}

void MemoryStore::saveVisitor(const VisitorRecord &visitor, StoreDone done)
{
    later([this, visitor, done] {
        if (!failWrites)
            visitors.insert(visitor.view.id, visitor);
        if (done)
            done(!failWrites);
    });
}

void MemoryStore::claimVisitorForUser(
    const VisitorRecord &candidate, StoreCallback<VisitorRecord> done)
{
    later([this, candidate, done] {
        for (const VisitorRecord &visitor : std::as_const(visitors))
            if (visitor.siteId == candidate.siteId && visitor.userId == candidate.userId)
                return done(visitor);
        if (failWrites)
            return done(VisitorRecord {});
        visitors.insert(candidate.view.id, candidate);
        done(candidate);
    });
}

void MemoryStore::saveVisitorDetails(
    const VisitorView &visitor, qint64 at, bool withIdentity, StoreDone done)
{
    later([this, visitor, at, withIdentity, done] {
        if (!failWrites) {
            VisitorRecord &record = visitors[visitor.id];
            const VisitorView before = record.view;
            record.view = visitor;
            if (!withIdentity) {
                record.view.name = before.name;
                record.view.email = before.email;
            }
            record.lastSeenAt = at;
        }
        if (done)
            done(!failWrites);
    });
}

void MemoryStore::listOfflineInbox(int limit, StoreCallback<QList<ConversationView>> done)
{
    later([this, limit, done] {
        QList<ConversationView> inbox;
        for (const ConversationView &conversation : std::as_const(conversations))
            if (conversation.isInOfflineInbox())
                inbox.append(conversation);
        std::sort(inbox.begin(), inbox.end(),
            [](const auto &a, const auto &b) { return a.createdAt > b.createdAt; });
        done(inbox.mid(0, limit));
    });
}

void MemoryStore::listVisitorConversations(
    const QString &visitorId, int limit, StoreCallback<QList<ConversationView>> done)
{
    later([this, visitorId, limit, done] {
        QList<ConversationView> found;
        for (const ConversationView &conversation : std::as_const(conversations))
            if (conversation.visitor.id == visitorId)
                found.append(conversation);
        std::sort(found.begin(), found.end(),
            [](const auto &a, const auto &b) { return a.createdAt > b.createdAt; });
        done(found.mid(0, limit));
    });
}

void MemoryStore::listOpenConversations(StoreCallback<QList<ConversationView>> done)
{
    later([this, done] { done(loadOpenConversations()); });
}

void MemoryStore::changeConversation(
    const ConversationChange &change, StoreCallback<ConversationChangeResult> done)
{
    // The same rule as SqlStore's: the stored state must still be the one the change expects,
    // and an automatic assignment needs room under the agent's max_chats.
    const auto stale = [this, change] {
        const auto stored = conversations.constFind(change.conversation.id);
        if (change.expectedStatus
            && (stored == conversations.cend() || stored->status != *change.expectedStatus
                || (*change.expectedStatus == ConversationStatus::Assigned
                    && stored->agentId != change.expectedAgentId)))
            return true;
        if (!change.withinCapacity)
            return false;
        const auto account
            = std::find_if(agents.cbegin(), agents.cend(), [&change](const AgentAccount &a) {
                  return a.profile.id == change.conversation.agentId;
              });
        if (account == agents.cend())
            return false; // an agent the test gave only to the roster: nothing to count against
        const int maxChats = account->profile.maxChats;
        const auto assigned = std::count_if(
            conversations.cbegin(), conversations.cend(), [&change](const ConversationView &c) {
                return c.status == ConversationStatus::Assigned
                    && c.agentId == change.conversation.agentId;
            });
        return assigned >= maxChats;
    };
    later([this, change, stale, done] {
        if (failWrites)
            return done({});
        if (stale())
            return done({ StoreStatus::Conflict, 0 });
        ConversationChangeResult result { StoreStatus::Ok,
            store(change.conversation, change.events) };
        for (const AppendRequest &line : change.lines)
            result.lines.append(append(line).message);
        done(result);
    });
}

void MemoryStore::saveConversation(
    const ConversationView &conversation, const QList<ConversationEvent> &newEvents, StoreDone done)
{
    later([this, conversation, newEvents, done] {
        if (!failWrites)
            store(conversation, newEvents);
        if (done)
            done(!failWrites);
    });
}

qint64 MemoryStore::store(
    const ConversationView &conversation, const QList<ConversationEvent> &newEvents)
{
    ConversationView stored = conversation;
    // The row keeps the seq the messages gave it, as the SQL update does.
    stored.lastSeq = std::max(stored.lastSeq, conversations.value(stored.id).lastSeq);
    stored.queuePosition = 0;
    stored.estimatedWaitSeconds.reset();
    // Counted up by each change, as the SQL update does (0 for a new one).
    const auto before = conversations.constFind(stored.id);
    stored.revision = before == conversations.cend() ? 0 : before->revision + 1;
    conversations.insert(stored.id, stored);
    events.append(newEvents);
    return stored.revision;
}

void MemoryStore::findConversation(
    const QString &id, StoreCallback<std::optional<ConversationView>> done)
{
    later([this, id, done] {
        const auto it = conversations.constFind(id);
        done(it != conversations.constEnd() ? std::optional(*it) : std::nullopt);
    });
}

void MemoryStore::changeOfflineMessage(
    const OfflineChange &change, StoreCallback<OfflineChangeResult> done)
{
    later([this, change, done] {
        OfflineChangeResult result;
        const auto it = conversations.find(change.conversationId);
        if (it == conversations.end() || !it->offline) {
            result.status = StoreStatus::NotFound;
            return done(result);
        }
        result.conversation = *it;
        const bool othersClaim = !it->claimedById.isEmpty() && it->claimedById != change.agentId;
        if ((othersClaim && !change.admin)
            || (change.state == OfflineState::Claimed && it->offlineState == OfflineState::Done)) {
            result.status = StoreStatus::Conflict;
            return done(result);
        }
        if (failWrites)
            return done(OfflineChangeResult {});
        if (change.state == OfflineState::Claimed || it->claimedById.isEmpty()) {
            it->claimedById = change.agentId;
            for (const AgentAccount &agent : std::as_const(agents))
                if (agent.profile.id == change.agentId)
                    it->claimedByName = agent.profile.name;
        }
        it->offlineState = change.state;
        result.event = ConversationEvent { change.conversationId, offlineEventType(change.state),
            change.agentId, {}, change.at };
        events.append(result.event);
        result.conversation = *it;
        result.status = StoreStatus::Ok;
        done(result);
    });
}

void MemoryStore::appendMessage(const AppendRequest &request, StoreCallback<AppendResult> done)
{
    later([this, request, done] { done(append(request)); });
}

AppendResult MemoryStore::append(const AppendRequest &request)
{
    const MessageView &m = request.message;
    AppendResult result;
    const auto conversation = conversations.find(m.conversationId);
    if (conversation == conversations.end()) {
        result.status = StoreStatus::NotFound;
        return result;
    }
    QList<MessageView> &timeline = messages[m.conversationId];
    for (const MessageView &existing : std::as_const(timeline)) {
        if (existing.clientId != m.clientId)
            continue;
        const bool sameAuthor
            = existing.authorRole == m.authorRole && existing.authorId == m.authorId;
        result.status = sameAuthor ? StoreStatus::Ok : StoreStatus::Conflict;
        result.message = existing;
        result.duplicate = true;
        return result;
    }
    if (request.onlyIfDuplicate || (!conversation->isOpen() && !request.allowClosed)) {
        result.status = StoreStatus::Closed;
        return result;
    }
    if (failWrites)
        return result;
    result.message = m;
    result.message.seq = ++conversation->lastSeq;
    timeline.append(result.message);
    events.append(ConversationEvent { m.conversationId, EventType::Message,
        m.authorRole == AuthorRole::Agent ? m.authorId : QString(),
        QJsonObject { { "seq", result.message.seq }, { "role", wireName(m.authorRole) },
            { "internal", m.internal } },
        m.at });
    result.status = StoreStatus::Ok;
    return result;
}

void MemoryStore::fetchHistory(const HistoryQuery &query, StoreCallback<HistoryPage> done)
{
    later([this, query, done] {
        HistoryPage page;
        const auto conversation = conversations.constFind(query.conversationId);
        if (conversation == conversations.constEnd())
            return done(page);
        page.found = true;
        QList<MessageView> matching;
        for (const MessageView &m : messages.value(query.conversationId)) {
            if ((m.internal && !query.includeInternal)
                || (query.afterSeq && m.seq <= *query.afterSeq)
                || (query.beforeSeq && m.seq >= *query.beforeSeq))
                continue;
            matching.append(m);
        }
        // Newest page first when reading backwards, oldest first otherwise; always oldest first.
        if (!query.afterSeq && matching.size() > query.limit) {
            page.hasMore = true;
            matching = matching.mid(matching.size() - query.limit);
        } else if (matching.size() > query.limit) {
            page.hasMore = true;
            matching = matching.mid(0, query.limit);
        }
        page.messages = matching;
        done(page);
    });
}

void MemoryStore::savePresence(const QString &agentId, Presence status, qint64 at)
{
    later([this, agentId, status, at] {
        if (failWrites)
            return;
        for (AgentAccount &agent : agents)
            if (agent.profile.id == agentId)
                agent.profile.status = status;
        events.append(ConversationEvent {
            {}, EventType::Presence, agentId, { { "status", wireName(status) } }, at });
    });
}

void MemoryStore::findDepartment(const QString &id, StoreCallback<std::optional<Department>> done)
{
    later([this, id, done] {
        for (const Site &site : std::as_const(sites))
            for (const Department &department : site.departments)
                if (department.id == id)
                    return done(department);
        done(std::nullopt);
    });
}

QList<ConversationEvent> MemoryStore::eventsOf(const QString &conversationId) const
{
    QList<ConversationEvent> found;
    for (const ConversationEvent &event : events)
        if (event.conversationId == conversationId && event.type != EventType::Message)
            found.append(event);
    return found;
}

QStringList MemoryStore::eventTypesOf(const QString &conversationId) const
{
    QStringList types;
    for (const ConversationEvent &event : eventsOf(conversationId))
        types.append(wireName(event.type));
    return types;
}
