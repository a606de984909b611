// ConversationRouter, part 1: start-up and the machinery every operation ends in — applying
// an assignment the queue (ConversationQueue) matched and the state machine (ConversationStates)
// decided, storing a change with its events, and announcing it once committed through
// ConversationFanout. The operations are in conversationrouter_messages.cpp (visitors and
// agents), conversationrouter_visitors.cpp, conversationrouter_agents.cpp and
// conversationrouter_offline.cpp.
#include "conversationrouter.h"

#include "clock.h"
#include "routerreplies.h"
#include "secrets.h"

#include <storage/conversationstore.h>

#include <protocol/serverevents.h>

Q_LOGGING_CATEGORY(lcRouter, "chat.router")

using RouterReplies::error;
using RouterReplies::storageError;

ConversationRouter::ConversationRouter(ConversationStore &store, Delivery &delivery,
    const Clock &clock, Options options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_fanout(delivery, m_roster) // m_roster is built after it, and only used later
    , m_clock(clock)
    , m_options(options)
    , m_roster(clock, options.agentGraceMs)
    , m_queue(m_roster, options.handlingSamples)
    , m_queueUpdates(options.queueUpdateIntervalMs,
          [this](const QString &conversationId) { announceQueueEntry(conversationId); })
{
    connect(&m_roster, &AgentRoster::graceExpired, this, &ConversationRouter::onGraceExpired);
}

void ConversationRouter::restore()
{
    for (const AgentAccount &account : m_store.loadAgents()) {
        if (account.disabled)
            continue;
        // The sites of its departments are known when it signs in; till then (it is not
        // connected, so takes no chat) it serves its departments only.
        m_roster.upsert(account.profile, AgentScope::of(account.profile.departments, {}));
        // Presence survives a restart: an agent that was online or away keeps its status if it
        // is back within the grace period (a connect + disconnect starts its timer), else it
        // becomes offline when the period ends.
        if (account.profile.status != Presence::Offline) {
            m_roster.setStatus(account.profile.id, account.profile.status);
            m_roster.connected(account.profile.id);
            m_roster.disconnected(account.profile.id);
        }
    }
    m_queue.setHandlingTimes(m_store.loadRecentHandlingTimes(m_options.handlingSamples));
    // Answered before any sign-in: callbacks come in call order and signing in reads the store.
    refillOfflineInbox();

    for (const ConversationView &conversation : m_store.loadOpenConversations()) {
        m_open.insert(conversation.id, conversation);
        m_openByVisitor.insert(conversation.visitor.id, conversation.id);
        if (conversation.status == ConversationStatus::Queued) {
            m_queue.append(conversation.id);
        } else if (m_roster.contains(conversation.agentId)) {
            m_roster.changeLoad(conversation.agentId, 1);
        }
    }
    // Agents whose chats were assigned when the server stopped get the same grace period as
    // after a dropped connection: a connect + disconnect starts their timer.
    for (const ConversationView &conversation : std::as_const(m_open)) {
        if (conversation.status == ConversationStatus::Assigned
            && !m_roster.hasConnection(conversation.agentId)) {
            m_roster.connected(conversation.agentId);
            m_roster.disconnected(conversation.agentId);
        }
    }
    // Nobody is connected at start-up: queued visitors get their grace period to come back too.
    for (const QString &id : m_queue.waiting())
        watchQueuedVisitor(m_open.value(id));
    restorePreviews();
    qCInfo(lcRouter) << "restored" << m_open.size() << "open conversations,"
                     << m_queue.waiting().size() << "queued";
}

void ConversationRouter::assignFromQueue()
{
    const auto assignable = [this](const QString &id) -> const ConversationView * {
        const auto it = m_open.constFind(id);
        if (it == m_open.constEnd() || m_goneVisitors.contains(it->visitor.id))
            return nullptr;
        return &*it;
    };
    bool moved = false;
    while (const auto match = m_queue.nextMatch(assignable)) {
        m_queue.remove(match->conversationId);
        ConversationView &conversation = m_open[match->conversationId];
        assign(conversation,
            ConversationStates::assign(conversation, m_roster.view(match->agentId),
                QStringLiteral("auto"), m_clock.nowMs()),
            {}, true);
        moved = true;
    }
    if (moved)
        publishQueuePositions();
}

void ConversationRouter::assign(
    ConversationView &conversation, const Transition &assigned, const Reply &reply, bool automatic)
{
    conversation = assigned.conversation;
    m_queueUpdates.forget(conversation.id); // its assignment tells the agents it left the queue
    m_roster.changeLoad(conversation.agentId, 1);
    m_roster.markAssigned(conversation.agentId);
    commit(assigned, replyWithUpdate(conversation, reply), automatic,
        { systemLine(
            conversation, QStringLiteral("%1 joined the chat").arg(conversation.agentName)) });
    announcePresence(conversation.agentId);
}

void ConversationRouter::commit(const Transition &transition, const AfterCommit &then,
    bool withinCapacity, const QList<AppendRequest> &lines)
{
    const ConversationView &conversation = transition.conversation;
    const StateChange &change = transition.change;
    ConversationChange write { conversation, transition.events, change.previousStatus,
        change.previousAgentId, withinCapacity, lines };
    ++m_pendingChanges[conversation.id];
    m_store.changeConversation(write,
        [this, conversation, events = transition.events, change, then](
            const ConversationChangeResult &result) {
            const StoreStatus status = result.status;
            if (const auto pending = m_pendingChanges.find(conversation.id);
                pending != m_pendingChanges.end() && --*pending <= 0)
                m_pendingChanges.erase(pending);
            if (status == StoreStatus::Ok) {
                ConversationView stored = conversation;
                stored.revision = result.revision;
                noteRevision(stored);
                for (const ConversationEvent &e : events)
                    emit recorded(e);
                if (m_peers)
                    m_peers->conversationChanged(stored, change, events);
            }
            if (status == StoreStatus::Conflict) {
                qCInfo(lcRouter) << "conversation" << conversation.id
                                 << "changed on another node first; reading it back";
                // Answered once the cache holds what is stored: a retry is decided from that.
                return reload(conversation.id, change, [then] {
                    if (then)
                        then(StoreStatus::Conflict);
                });
            } else {
                if (status != StoreStatus::Ok)
                    qCWarning(lcRouter)
                        << "could not store a change of conversation" << conversation.id;
                publish(conversation, change);
            }
            if (then)
                then(status);
            for (const MessageView &line : result.lines)
                deliverLine(conversation, line);
        });
}

ConversationRouter::AfterCommit ConversationRouter::replyWithUpdate(
    const ConversationView &conversation, const Reply &reply, bool toVisitor) const
{
    if (!reply)
        return {};
    return [conversation, reply, toVisitor](StoreStatus status) {
        if (status == StoreStatus::Conflict)
            return reply(
                error(ErrorCode::Conflict, QStringLiteral("the conversation changed meanwhile")));
        if (status != StoreStatus::Ok)
            return reply(storageError());
        reply(toVisitor ? ConversationUpdatedEvent::toVisitor(conversation)
                        : ConversationUpdatedEvent::toAgents(conversation));
    };
}

void ConversationRouter::publish(const ConversationView &stored, const StateChange &change)
{
    const auto current = m_open.constFind(stored.id);
    // A newer state of this conversation is already on its way to the store; its own
    // announcement will carry everything, so this outdated one is not sent.
    if (current != m_open.constEnd()
        && (current->status != stored.status || current->agentId != stored.agentId))
        return;
    // The cache's copy, not the one stored: what changed meanwhile without a new state (the
    // visitor's page, its name, the last seq) is already told and must not be told back older.
    // Queue figures are computed now, when the update leaves, not when it was stored.
    m_fanout.stateChanged(current != m_open.constEnd() ? withQueueInfo(*current) : stored, change);
}

void ConversationRouter::publishQueuePositions()
{
    for (const QString &id : m_queue.waiting())
        m_fanout.queuePosition(withQueueInfo(m_open.value(id)));
}

AppendRequest ConversationRouter::systemLine(
    const ConversationView &conversation, const QString &body) const
{
    AppendRequest line;
    line.message = MessageView { conversation.id, 0, Secrets::newId(), AuthorRole::System, {}, {},
        body, m_clock.nowMs() };
    line.allowClosed = true; // "… closed the chat" follows the close
    return line;
}

void ConversationRouter::deliverLine(const ConversationView &conversation, const MessageView &m)
{
    emit recorded(messageEvent(m));
    // Delivered to whoever follows the conversation now; a closed one, to those it had.
    const auto open = m_open.find(m.conversationId);
    if (open != m_open.end())
        deliverStored(*open, m);
    else
        m_fanout.message(conversation, m);
    if (m_peers)
        m_peers->messageStored(open != m_open.end() ? *open : conversation, m);
}

void ConversationRouter::deliverStored(ConversationView &open, const MessageView &message)
{
    open.lastSeq = std::max(open.lastSeq, message.seq);
    if (auto preview = MessagePreview::of(message);
        preview && (!open.preview || open.preview->seq < message.seq))
        open.preview = std::move(preview);
    m_fanout.message(open, message);
    if (open.status == ConversationStatus::Queued)
        m_queueUpdates.changed(open.id);
}

void ConversationRouter::announceQueueEntry(const QString &conversationId)
{
    const auto open = m_open.constFind(conversationId);
    // Left the queue meanwhile: the change that took it out told the agents.
    if (open == m_open.constEnd() || open->status != ConversationStatus::Queued)
        return;
    m_fanout.queueEntry(withQueueInfo(*open));
}

void ConversationRouter::restorePreviews()
{
    // Previews are kept in memory only. Read back before any sign-in (store callbacks come in
    // call order), so the first snapshots carry them and no agent fetches histories instead.
    constexpr int lookback = 20; // messages; a queue entry without a visitor's among them has none
    for (const QString &id : m_queue.waiting()) {
        if (m_open.value(id).lastSeq <= 0)
            continue;
        m_store.fetchHistory(HistoryQuery { id, std::nullopt, std::nullopt, lookback, false },
            [this, id](const HistoryPage &page) {
                const auto open = m_open.find(id);
                if (open == m_open.end() || open->preview)
                    return;
                for (auto it = page.messages.crbegin(); it != page.messages.crend(); ++it) {
                    if (auto preview = MessagePreview::of(*it)) {
                        open->preview = std::move(preview);
                        return;
                    }
                }
            });
    }
}

void ConversationRouter::announcePresence(const QString &agentId)
{
    if (agentId.isEmpty() || !m_roster.contains(agentId))
        return;
    AgentView view = m_roster.view(agentId);
    // Disconnected, within its grace period, or not answering pings: shown away, status kept.
    if (!m_roster.isReachable(agentId) && view.status != Presence::Offline)
        view.status = Presence::Away;
    m_fanout.presence(view);
}

void ConversationRouter::announceAvailability(bool wasOnline)
{
    const bool online = agentsOnline();
    if (online != wasOnline)
        m_fanout.availability(online);
}

ConversationEvent ConversationRouter::event(const ConversationView &conversation, EventType type,
    const QString &agentId, const QJsonObject &payload) const
{
    return ConversationEvent { conversation.id, type, agentId, payload, m_clock.nowMs() };
}

void ConversationRouter::persist(const ConversationView &conversation,
    const QList<ConversationEvent> &events, const std::function<void(bool)> &done)
{
    m_store.saveConversation(conversation, events, [this, events, done](bool committed) {
        if (committed)
            for (const ConversationEvent &e : events)
                emit recorded(e);
        if (done)
            done(committed);
    });
}

void ConversationRouter::storePresence(const QString &agentId, Presence status)
{
    const qint64 now = m_clock.nowMs();
    m_store.savePresence(agentId, status, now);
    const ConversationEvent event { {}, EventType::Presence, agentId,
        { { "status", wireName(status) } }, now };
    emit recorded(event);
    if (m_peers)
        m_peers->agentStatus(agentId, status, event);
}

ConversationEvent ConversationRouter::messageEvent(const MessageView &message)
{
    // The same event SqlStore::appendMessage writes in the message's transaction.
    return ConversationEvent { message.conversationId, EventType::Message,
        message.authorRole == AuthorRole::Agent ? message.authorId : QString(),
        QJsonObject { { "seq", message.seq }, { "role", wireName(message.authorRole) },
            { "internal", message.internal } },
        message.at };
}
