// ConversationRouter: offline messages — left by visitors while nobody was online, kept in the
// team's inbox until an agent claims one, answers it and marks it done.
#include "conversationrouter.h"

#include "clock.h"
#include "delivery.h"
#include "routerreplies.h"
#include "secrets.h"

#include <storage/chatstore.h>

#include <protocol/serverevents.h>

#include <algorithm>

using RouterReplies::error;
using RouterReplies::storageError;

void ConversationRouter::leaveOfflineMessage(const Participant &visitor, const VisitorView &details,
                                             const OfflineMessage &request, const Reply &reply)
{
    ConversationView conversation = newConversation(visitor, details, QStringLiteral("closed"));
    const qint64 now = conversation.createdAt;
    conversation.closedAt = now;
    conversation.offline = true;
    conversation.offlineState = QStringLiteral("new");
    persist(conversation,
            {event(conversation, QStringLiteral("created"), {}, {{"offline", true}}),
             event(conversation, QStringLiteral("closed"), {}, {{"by", "visitor"}, {"offline", true}})},
            nullptr);
    AppendRequest append;
    append.message = MessageView{conversation.id, 0, Secrets::newId(), QStringLiteral("visitor"),
                                 visitor.id, details.name, request.body, now};
    append.allowClosed = true;
    m_store.appendMessage(append, [this, reply, conversation](const AppendResult &result) {
        if (result.status != StoreStatus::Ok)
            return reply(storageError());
        emit recorded(messageEvent(result.message));
        reply(ServerEvents::offlineReceived(conversation.id));
        ConversationView stored = conversation;
        stored.lastSeq = result.message.seq;
        announceOffline(stored);
    });
}

void ConversationRouter::announceOffline(const ConversationView &conversation)
{
    m_offlineInbox.removeIf([&](const ConversationView &c) { return c.id == conversation.id; });
    if (conversation.isInOfflineInbox()) {
        const auto at = std::find_if(m_offlineInbox.begin(), m_offlineInbox.end(), [&](const ConversationView &c) {
            return c.createdAt < conversation.createdAt;
        });
        m_offlineInbox.insert(at, conversation);
        while (m_offlineInbox.size() > m_options.offlineInboxSize)
            m_offlineInbox.removeLast();
    }
    m_delivery.toAllAgents(ServerEvents::encode(ServerEvents::conversationUpdated(conversation)));
}

void ConversationRouter::findOffline(const Participant &agent, const QString &conversationId,
                                     const Reply &reply,
                                     const std::function<void(ConversationView)> &then)
{
    m_store.findConversation(conversationId, [agent, reply, then](std::optional<ConversationView> found) {
        if (!found || !found->offline)
            return reply(error(ErrorCode::NotFound, QStringLiteral("no such offline message")));
        if (!found->claimedById.isEmpty() && found->claimedById != agent.id && !agent.admin)
            return reply(error(ErrorCode::Conflict,
                               QStringLiteral("%1 has claimed this offline message").arg(found->claimedByName)));
        then(*found);
    });
}

void ConversationRouter::claimOffline(const Participant &agent, const OfflineClaim &request,
                                      const Reply &reply)
{
    findOffline(agent, request.conversationId, reply, [this, agent, reply](ConversationView conversation) {
        if (conversation.offlineState == u"done")
            return reply(error(ErrorCode::Conflict, QStringLiteral("this offline message is done")));
        conversation.offlineState = QStringLiteral("claimed");
        conversation.claimedById = agent.id;
        conversation.claimedByName = agent.name;
        persist(conversation, {event(conversation, QStringLiteral("offline_claimed"), agent.id)},
                [this, conversation, reply](bool committed) {
                    if (!committed)
                        return reply(storageError());
                    reply(ServerEvents::conversationUpdated(conversation));
                    announceOffline(conversation);
                });
    });
}

void ConversationRouter::finishOffline(const Participant &agent, const OfflineDone &request,
                                       const Reply &reply)
{
    m_store.findConversation(request.conversationId, [this, agent, reply](std::optional<ConversationView> found) {
        if (!found || !found->offline)
            return reply(error(ErrorCode::NotFound, QStringLiteral("no such offline message")));
        if (!found->claimedById.isEmpty() && found->claimedById != agent.id && !agent.admin)
            return reply(error(ErrorCode::Forbidden,
                               QStringLiteral("%1 has claimed this offline message").arg(found->claimedByName)));
        ConversationView conversation = *found;
        if (conversation.claimedById.isEmpty()) {
            conversation.claimedById = agent.id;
            conversation.claimedByName = agent.name;
        }
        conversation.offlineState = QStringLiteral("done");
        persist(conversation, {event(conversation, QStringLiteral("offline_done"), agent.id)},
                [this, conversation, reply](bool committed) {
                    if (!committed)
                        return reply(storageError());
                    reply(ServerEvents::conversationUpdated(conversation));
                    announceOffline(conversation);
                });
    });
}

void ConversationRouter::answerOffline(const Participant &agent, const MessageSend &request,
                                       const Reply &reply)
{
    AppendRequest append;
    append.message = MessageView{request.conversationId, 0, request.clientId, agent.role(), agent.id,
                                 agent.name, request.body, m_clock.nowMs(), request.internal};
    m_store.findConversation(request.conversationId, [this, agent, append, reply](
                                                             std::optional<ConversationView> found) mutable {
        if (!found || !found->offline) {
            // A closed chat: only a resend of a message stored before the close may succeed.
            append.onlyIfDuplicate = true;
            return sendToStore(agent, append, reply);
        }
        if (!found->claimedById.isEmpty() && found->claimedById != agent.id && !agent.admin)
            return reply(error(ErrorCode::Conflict,
                               QStringLiteral("%1 has claimed this offline message").arg(found->claimedByName)));
        append.allowClosed = true;
        if (found->offlineState == u"new") {
            // Answering takes it: claimed first, in the same order the store writes them.
            ConversationView claimed = *found;
            claimed.offlineState = QStringLiteral("claimed");
            claimed.claimedById = agent.id;
            claimed.claimedByName = agent.name;
            persist(claimed, {event(claimed, QStringLiteral("offline_claimed"), agent.id)},
                    [this, claimed](bool committed) {
                        if (committed)
                            announceOffline(claimed);
                    });
        }
        sendToStore(agent, append, reply, found->visitor.id);
    });
}
