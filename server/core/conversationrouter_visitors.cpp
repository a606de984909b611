// ConversationRouter: what visitors do — start a conversation, leave an offline message, rate,
// move between pages, leave — and what they are told about the queue.
#include "conversationrouter.h"

#include "clock.h"
#include "conversationaccess.h"
#include "routerreplies.h"
#include "secrets.h"

#include <storage/conversationstore.h>

#include <protocol/serverevents.h>

#include <algorithm>
#include <cmath>

using RouterReplies::error;
using RouterReplies::notFound;
using RouterReplies::storageError;

ConversationView ConversationRouter::newConversation(
    const Participant &visitor, const VisitorView &details, ConversationStatus status) const
{
    ConversationView conversation;
    conversation.id = Secrets::newId();
    conversation.siteId = visitor.siteId;
    conversation.status = status;
    conversation.visitor = details;
    conversation.createdAt = m_clock.nowMs();
    return conversation;
}

std::optional<ConversationView> ConversationRouter::openConversationOf(
    const QString &visitorId) const
{
    const QString id = m_openByVisitor.value(visitorId);
    if (id.isEmpty())
        return std::nullopt;
    return withQueueInfo(m_open.value(id));
}

void ConversationRouter::startConversation(const Participant &visitor, const VisitorView &details,
    const std::optional<Department> &department, const Reply &reply)
{
    if (const auto existing = openConversationOf(visitor.id))
        return reply(ConversationStartedEvent { *existing });

    ConversationView fresh = newConversation(visitor, details, ConversationStatus::Queued);
    if (department) {
        fresh.departmentId = department->id;
        fresh.departmentName = department->name;
    }
    const Transition started = ConversationStates::start(fresh, fresh.createdAt);
    const QString id = started.conversation.id;
    m_open.insert(id, started.conversation);
    m_openByVisitor.insert(visitor.id, id);
    m_queue.append(id);

    commit(started, [this, id, reply](StoreStatus status) {
        if (status != StoreStatus::Ok) {
            const auto it = m_open.constFind(id);
            if (it != m_open.constEnd())
                m_openByVisitor.remove(it->visitor.id);
            m_open.remove(id);
            m_queue.remove(id);
            return reply(storageError());
        }
        if (const auto it = m_open.constFind(id); it != m_open.constEnd())
            reply(ConversationStartedEvent { withQueueInfo(*it) });
    });
    assignFromQueue();
}

void ConversationRouter::rateConversation(
    const Participant &visitor, const ConversationRate &request, const Reply &reply)
{
    const auto open = m_open.constFind(request.conversationId);
    if (open != m_open.constEnd()) {
        if (!ConversationAccess::maySee(visitor, *open))
            return reply(notFound());
        return reply(error(
            ErrorCode::Conflict, QStringLiteral("a conversation can be rated once it is closed")));
    }
    m_store.findConversation(request.conversationId,
        [this, visitor, request, reply](std::optional<ConversationView> found) {
            if (!found || !ConversationAccess::maySee(visitor, *found))
                return reply(notFound());
            found->rating = request.rating;
            found->ratingComment = request.comment;
            const ConversationView rated = *found;
            const QList<ConversationEvent> events { event(rated, EventType::Rated, rated.agentId,
                { { "rating", wireName(request.rating) },
                    { "hasComment", !request.comment.isEmpty() } }) };
            persist(rated, events, [this, rated, events, reply](bool committed) {
                if (!committed)
                    return reply(storageError());
                reply(ConversationUpdatedEvent::toVisitor(rated));
                m_fanout.rated(rated);
                if (m_peers)
                    m_peers->conversationRated(rated, events);
            });
        });
}

void ConversationRouter::updateVisitor(
    const Participant &visitor, const VisitorView &details, const Reply &reply)
{
    m_store.saveVisitorDetails(details, m_clock.nowMs(), true, [reply, details](bool committed) {
        if (reply)
            reply(committed ? ServerEvent(VisitorUpdatedEvent { details }) : storageError());
    });
    announceVisitor(visitor.id, details, true);
    if (m_peers)
        m_peers->visitorDetails(visitor.id, details, true);
}

void ConversationRouter::visitorMoved(const Participant &visitor, const VisitorView &details)
{
    // Only where it is: the name and email a tab holds may be older than what another tab said.
    m_store.saveVisitorDetails(details, m_clock.nowMs(), false, nullptr);
    announceVisitor(visitor.id, details, false);
    // Only a visitor in a conversation is followed by agents; other page views stay here.
    if (m_peers && m_openByVisitor.contains(visitor.id))
        m_peers->visitorDetails(visitor.id, details, false);
}

void ConversationRouter::announceVisitor(
    const QString &visitorId, const VisitorView &details, bool withIdentity)
{
    const QString id = m_openByVisitor.value(visitorId);
    if (id.isEmpty())
        return;
    ConversationView &conversation = m_open[id];
    VisitorView merged = details; // an empty name or email keeps the known one
    if (!withIdentity || merged.name.isEmpty())
        merged.name = conversation.visitor.name;
    if (!withIdentity || merged.email.isEmpty())
        merged.email = conversation.visitor.email;
    conversation.visitor = merged;
    if (conversation.status == ConversationStatus::Queued)
        m_queueUpdates.changed(id); // paced like its other queue entry changes
    else
        m_fanout.toItsAgent(conversation, ConversationUpdatedEvent::toAgents(conversation));
}

void ConversationRouter::visitorLeft(const QString &visitorId)
{
    m_presentVisitors.remove(visitorId);
    if (m_peers)
        m_peers->visitorPresence(visitorId, false);
    if (!isPresentElsewhere(visitorId))
        visitorGoneEverywhere(visitorId);
}

void ConversationRouter::visitorGoneEverywhere(const QString &visitorId)
{
    const QString id = m_openByVisitor.value(visitorId);
    if (!id.isEmpty() && m_open.value(id).status == ConversationStatus::Queued)
        startVisitorGrace(visitorId);
}

void ConversationRouter::watchQueuedVisitor(const ConversationView &conversation)
{
    // Put back in the queue (an agent gone, a transfer, a restart) while its visitor is away.
    if (!m_presentVisitors.contains(conversation.visitor.id)
        && !isPresentElsewhere(conversation.visitor.id))
        startVisitorGrace(conversation.visitor.id);
}

void ConversationRouter::startVisitorGrace(const QString &visitorId)
{
    // A reload or a navigation drops the connection too: only a visitor that stays away for the
    // whole grace period has left the queue. Meanwhile nobody is assigned to it.
    QTimer *&timer = m_goneVisitors[visitorId];
    if (!timer) {
        timer = new QTimer(this);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, this, [this, visitorId] { onVisitorGone(visitorId); });
    }
    timer->start(m_options.visitorGraceMs);
}

void ConversationRouter::visitorArrived(const QString &visitorId)
{
    m_presentVisitors.insert(visitorId);
    if (m_peers)
        m_peers->visitorPresence(visitorId, true);
    QTimer *timer = m_goneVisitors.take(visitorId);
    if (!timer)
        return;
    timer->deleteLater();
    // Back in time: its chat may be assigned again.
    assignFromQueue();
}

void ConversationRouter::onVisitorGone(const QString &visitorId)
{
    if (QTimer *timer = m_goneVisitors.take(visitorId))
        timer->deleteLater(); // not now: it is emitting the signal that called us
    const QString id = m_openByVisitor.value(visitorId);
    if (id.isEmpty() || m_open.value(id).status != ConversationStatus::Queued)
        return;
    const Transition left = ConversationStates::visitorLeft(m_open.value(id), m_clock.nowMs());
    const ConversationView &closed = left.conversation;
    m_queue.remove(closed.id);
    rememberClosed(closed.id, m_open.value(closed.id).revision);
    m_open.remove(closed.id);
    m_openByVisitor.remove(visitorId);
    commit(left, {}, false, { systemLine(closed, QStringLiteral("The visitor left")) });
    qCInfo(lcRouter) << "visitor of conversation" << closed.id << "left the queue";
    publishQueuePositions();
}

ConversationView ConversationRouter::withQueueInfo(ConversationView conversation) const
{
    return m_queue.withQueueInfo(std::move(conversation));
}
