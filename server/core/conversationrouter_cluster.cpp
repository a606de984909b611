// ConversationRouter: the cache of a cluster's node. The database decides every change
// (ConversationStore::changeConversation refuses one decided from an outdated state); here the
// node reads back what it lost, follows what other nodes committed (PeerNodes), and counts the
// connections other nodes have.
#include "conversationrouter.h"

#include "routerreplies.h"

#include <storage/conversationstore.h>

void ConversationRouter::reload(
    const QString &conversationId, const StateChange &told, const std::function<void()> &then)
{
    // Told as a change from what the sessions heard last, not from the cache: it holds the
    // refused change, which nobody was told of.
    StateChange fromTold;
    fromTold.previousStatus = told.previousStatus;
    fromTold.previousAgentId = told.previousAgentId;
    m_store.findConversation(
        conversationId, [this, fromTold, then](const std::optional<ConversationView> &found) {
            // Another node's newer state is told to the sessions here: its own bus message,
            // arriving later, is then old news. The same revision as the cache's replaces it
            // silently, and only when no change of ours is on its way to the store.
            if (found && !follow(*found, fromTold) && !m_pendingChanges.contains(found->id))
                adopt(*found, true);
            if (then)
                then();
        });
}

bool ConversationRouter::adopt(const ConversationView &stored, bool orSame)
{
    const auto cached = m_open.constFind(stored.id);
    const bool wasCached = cached != m_open.constEnd();
    const qint64 known = wasCached ? cached->revision : m_closedRevisions.value(stored.id, -1);
    if (stored.revision < known || (stored.revision == known && !orSame))
        return false; // what the cache has is newer (or the same)
    if (wasCached && cached->status == ConversationStatus::Assigned)
        m_roster.changeLoad(cached->agentId, -1);
    if (stored.isOpen() && stored.status == ConversationStatus::Assigned)
        m_roster.changeLoad(stored.agentId, 1);
    const bool wasQueued = m_queue.waiting().contains(stored.id);
    const bool queuedNow = stored.isOpen() && stored.status == ConversationStatus::Queued;
    if (wasQueued && !queuedNow)
        m_queue.remove(stored.id);

    if (!stored.isOpen()) {
        if (wasCached) {
            if (m_openByVisitor.value(stored.visitor.id) == stored.id)
                m_openByVisitor.remove(stored.visitor.id);
            m_open.remove(stored.id);
        }
        rememberClosed(stored.id, stored.revision);
        return true;
    }
    ConversationView next = stored;
    next.queuePosition = 0;
    next.estimatedWaitSeconds.reset();
    if (wasCached) {
        // What only the cache knows: the preview of a queued chat, and messages newer than the
        // state (seqs are the store's, so the highest is the truest).
        next.lastSeq = std::max(next.lastSeq, cached->lastSeq);
        if (cached->preview && (!next.preview || next.preview->seq < cached->preview->seq))
            next.preview = cached->preview;
    }
    m_open.insert(stored.id, next);
    m_openByVisitor.insert(stored.visitor.id, stored.id);
    if (queuedNow && !wasQueued) {
        // One that waited before (an agent gone, a transfer) is first in line, as it is on the
        // node that put it back; a new one waits behind the others.
        if (stored.assignedAt == 0)
            m_queue.append(stored.id);
        else
            m_queue.prepend(stored.id);
    }
    return true;
}

void ConversationRouter::noteRevision(const ConversationView &stored)
{
    const auto cached = m_open.find(stored.id);
    const bool wasCached = cached != m_open.end();
    const qint64 known = wasCached ? cached->revision : m_closedRevisions.value(stored.id, -1);
    if (known >= stored.revision)
        return; // another node's newer state is here already
    // The cache holds what we decided, unless another node's older state came in meanwhile
    // (then ours, stored after it, replaces it) or a later change of ours is still on its way
    // (its own answer settles the cache).
    const bool same = wasCached
        ? cached->status == stored.status && cached->agentId == stored.agentId
        : !stored.isOpen();
    if (same || m_pendingChanges.contains(stored.id)) {
        if (wasCached)
            cached->revision = stored.revision;
        else
            rememberClosed(stored.id, stored.revision);
        return;
    }
    adopt(stored);
}

void ConversationRouter::rememberClosed(const QString &conversationId, qint64 revision)
{
    constexpr qsizetype bound = 10'000;
    const auto known = m_closedRevisions.find(conversationId);
    if (known != m_closedRevisions.end()) {
        *known = std::max(*known, revision);
        return;
    }
    m_closedRevisions.insert(conversationId, revision);
    m_closedOrder.append(conversationId);
    if (m_closedOrder.size() > bound)
        m_closedRevisions.remove(m_closedOrder.takeFirst());
}

void ConversationRouter::peerConversationChanged(const ConversationView &stored,
    const StateChange &change, const QList<ConversationEvent> &events)
{
    // Each committed change comes over the bus once, and only from there do its events reach
    // this node's figures: recorded even when its state is old news here (read back first).
    for (const ConversationEvent &e : events)
        emit recorded(e);
    follow(stored, change);
}

bool ConversationRouter::follow(const ConversationView &stored, const StateChange &change)
{
    const bool wasOnline = agentsOnline();
    const QString previousAgent = m_open.value(stored.id).agentId;
    if (!adopt(stored))
        return false; // late: the cache has this conversation's newer state already
    if (stored.status != ConversationStatus::Queued)
        m_queueUpdates.forget(stored.id);
    StateChange here = change;
    // The visitor's reply went to its connection on the other node; one here has not heard.
    here.visitorAlreadyTold = false;
    m_fanout.stateChanged(stored.isOpen() ? withQueueInfo(m_open.value(stored.id)) : stored, here);
    if (stored.status == ConversationStatus::Queued)
        watchQueuedVisitor(stored);
    if (stored.status == ConversationStatus::Closed && stored.assignedAt > 0
        && change.previousStatus == ConversationStatus::Assigned)
        m_queue.recordHandlingTime(stored.closedAt - stored.assignedAt);
    for (const QString &agentId : { previousAgent, change.previousAgentId, stored.agentId })
        announcePresence(agentId);
    announceAvailability(wasOnline);
    publishQueuePositions();
    assignFromQueue();
    return true;
}

void ConversationRouter::peerMessageStored(
    const ConversationView &conversation, const MessageView &message)
{
    emit recorded(messageEvent(message));
    if (const auto open = m_open.find(message.conversationId); open != m_open.end())
        return deliverStored(*open, message);
    if (conversation.offline)
        return deliverOfflineAnswer(conversation.visitor.id, message.authorId, message);
    m_fanout.message(conversation, message);
}

void ConversationRouter::peerVisitorDetails(
    const QString &visitorId, const VisitorView &details, bool withIdentity)
{
    announceVisitor(visitorId, details, withIdentity);
}

void ConversationRouter::peerOfflineChanged(
    const ConversationView &conversation, const QList<ConversationEvent> &events)
{
    for (const ConversationEvent &e : events)
        emit recorded(e);
    m_store.findConversation(conversation.id, [this](const std::optional<ConversationView> &found) {
        if (found && found->offline)
            announceOffline(*found);
    });
}

void ConversationRouter::peerConversationRated(
    const ConversationView &conversation, const QList<ConversationEvent> &events)
{
    for (const ConversationEvent &e : events)
        emit recorded(e);
    m_fanout.rated(conversation);
}

void ConversationRouter::peerTyping(
    const QString &conversationId, bool fromVisitor, const TypingEvent &event)
{
    if (const auto it = m_open.constFind(conversationId); it != m_open.constEnd())
        m_fanout.typing(*it, fromVisitor, event);
}

void ConversationRouter::peerAgentConnections(const QString &node, const AgentView &profile,
    const AgentScope &scope, int connections, int unproven)
{
    const QString &agentId = profile.id;
    const bool wasOnline = agentsOnline();
    const bool wasReachable = m_roster.isReachable(agentId);
    bool statusChanged = false;
    if (connections > 0) {
        // New here (added while this node ran), renamed, or its status told before this node
        // listened (a node that just started): the node it is connected to knows best.
        m_roster.upsert(profile, scope);
        statusChanged = m_roster.setStatus(agentId, profile.status);
    }
    m_roster.setRemoteConnections(agentId, node, connections, unproven);
    if (wasReachable == m_roster.isReachable(agentId) && !statusChanged)
        return;
    announcePresence(agentId);
    announceAvailability(wasOnline);
    assignFromQueue();
    publishQueuePositions();
}

void ConversationRouter::peerAgentStatus(
    const QString &agentId, Presence status, const ConversationEvent &event)
{
    const bool wasOnline = agentsOnline();
    emit recorded(event);
    if (!m_roster.setStatus(agentId, status))
        return;
    announcePresence(agentId);
    announceAvailability(wasOnline);
    assignFromQueue();
    publishQueuePositions();
}

void ConversationRouter::peerVisitorPresence(
    const QString &node, const QString &visitorId, bool present)
{
    if (present) {
        m_remoteVisitors[visitorId].insert(node);
        if (QTimer *timer = m_goneVisitors.take(visitorId)) {
            timer->deleteLater();
            assignFromQueue(); // back in time: its chat may be assigned again
        }
        return;
    }
    const auto it = m_remoteVisitors.find(visitorId);
    if (it == m_remoteVisitors.end())
        return;
    it->remove(node);
    if (!it->isEmpty())
        return;
    m_remoteVisitors.erase(it);
    if (!m_presentVisitors.contains(visitorId))
        visitorGoneEverywhere(visitorId);
}

void ConversationRouter::peerNodeGone(const QString &node)
{
    const bool wasOnline = agentsOnline();
    const QStringList agents = m_roster.forgetNode(node);
    for (const QString &agentId : agents)
        announcePresence(agentId);
    QStringList visitors;
    for (auto it = m_remoteVisitors.cbegin(); it != m_remoteVisitors.cend(); ++it)
        if (it->contains(node))
            visitors.append(it.key());
    for (const QString &visitorId : std::as_const(visitors))
        peerVisitorPresence(node, visitorId, false);
    qCInfo(lcRouter) << "node" << node << "is gone:" << agents.size() << "agents',"
                     << visitors.size() << "visitors' connections there count no more";
    announceAvailability(wasOnline);
}

void ConversationRouter::peerNodeJoined()
{
    if (!m_peers)
        return;
    for (const AgentView &agent : m_roster.all())
        if (m_roster.localConnections(agent.id).first > 0)
            tellPeersConnections(agent.id);
    for (const QString &visitorId : std::as_const(m_presentVisitors))
        m_peers->visitorPresence(visitorId, true);
}

void ConversationRouter::peerBusLost()
{
    m_seqWhenBusLost.clear();
    for (const ConversationView &open : std::as_const(m_open))
        m_seqWhenBusLost.insert(open.id, open.lastSeq);
}

bool ConversationRouter::takeStored(const ConversationView &stored)
{
    const auto cached = m_open.constFind(stored.id);
    StateChange change;
    if (cached != m_open.constEnd()) {
        change.previousStatus = cached->status;
        change.previousAgentId = cached->agentId;
    }
    return follow(stored, change);
}

void ConversationRouter::peerResync()
{
    const QHash<QString, qint64> seqs = std::exchange(m_seqWhenBusLost, {});
    m_store.listOpenConversations([this, seqs](const QList<ConversationView> &open) {
        QSet<QString> listed;
        for (const ConversationView &stored : open) {
            listed.insert(stored.id);
            catchUp(stored, seqs.value(stored.id, 0));
        }
        // Closed meanwhile (by another node): read back one by one.
        for (auto it = m_open.cbegin(); it != m_open.cend(); ++it)
            if (!listed.contains(it.key()))
                m_store.findConversation(it.key(),
                    [this, from = seqs.value(it.key(), 0)](
                        const std::optional<ConversationView> &c) {
                        if (c)
                            catchUp(*c, from);
                    });
        qCInfo(lcRouter) << "catching up after the bus was away:" << open.size()
                         << "open conversations read back";
    });
}

void ConversationRouter::catchUp(const ConversationView &stored, qint64 fromSeq)
{
    if (stored.lastSeq <= fromSeq)
        return void(takeStored(stored));
    // The messages stored meanwhile first (clients drop by seq what they have), then the state.
    m_store.fetchHistory(HistoryQuery { stored.id, fromSeq, std::nullopt, 200, true },
        [this, stored](const HistoryPage &page) {
            for (const MessageView &m : page.messages) {
                if (const auto it = m_open.find(m.conversationId); it != m_open.end())
                    deliverStored(*it, m);
                else
                    m_fanout.message(stored, m);
            }
            takeStored(stored);
        });
}

void ConversationRouter::tellPeersConnections(const QString &agentId)
{
    if (!m_peers)
        return;
    if (!m_roster.contains(agentId))
        return;
    const auto [connections, unproven] = m_roster.localConnections(agentId);
    m_peers->agentConnections(m_roster.view(agentId),
        m_roster.scope(agentId).value_or(AgentScope {}), connections, unproven);
}
