// ConversationRouter: what agents do — connect, set their presence, accept from the queue,
// transfer, reopen — and what happens when one is gone for good.
#include "conversationrouter.h"

#include "clock.h"
#include "conversationaccess.h"
#include "routerreplies.h"
#include "secrets.h"

#include <storage/conversationstore.h>

#include <protocol/serverevents.h>

#include <algorithm>

using RouterReplies::error;
using RouterReplies::notFound;

void ConversationRouter::agentConnected(
    const AgentView &profile, const AgentScope &scope, Liveness liveness)
{
    const bool wasOnline = agentsOnline();
    m_roster.upsert(profile, scope);
    m_roster.connected(profile.id, liveness);
    tellPeersConnections(profile.id);
    // Back within the grace period: it keeps its status and its chats.
    announcePresence(profile.id);
    announceAvailability(wasOnline);
    assignFromQueue();
}

void ConversationRouter::agentDisconnected(const QString &agentId, Liveness liveness)
{
    const bool wasReachable = m_roster.isReachable(agentId);
    m_roster.disconnected(agentId, liveness);
    tellPeersConnections(agentId);
    if (!m_roster.hasConnection(agentId) || wasReachable != m_roster.isReachable(agentId)) {
        // Not available for new chats while away; its open chats wait for the grace period.
        const bool wasOnline = agentsOnline();
        announcePresence(agentId);
        announceAvailability(wasOnline);
    }
}

void ConversationRouter::agentLivenessChanged(const QString &agentId, Liveness now)
{
    const bool wasOnline = agentsOnline();
    const bool wasReachable = m_roster.isReachable(agentId);
    m_roster.livenessChanged(agentId, now);
    tellPeersConnections(agentId);
    const bool reachable = m_roster.isReachable(agentId);
    if (reachable == wasReachable)
        return;
    // A suspended laptop or a dead link: chats handed to it now would wait for the drop and
    // the grace period before anyone answers them.
    if (reachable)
        qCInfo(lcRouter) << "agent" << agentId << "answers again: available for new chats";
    else
        qCInfo(lcRouter) << "agent" << agentId
                         << "does not answer pings: no new chats until it does";
    announcePresence(agentId);
    announceAvailability(wasOnline);
    if (reachable) {
        assignFromQueue();
        publishQueuePositions();
    }
}

void ConversationRouter::agentSignedOut(const QString &agentId)
{
    if (!m_roster.hasConnection(agentId))
        onGraceExpired(agentId);
}

void ConversationRouter::setPresence(const Participant &agent, Presence status, const Reply &reply)
{
    const bool wasOnline = agentsOnline();
    if (m_roster.setStatus(agent.id, status))
        storePresence(agent.id, status);
    if (reply)
        reply(PresenceEvent { m_roster.view(agent.id) });
    announcePresence(agent.id);
    announceAvailability(wasOnline);
    assignFromQueue();
    publishQueuePositions();
}

void ConversationRouter::onGraceExpired(const QString &agentId)
{
    const bool wasOnline = agentsOnline();
    // Every node's timer ends; the node its last connection was to stores it, once.
    if (m_roster.setStatus(agentId, Presence::Offline) && m_roster.lastConnectedHere(agentId))
        storePresence(agentId, Presence::Offline);

    QList<ConversationView *> orphans;
    for (ConversationView &conversation : m_open)
        if (conversation.status == ConversationStatus::Assigned && conversation.agentId == agentId)
            orphans.append(&conversation);
    std::sort(
        orphans.begin(), orphans.end(), [](const ConversationView *a, const ConversationView *b) {
            return std::tie(a->queuedAt, a->createdAt) < std::tie(b->queuedAt, b->createdAt);
        });
    // Back to the front of the queue, oldest first.
    for (auto it = orphans.rbegin(); it != orphans.rend(); ++it) {
        ConversationView &conversation = **it;
        const Transition requeued
            = ConversationStates::requeueAgentGone(conversation, m_clock.nowMs());
        conversation = requeued.conversation;
        m_roster.changeLoad(agentId, -1);
        m_queue.prepend(conversation.id);
        commit(requeued, {}, false,
            { systemLine(conversation,
                QStringLiteral("%1 left the chat").arg(m_roster.view(agentId).name)) });
        watchQueuedVisitor(conversation);
    }
    if (!orphans.isEmpty())
        qCInfo(lcRouter) << "agent" << agentId << "gone: requeued" << orphans.size()
                         << "conversations";
    announcePresence(agentId);
    announceAvailability(wasOnline);
    assignFromQueue();
    publishQueuePositions();
}

void ConversationRouter::acceptFromQueue(
    const Participant &agent, const QueueAccept &request, const Reply &reply)
{
    const auto it = m_open.find(request.conversationId);
    if (it == m_open.end() || !ConversationAccess::maySee(agent, *it))
        return reply(notFound());
    const auto accepted = ConversationStates::accept(*it, m_roster.view(agent.id), m_clock.nowMs());
    if (const auto *refused = std::get_if<ErrorEvent>(&accepted))
        return reply(*refused);
    m_queue.remove(it->id);
    assign(*it, std::get<Transition>(accepted), reply);
    publishQueuePositions();
}

void ConversationRouter::transfer(
    const Participant &agent, const ConversationTransfer &request, const Reply &reply)
{
    const auto it = m_open.find(request.conversationId);
    if (it == m_open.end() || !ConversationAccess::maySee(agent, *it))
        return reply(notFound());
    if (const auto refused = ConversationStates::refuseTransfer(*it, agent))
        return reply(*refused);
    if (request.toAgentId.isEmpty())
        transferToDepartment(*it, agent, request, reply);
    else
        transferToAgent(*it, agent, request, reply);
}

void ConversationRouter::transferToAgent(ConversationView &conversation, const Participant &by,
    const ConversationTransfer &request, const Reply &reply)
{
    const std::optional<AgentView> target = m_roster.contains(request.toAgentId)
        ? std::optional(m_roster.view(request.toAgentId))
        : std::nullopt;
    // A chat is handed only to an agent who serves its site and department.
    if (target && !ConversationAccess::mayBeGiven(*m_roster.scope(target->id), conversation))
        return reply(error(ErrorCode::AgentUnavailable,
            QStringLiteral("%1 does not take chats of this site and department")
                .arg(target->name)));
    const auto result = ConversationStates::transferToAgent(conversation, by, target,
        target && m_roster.isReachable(target->id), request.note, m_clock.nowMs());
    if (const auto *refused = std::get_if<ErrorEvent>(&result))
        return reply(*refused);
    const Transition &transferred = std::get<Transition>(result);
    m_roster.changeLoad(transferred.change.previousAgentId, -1);
    m_roster.changeLoad(transferred.conversation.agentId, 1);
    conversation = transferred.conversation;
    commit(transferred, replyWithUpdate(conversation, reply), false,
        transferLines(conversation, by,
            QStringLiteral("%1 transferred the chat to %2").arg(by.name, conversation.agentName),
            request.note));
    announcePresence(transferred.change.previousAgentId);
    announcePresence(conversation.agentId);
    assignFromQueue();
}

void ConversationRouter::transferToDepartment(ConversationView &conversation, const Participant &by,
    const ConversationTransfer &request, const Reply &reply)
{
    const QString conversationId = conversation.id;
    m_store.findDepartment(request.toDepartmentId,
        [this, conversationId, by, request, reply](const std::optional<Department> &department) {
            const auto it = m_open.find(conversationId);
            if (it == m_open.end())
                return reply(error(
                    ErrorCode::Conflict, QStringLiteral("the conversation changed meanwhile")));
            const auto result = ConversationStates::transferToDepartment(
                *it, by, department, request.note, m_clock.nowMs());
            if (const auto *refused = std::get_if<ErrorEvent>(&result))
                return reply(*refused);
            const Transition &transferred = std::get<Transition>(result);
            ConversationView &conversation = *it;
            m_roster.changeLoad(transferred.change.previousAgentId, -1);
            conversation = transferred.conversation;
            // It has waited once already: first in line for its new department.
            m_queue.prepend(conversation.id);
            commit(transferred, replyWithUpdate(conversation, reply), false,
                transferLines(conversation, by,
                    QStringLiteral("%1 transferred the chat to %2")
                        .arg(by.name, conversation.departmentName),
                    request.note));
            watchQueuedVisitor(conversation);
            announcePresence(transferred.change.previousAgentId);
            assignFromQueue();
            publishQueuePositions();
        });
}

void ConversationRouter::reopen(
    const Participant &agent, const ConversationReopen &request, const Reply &reply)
{
    if (const auto open = m_open.constFind(request.conversationId); open != m_open.constEnd()) {
        if (!ConversationAccess::maySee(agent, *open))
            return reply(notFound());
        return reply(error(ErrorCode::Conflict, QStringLiteral("the conversation is open")));
    }
    m_store.findConversation(
        request.conversationId, [this, agent, reply](std::optional<ConversationView> found) {
            if (!found || !ConversationAccess::maySee(agent, *found))
                return reply(notFound());
            if (!ConversationAccess::mayReopen(agent, *found))
                return reply(error(ErrorCode::Forbidden,
                    QStringLiteral("only the agent who had this conversation, or an admin, can "
                                   "reopen it")));
            const auto result = ConversationStates::reopen(*found, m_roster.view(agent.id),
                m_open.contains(found->id) || m_openByVisitor.contains(found->visitor.id),
                m_clock.nowMs());
            if (const auto *refused = std::get_if<ErrorEvent>(&result))
                return reply(*refused);
            const Transition &reopened = std::get<Transition>(result);
            ConversationView &conversation = m_open[found->id];
            conversation = reopened.conversation;
            m_openByVisitor.insert(conversation.visitor.id, conversation.id);
            m_roster.changeLoad(agent.id, 1);
            commit(reopened, replyWithUpdate(conversation, reply), false,
                { systemLine(conversation,
                    QStringLiteral("%1 reopened the chat").arg(conversation.agentName)) });
            announcePresence(agent.id);
        });
}

QList<AppendRequest> ConversationRouter::transferLines(const ConversationView &conversation,
    const Participant &by, const QString &line, const QString &note) const
{
    QList<AppendRequest> lines { systemLine(conversation, line) };
    // The note is kept in the timeline as an internal note, so the receiving agent reads it
    // whenever it opens the chat; never delivered to the visitor.
    if (!note.isEmpty()) {
        AppendRequest internal;
        internal.message = MessageView { conversation.id, 0, Secrets::newId(), by.role(), by.id,
            by.name, note, m_clock.nowMs(), true };
        internal.allowClosed = true;
        lines.append(internal);
    }
    return lines;
}

void ConversationRouter::listDepartments(const std::function<void(QList<Department>)> &done)
{
    m_store.listSites([done](const QList<Site> &sites) {
        QList<Department> departments;
        for (const Site &site : sites)
            departments.append(site.departments);
        done(departments);
    });
}

SnapshotEvent ConversationRouter::snapshotFor(
    const QString &agentId, const QList<Department> &departments) const
{
    // The queue and the offline inbox as this agent may see them (ConversationAccess).
    const std::optional<Participant> agent = m_roster.participant(agentId);
    const auto sees = [&agent](const ConversationView &conversation) {
        return agent && ConversationAccess::maySee(*agent, conversation);
    };
    QList<ConversationView> queue;
    for (const QString &id : m_queue.waiting())
        if (sees(m_open.value(id)))
            queue.append(withQueueInfo(m_open.value(id)));
    QList<ConversationView> mine;
    for (const ConversationView &conversation : m_open)
        if (conversation.status == ConversationStatus::Assigned && conversation.agentId == agentId)
            mine.append(conversation);
    std::sort(mine.begin(), mine.end(),
        [](const auto &a, const auto &b) { return a.createdAt < b.createdAt; });
    QList<ConversationView> offline;
    for (const ConversationView &message : m_offlineInbox)
        if (sees(message))
            offline.append(message);
    return SnapshotEvent { queue, mine, m_roster.all(), offline, departments };
}
