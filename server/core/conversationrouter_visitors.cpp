// ConversationRouter: what visitors do — start a conversation, leave an offline message, rate,
// move between pages, leave — and what they are told about the queue.
#include "conversationrouter.h"

#include "clock.h"
#include "delivery.h"
#include "routerreplies.h"
#include "secrets.h"

#include <storage/chatstore.h>

#include <protocol/serverevents.h>

#include <algorithm>
#include <cmath>

using RouterReplies::error;
using RouterReplies::storageError;

namespace {
constexpr qint64 defaultHandlingSeconds = 300;
constexpr int minHandlingSamples = 5;
} // namespace

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
