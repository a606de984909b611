#include "conversationrouter.h"

#include "clock.h"
#include "delivery.h"
#include "secrets.h"

#include <storage/chatstore.h>

#include <protocol/serverevents.h>

#include <QLoggingCategory>
#include <algorithm>
#include <cmath>

Q_LOGGING_CATEGORY(lcRouter, "chat.router")

namespace {
constexpr qint64 defaultHandlingSeconds = 300;
constexpr int minHandlingSamples = 5;

QJsonObject error(ErrorCode code, const QString &message)
{
    return ProtocolError{code, message, {}, {}}.toJson();
}

QJsonObject storageError()
{
    return error(ErrorCode::StorageError,
                 QStringLiteral("the server could not store this request; nothing was stored, send it again"));
}
} // namespace

ConversationRouter::ConversationRouter(ChatStore &store, Delivery &delivery, const Clock &clock,
                                       Options options, QObject *parent)
    : QObject(parent),
      m_store(store),
      m_delivery(delivery),
      m_clock(clock),
      m_options(options),
      m_roster(clock, options.agentGraceMs)
{
    connect(&m_roster, &AgentRoster::graceExpired, this, &ConversationRouter::onGraceExpired);
}

void ConversationRouter::restore()
{
    m_store.resetPresence(m_clock.nowMs());
    for (const AgentAccount &account : m_store.loadAgents())
        if (!account.disabled)
            m_roster.upsert(account.profile);
    m_handlingTimesMs = m_store.loadRecentHandlingTimes(m_options.handlingSamples);

    for (const ConversationView &conversation : m_store.loadOpenConversations()) {
        m_open.insert(conversation.id, conversation);
        m_openByVisitor.insert(conversation.visitor.id, conversation.id);
        if (conversation.status == u"queued") {
            m_queue.append(conversation.id);
        } else if (m_roster.contains(conversation.agentId)) {
            m_roster.changeLoad(conversation.agentId, 1);
        }
    }
    // Agents whose chats were assigned when the server stopped get the same grace period as
    // after a dropped connection: a connect + disconnect starts their timer.
    for (const ConversationView &conversation : std::as_const(m_open)) {
        if (conversation.status == u"assigned" && !m_roster.hasConnection(conversation.agentId)) {
            m_roster.connected(conversation.agentId);
            m_roster.disconnected(conversation.agentId);
        }
    }
    qCInfo(lcRouter) << "restored" << m_open.size() << "open conversations," << m_queue.size()
                     << "queued";
}

// ---- shared by visitors and agents -------------------------------------------------------

bool ConversationRouter::mayAct(const Participant &who, const ConversationView &conversation) const
{
    if (who.isVisitor())
        return conversation.visitor.id == who.id;
    return conversation.agentId == who.id || who.admin;
}

void ConversationRouter::sendMessage(const Participant &from, const MessageSend &request,
                                     const Reply &reply)
{
    if (request.internal && !from.isAgent())
        return reply(error(ErrorCode::Forbidden, QStringLiteral("only agents can write internal notes")));
    AppendRequest append;
    append.message = MessageView{request.conversationId, 0, request.clientId, from.role(),
                                 from.id, from.name, request.body, m_clock.nowMs(), request.internal};
    const auto it = m_open.constFind(request.conversationId);
    if (it != m_open.constEnd()) {
        if (!mayAct(from, *it))
            return reply(error(ErrorCode::Forbidden, QStringLiteral("this conversation is not yours")));
    } else {
        // Not open: only a resend of a message stored before the close may succeed.
        append.onlyIfDuplicate = true;
    }

    m_store.appendMessage(append, [this, reply](const AppendResult &result) {
        switch (result.status) {
        case StoreStatus::NotFound:
            return reply(error(ErrorCode::NotFound, QStringLiteral("no such conversation")));
        case StoreStatus::Closed:
            return reply(error(ErrorCode::ConversationClosed, QStringLiteral("the conversation is closed")));
        case StoreStatus::Conflict:
            return reply(error(ErrorCode::Conflict, QStringLiteral("clientId is already used by another message")));
        case StoreStatus::Failed:
            return reply(storageError());
        case StoreStatus::Ok:
            break;
        }
        const MessageView &m = result.message;
        reply(ServerEvents::messageAck(m.conversationId, m.clientId, m.seq, m.at, result.duplicate));
        if (result.duplicate)
            return;
        emit recorded(messageEvent(m));
        const auto open = m_open.find(m.conversationId);
        if (open == m_open.end())
            return;
        open->lastSeq = std::max(open->lastSeq, m.seq);
        deliverToConversation(*open, ServerEvents::encode(ServerEvents::message(m)), !m.internal);
    });
}

void ConversationRouter::typing(const Participant &from, const Typing &request)
{
    const auto it = m_open.constFind(request.conversationId);
    if (it == m_open.constEnd() || !mayAct(from, *it))
        return;
    const QByteArray frame = ServerEvents::encode(
            ServerEvents::typing(it->id, from.role(), from.name, request.active));
    if (from.isVisitor()) {
        if (!it->agentId.isEmpty())
            m_delivery.toAgent(it->agentId, frame);
    } else {
        m_delivery.toVisitor(it->visitor.id, frame);
    }
}

void ConversationRouter::fetchHistory(const Participant &from, const HistoryFetch &request,
                                      const Reply &reply)
{
    HistoryQuery query{request.conversationId, request.afterSeq, request.beforeSeq, request.limit,
                       from.isAgent()};
    m_store.fetchHistory(query, [from, reply, id = request.conversationId](const HistoryPage &page) {
        if (!page.found || (from.isVisitor() && page.visitorId != from.id))
            return reply(error(ErrorCode::NotFound, QStringLiteral("no such conversation")));
        reply(ServerEvents::history(id, page.messages, page.hasMore));
    });
}

void ConversationRouter::closeConversation(const Participant &from,
                                           const ConversationClose &request, const Reply &reply)
{
    const auto it = m_open.find(request.conversationId);
    if (it == m_open.end()) {
        // Closing again is answered with the closed conversation, not an error.
        m_store.findConversation(request.conversationId,
                                 [from, reply](const std::optional<ConversationView> &found) {
                                     if (!found || (from.isVisitor() && found->visitor.id != from.id))
                                         return reply(error(ErrorCode::NotFound, QStringLiteral("no such conversation")));
                                     reply(ServerEvents::conversationUpdated(*found));
                                 });
        return;
    }
    if (!mayAct(from, *it))
        return reply(error(ErrorCode::Forbidden, QStringLiteral("this conversation is not yours")));
    finishConversation(*it, from, reply);
}

void ConversationRouter::finishConversation(ConversationView &conversation, const Participant &by,
                                            const Reply &reply)
{
    const Change change{conversation.status, conversation.agentId, {}};
    const qint64 now = m_clock.nowMs();
    const bool wasQueued = conversation.status == u"queued";
    if (wasQueued) {
        m_queue.removeAll(conversation.id);
    } else {
        m_roster.changeLoad(conversation.agentId, -1);
        m_handlingTimesMs.prepend(now - conversation.assignedAt);
        if (m_handlingTimesMs.size() > m_options.handlingSamples)
            m_handlingTimesMs.removeLast();
    }
    conversation.status = QStringLiteral("closed");
    conversation.closedAt = now;
    const ConversationView closed = conversation;
    m_open.remove(closed.id);
    m_openByVisitor.remove(closed.visitor.id);

    QJsonObject payload{{"by", by.role()}};
    if (wasQueued)
        payload.insert("whileQueued", true);
    commit(closed, {event(closed, QStringLiteral("closed"), by.isAgent() ? by.id : QString(), payload)},
           change, replyWithUpdate(closed, reply));
    if (!wasQueued)
        announcePresence(change.previousAgentId);
    if (wasQueued)
        publishQueuePositions();
    assignFromQueue();
}

// ---- visitors ----------------------------------------------------------------------------

std::optional<ConversationView> ConversationRouter::openConversationOf(const QString &visitorId) const
{
    const QString id = m_openByVisitor.value(visitorId);
    if (id.isEmpty())
        return std::nullopt;
    return withQueueInfo(m_open.value(id));
}

void ConversationRouter::startConversation(const Participant &visitor, const VisitorView &details,
                                           const std::optional<Department> &department,
                                           const Reply &reply)
{
    if (const auto existing = openConversationOf(visitor.id))
        return reply(ServerEvents::conversationStarted(*existing));

    const qint64 now = m_clock.nowMs();
    ConversationView conversation;
    conversation.id = Secrets::newId();
    conversation.siteId = visitor.siteId;
    conversation.status = QStringLiteral("queued");
    conversation.visitor = details;
    conversation.createdAt = now;
    conversation.queuedAt = now;
    if (department) {
        conversation.departmentId = department->id;
        conversation.departmentName = department->name;
    }
    m_open.insert(conversation.id, conversation);
    m_openByVisitor.insert(visitor.id, conversation.id);
    m_queue.append(conversation.id);

    const QString id = conversation.id;
    commit(conversation,
           {event(conversation, QStringLiteral("created")), event(conversation, QStringLiteral("queued"))},
           Change{{}, {}, {}, true}, [this, id, reply](bool committed) {
               if (!committed) {
                   const auto it = m_open.constFind(id);
                   if (it != m_open.constEnd())
                       m_openByVisitor.remove(it->visitor.id);
                   m_open.remove(id);
                   m_queue.removeAll(id);
                   return reply(storageError());
               }
               if (const auto it = m_open.constFind(id); it != m_open.constEnd())
                   reply(ServerEvents::conversationStarted(withQueueInfo(*it)));
           });
    assignFromQueue();
}

void ConversationRouter::leaveOfflineMessage(const Participant &visitor, const VisitorView &details,
                                             const OfflineMessage &request, const Reply &reply)
{
    const qint64 now = m_clock.nowMs();
    ConversationView conversation;
    conversation.id = Secrets::newId();
    conversation.siteId = visitor.siteId;
    conversation.status = QStringLiteral("closed");
    conversation.visitor = details;
    conversation.createdAt = now;
    conversation.closedAt = now;
    conversation.offline = true;
    persist(conversation,
            {event(conversation, QStringLiteral("created"), {}, {{"offline", true}}),
             event(conversation, QStringLiteral("closed"), {}, {{"by", "visitor"}, {"offline", true}})},
            nullptr);
    AppendRequest append;
    append.message = MessageView{conversation.id, 0, Secrets::newId(), QStringLiteral("visitor"),
                                 visitor.id, details.name, request.body, now};
    append.allowClosed = true;
    m_store.appendMessage(append, [this, reply, id = conversation.id](const AppendResult &result) {
        if (result.status != StoreStatus::Ok)
            return reply(storageError());
        emit recorded(messageEvent(result.message));
        reply(ServerEvents::offlineReceived(id));
    });
}

void ConversationRouter::rateConversation(const Participant &visitor,
                                          const ConversationRate &request, const Reply &reply)
{
    const auto open = m_open.constFind(request.conversationId);
    if (open != m_open.constEnd()) {
        if (open->visitor.id != visitor.id)
            return reply(error(ErrorCode::NotFound, QStringLiteral("no such conversation")));
        return reply(error(ErrorCode::Conflict, QStringLiteral("a conversation can be rated once it is closed")));
    }
    m_store.findConversation(request.conversationId, [this, visitor, request, reply](
                                                             std::optional<ConversationView> found) {
        if (!found || found->visitor.id != visitor.id)
            return reply(error(ErrorCode::NotFound, QStringLiteral("no such conversation")));
        found->rating = request.rating;
        found->ratingComment = request.comment;
        const ConversationView rated = *found;
        persist(rated,
                  {event(rated, QStringLiteral("rated"), rated.agentId,
                         {{"rating", request.rating}, {"hasComment", !request.comment.isEmpty()}})},
                  [this, rated, reply](bool committed) {
                      if (!committed)
                          return reply(storageError());
                      const QJsonObject update = ServerEvents::conversationUpdated(rated);
                      reply(update);
                      if (!rated.agentId.isEmpty())
                          m_delivery.toAgent(rated.agentId, ServerEvents::encode(update));
                  });
    });
}

void ConversationRouter::updateVisitorPage(const Participant &visitor, const VisitorView &details)
{
    const QString id = m_openByVisitor.value(visitor.id);
    if (id.isEmpty())
        return;
    ConversationView &conversation = m_open[id];
    conversation.visitor = details;
    const ConversationView snapshot = conversation;
    if (!snapshot.agentId.isEmpty())
        m_delivery.toAgent(snapshot.agentId,
                           ServerEvents::encode(ServerEvents::conversationUpdated(snapshot)));
}

void ConversationRouter::visitorLeft(const QString &visitorId)
{
    const QString id = m_openByVisitor.value(visitorId);
    if (id.isEmpty() || m_open.value(id).status != u"queued")
        return;
    // Recorded for metrics (abandonment); the conversation stays queued until closed.
    const ConversationView conversation = m_open.value(id);
    persist(conversation, {event(conversation, QStringLiteral("visitor_left"))}, nullptr);
}

ConversationView ConversationRouter::withQueueInfo(ConversationView conversation) const
{
    if (conversation.status == u"queued") {
        conversation.queuePosition = int(m_queue.indexOf(conversation.id)) + 1;
        conversation.estimatedWaitSeconds = estimatedWaitSeconds(conversation.queuePosition);
    }
    return conversation;
}

std::optional<qint64> ConversationRouter::estimatedWaitSeconds(int position) const
{
    const QList<AgentLoad> loads = m_roster.loads();
    const int online = m_roster.onlineCount();
    if (online == 0)
        return std::nullopt;
    const int free = AssignmentPolicy::freeCapacity(loads);
    if (position <= free)
        return 0;
    qint64 handlingSeconds = defaultHandlingSeconds;
    if (m_handlingTimesMs.size() >= minHandlingSamples) {
        QList<qint64> sorted = m_handlingTimesMs;
        std::sort(sorted.begin(), sorted.end());
        handlingSeconds = sorted.at(sorted.size() / 2) / 1000;
    }
    const qint64 rounds = (position - free + online - 1) / online;
    return rounds * handlingSeconds;
}

// ---- agents ------------------------------------------------------------------------------

void ConversationRouter::agentConnected(const AgentView &profile)
{
    const bool wasOnline = agentsOnline();
    m_roster.upsert(profile);
    m_roster.connected(profile.id);
    // Back within the grace period: it keeps its status and its chats.
    announcePresence(profile.id);
    announceAvailability(wasOnline);
    assignFromQueue();
}

void ConversationRouter::agentDisconnected(const QString &agentId)
{
    m_roster.disconnected(agentId);
    if (!m_roster.hasConnection(agentId)) {
        // Not available for new chats while away; its open chats wait for the grace period.
        const bool wasOnline = agentsOnline();
        announcePresence(agentId);
        announceAvailability(wasOnline);
    }
}

void ConversationRouter::setPresence(const Participant &agent, const QString &status)
{
    const bool wasOnline = agentsOnline();
    if (m_roster.setStatus(agent.id, status))
        storePresence(agent.id, status);
    announcePresence(agent.id);
    announceAvailability(wasOnline);
    assignFromQueue();
    publishQueuePositions();
}

void ConversationRouter::onGraceExpired(const QString &agentId)
{
    const bool wasOnline = agentsOnline();
    if (m_roster.setStatus(agentId, QStringLiteral("offline")))
        storePresence(agentId, QStringLiteral("offline"));

    QList<ConversationView *> orphans;
    for (ConversationView &conversation : m_open)
        if (conversation.status == u"assigned" && conversation.agentId == agentId)
            orphans.append(&conversation);
    std::sort(orphans.begin(), orphans.end(), [](const ConversationView *a, const ConversationView *b) {
        return std::tie(a->queuedAt, a->createdAt) < std::tie(b->queuedAt, b->createdAt);
    });
    // Back to the front of the queue, oldest first.
    for (auto it = orphans.rbegin(); it != orphans.rend(); ++it) {
        ConversationView &conversation = **it;
        const Change change{conversation.status, conversation.agentId, {}};
        conversation.status = QStringLiteral("queued");
        conversation.agentId.clear();
        conversation.agentName.clear();
        m_roster.changeLoad(agentId, -1);
        m_queue.prepend(conversation.id);
        commit(conversation, {event(conversation, QStringLiteral("requeued"), agentId, {{"reason", "agent_gone"}})},
               change);
    }
    if (!orphans.isEmpty())
        qCInfo(lcRouter) << "agent" << agentId << "gone: requeued" << orphans.size() << "conversations";
    announcePresence(agentId);
    announceAvailability(wasOnline);
    assignFromQueue();
    publishQueuePositions();
}

void ConversationRouter::acceptFromQueue(const Participant &agent, const QueueAccept &request,
                                         const Reply &reply)
{
    const auto it = m_open.find(request.conversationId);
    if (it == m_open.end())
        return reply(error(ErrorCode::NotFound, QStringLiteral("no such open conversation")));
    if (it->status != u"queued")
        return reply(error(ErrorCode::Conflict, QStringLiteral("the conversation is no longer waiting")));
    m_queue.removeAll(it->id);
    assign(*it, agent.id, QStringLiteral("accept"), reply);
    publishQueuePositions();
}

void ConversationRouter::transfer(const Participant &agent, const ConversationTransfer &request,
                                  const Reply &reply)
{
    const auto it = m_open.find(request.conversationId);
    if (it == m_open.end())
        return reply(error(ErrorCode::NotFound, QStringLiteral("no such open conversation")));
    if (it->status != u"assigned")
        return reply(error(ErrorCode::Conflict, QStringLiteral("only an assigned conversation can be transferred")));
    if (!mayAct(agent, *it))
        return reply(error(ErrorCode::Forbidden, QStringLiteral("this conversation is not yours")));
    if (request.toAgentId.isEmpty())
        transferToDepartment(*it, agent, request, reply);
    else
        transferToAgent(*it, agent, request, reply);
}

void ConversationRouter::transferToAgent(ConversationView &conversation, const Participant &by,
                                         const ConversationTransfer &request, const Reply &reply)
{
    if (!m_roster.contains(request.toAgentId))
        return reply(error(ErrorCode::NotFound, QStringLiteral("no such agent")));
    if (request.toAgentId == conversation.agentId)
        return reply(error(ErrorCode::Conflict, QStringLiteral("the conversation is already with that agent")));
    const AgentView target = m_roster.view(request.toAgentId);
    if (target.status == u"offline" || !m_roster.hasConnection(target.id))
        return reply(error(ErrorCode::AgentUnavailable, QStringLiteral("%1 is not online").arg(target.name)));

    const Change change{conversation.status, conversation.agentId, request.note};
    m_roster.changeLoad(conversation.agentId, -1);
    m_roster.changeLoad(target.id, 1);
    conversation.agentId = target.id;
    conversation.agentName = target.name;
    QJsonObject payload{{"from", change.previousAgentId}, {"to", target.id}, {"by", by.id}};
    if (!request.note.isEmpty())
        payload.insert("note", request.note);
    commit(conversation, {event(conversation, QStringLiteral("transferred"), target.id, payload)}, change,
           replyWithUpdate(conversation, reply));
    announcePresence(change.previousAgentId);
    announcePresence(target.id);
    assignFromQueue();
}

void ConversationRouter::transferToDepartment(ConversationView &conversation, const Participant &by,
                                              const ConversationTransfer &request, const Reply &reply)
{
    const QString conversationId = conversation.id;
    m_store.findDepartment(request.toDepartmentId, [this, conversationId, by, request, reply](
                                                           const std::optional<Department> &department) {
        const auto it = m_open.find(conversationId);
        if (it == m_open.end() || it->status != u"assigned")
            return reply(error(ErrorCode::Conflict, QStringLiteral("the conversation changed meanwhile")));
        if (!department || department->siteId != it->siteId)
            return reply(error(ErrorCode::NotFound, QStringLiteral("no such department for this site")));
        ConversationView &conversation = *it;
        const Change change{conversation.status, conversation.agentId, request.note};
        m_roster.changeLoad(conversation.agentId, -1);
        conversation.status = QStringLiteral("queued");
        conversation.agentId.clear();
        conversation.agentName.clear();
        conversation.departmentId = department->id;
        conversation.departmentName = department->name;
        // It has waited once already: first in line for its new department.
        m_queue.prepend(conversation.id);
        QJsonObject payload{{"from", change.previousAgentId}, {"toDepartment", department->id}, {"by", by.id}};
        if (!request.note.isEmpty())
            payload.insert("note", request.note);
        commit(conversation, {event(conversation, QStringLiteral("transferred"), {}, payload)}, change,
               replyWithUpdate(conversation, reply));
        announcePresence(change.previousAgentId);
        assignFromQueue();
        publishQueuePositions();
    });
}

void ConversationRouter::reopen(const Participant &agent, const ConversationReopen &request,
                                const Reply &reply)
{
    if (m_open.contains(request.conversationId))
        return reply(error(ErrorCode::Conflict, QStringLiteral("the conversation is open")));
    m_store.findConversation(request.conversationId, [this, agent, reply](std::optional<ConversationView> found) {
        if (!found)
            return reply(error(ErrorCode::NotFound, QStringLiteral("no such conversation")));
        if (m_open.contains(found->id) || m_openByVisitor.contains(found->visitor.id))
            return reply(error(ErrorCode::Conflict, QStringLiteral("the visitor has another open conversation")));
        ConversationView &conversation = m_open[found->id];
        conversation = *found;
        const Change change{conversation.status, {}, {}};
        conversation.status = QStringLiteral("assigned");
        conversation.agentId = agent.id;
        conversation.agentName = m_roster.view(agent.id).name;
        conversation.closedAt = 0;
        m_openByVisitor.insert(conversation.visitor.id, conversation.id);
        m_roster.changeLoad(agent.id, 1);
        commit(conversation, {event(conversation, QStringLiteral("reopened"), agent.id)}, change,
               replyWithUpdate(conversation, reply));
        announcePresence(agent.id);
    });
}

QJsonObject ConversationRouter::snapshotFor(const QString &agentId) const
{
    QList<ConversationView> queue;
    for (const QString &id : m_queue)
        queue.append(withQueueInfo(m_open.value(id)));
    QList<ConversationView> mine;
    for (const ConversationView &conversation : m_open)
        if (conversation.status == u"assigned" && conversation.agentId == agentId)
            mine.append(conversation);
    std::sort(mine.begin(), mine.end(), [](const auto &a, const auto &b) { return a.createdAt < b.createdAt; });
    return ServerEvents::agentSnapshot(queue, mine, m_roster.all());
}

// ---- assignment and announcements ---------------------------------------------------------

void ConversationRouter::assignFromQueue()
{
    // In queue order; a conversation whose department has nobody free does not hold up the
    // ones behind it.
    bool moved = false;
    for (qsizetype i = 0; i < m_queue.size();) {
        ConversationView &conversation = m_open[m_queue.at(i)];
        const auto agentId = AssignmentPolicy::chooseAgent(m_roster.loads(), conversation.departmentId);
        if (!agentId) {
            if (AssignmentPolicy::freeCapacity(m_roster.loads()) == 0)
                break;
            ++i;
            continue;
        }
        m_queue.removeAt(i);
        assign(conversation, *agentId, QStringLiteral("auto"));
        moved = true;
    }
    if (moved)
        publishQueuePositions();
}

void ConversationRouter::assign(ConversationView &conversation, const QString &agentId,
                                const QString &how, const Reply &reply)
{
    const Change change{conversation.status, conversation.agentId, {}};
    const AgentView agent = m_roster.view(agentId);
    conversation.status = QStringLiteral("assigned");
    conversation.agentId = agentId;
    conversation.agentName = agent.name;
    if (conversation.assignedAt == 0)
        conversation.assignedAt = m_clock.nowMs();
    m_roster.changeLoad(agentId, 1);
    m_roster.markAssigned(agentId);
    commit(conversation, {event(conversation, QStringLiteral("assigned"), agentId, {{"how", how}})}, change,
           replyWithUpdate(conversation, reply));
    announcePresence(agentId);
}

void ConversationRouter::commit(const ConversationView &conversation, QList<ConversationEvent> events,
                                const Change &change, const std::function<void(bool)> &then)
{
    persist(conversation, events, [this, conversation, change, then](bool committed) {
        if (!committed)
            qCWarning(lcRouter) << "could not store a change of conversation" << conversation.id;
        publish(conversation, change);
        if (then)
            then(committed);
    });
}

std::function<void(bool)> ConversationRouter::replyWithUpdate(const ConversationView &conversation,
                                                              const Reply &reply) const
{
    if (!reply)
        return {};
    return [conversation, reply](bool committed) {
        reply(committed ? ServerEvents::conversationUpdated(conversation) : storageError());
    };
}

void ConversationRouter::publish(const ConversationView &stored, const Change &change)
{
    const auto current = m_open.constFind(stored.id);
    // A newer state of this conversation is already on its way to the store; its own
    // announcement will carry everything, so this outdated one is not sent.
    if (current != m_open.constEnd() && current->status != stored.status)
        return;
    // Queue figures are computed now, when the update leaves, not when it was stored.
    const ConversationView conversation = current != m_open.constEnd() ? withQueueInfo(stored) : stored;
    const QByteArray frame = ServerEvents::encode(ServerEvents::conversationUpdated(conversation, change.note));
    if (!change.visitorAlreadyTold)
        m_delivery.toVisitor(conversation.visitor.id, frame);
    if (change.previousStatus == u"queued" || conversation.status == u"queued") {
        m_delivery.toAllAgents(frame);
        return;
    }
    if (!conversation.agentId.isEmpty())
        m_delivery.toAgent(conversation.agentId, frame);
    if (!change.previousAgentId.isEmpty() && change.previousAgentId != conversation.agentId)
        m_delivery.toAgent(change.previousAgentId, frame);
}

void ConversationRouter::publishQueuePositions()
{
    for (const QString &id : std::as_const(m_queue)) {
        const ConversationView conversation = withQueueInfo(m_open.value(id));
        m_delivery.toVisitor(conversation.visitor.id,
                             ServerEvents::encode(ServerEvents::conversationUpdated(conversation)));
    }
}

void ConversationRouter::deliverToConversation(const ConversationView &conversation,
                                               const QByteArray &frame, bool toVisitor)
{
    if (toVisitor)
        m_delivery.toVisitor(conversation.visitor.id, frame);
    // While queued, every agent watches the conversation (the queue shows its messages).
    if (conversation.status == u"queued")
        m_delivery.toAllAgents(frame);
    else if (!conversation.agentId.isEmpty())
        m_delivery.toAgent(conversation.agentId, frame);
}

void ConversationRouter::announcePresence(const QString &agentId)
{
    if (agentId.isEmpty() || !m_roster.contains(agentId))
        return;
    AgentView view = m_roster.view(agentId);
    if (!m_roster.hasConnection(agentId) && view.status != u"offline")
        view.status = QStringLiteral("away"); // disconnected, within its grace period
    m_delivery.toAllAgents(ServerEvents::encode(ServerEvents::presence(view)));
}

void ConversationRouter::announceAvailability(bool wasOnline)
{
    const bool online = agentsOnline();
    if (online != wasOnline)
        m_delivery.toAllVisitors(ServerEvents::encode(ServerEvents::availability(online)));
}

ConversationEvent ConversationRouter::event(const ConversationView &conversation,
                                            const QString &type, const QString &agentId,
                                            const QJsonObject &payload) const
{
    return ConversationEvent{conversation.id, type, agentId, payload, m_clock.nowMs()};
}

void ConversationRouter::persist(const ConversationView &conversation,
                                 const QList<ConversationEvent> &events,
                                 const std::function<void(bool)> &done)
{
    m_store.saveConversation(conversation, events, [this, events, done](bool committed) {
        if (committed)
            for (const ConversationEvent &e : events)
                emit recorded(e);
        if (done)
            done(committed);
    });
}

void ConversationRouter::storePresence(const QString &agentId, const QString &status)
{
    const qint64 now = m_clock.nowMs();
    m_store.savePresence(agentId, status, now);
    emit recorded(ConversationEvent{{}, QStringLiteral("presence"), agentId, {{"status", status}}, now});
}

ConversationEvent ConversationRouter::messageEvent(const MessageView &message)
{
    // The same event SqliteStore::appendMessage writes in the message's transaction.
    return ConversationEvent{message.conversationId, QStringLiteral("message"),
                             message.authorRole == u"agent" ? message.authorId : QString(),
                             QJsonObject{{"seq", message.seq}, {"role", message.authorRole},
                                         {"internal", message.internal}},
                             message.at};
}
