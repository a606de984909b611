// ConversationRouter: offline messages — left by visitors while nobody was online, kept in the
// team's inbox until an agent claims one, answers it and marks it done.
#include "conversationrouter.h"

#include "clock.h"
#include "conversationaccess.h"
#include "routerreplies.h"
#include "secrets.h"

#include <storage/conversationstore.h>

#include <protocol/serverevents.h>

#include <algorithm>

using RouterReplies::error;
using RouterReplies::storageError;

namespace {
ErrorEvent noSuchOfflineMessage()
{
    return error(ErrorCode::NotFound, QStringLiteral("no such offline message"));
}
} // namespace

void ConversationRouter::leaveOfflineMessage(const Participant &visitor, const VisitorView &details,
    const OfflineMessage &request, const Reply &reply)
{
    ConversationView conversation = newConversation(visitor, details, ConversationStatus::Closed);
    const qint64 now = conversation.createdAt;
    conversation.closedAt = now;
    conversation.offline = true;
    conversation.offlineState = OfflineState::New;
    const QList<ConversationEvent> events { event(conversation, EventType::Created, {},
                                                { { "offline", true } }),
        event(conversation, EventType::Closed, {}, { { "by", "visitor" }, { "offline", true } }) };
    persist(conversation, events, nullptr);
    AppendRequest append;
    append.message = MessageView { conversation.id, 0, Secrets::newId(), AuthorRole::Visitor,
        visitor.id, details.name, request.body, now };
    append.allowClosed = true;
    m_store.appendMessage(append, [this, reply, conversation, events](const AppendResult &result) {
        if (result.status != StoreStatus::Ok)
            return reply(storageError());
        const ConversationEvent message = messageEvent(result.message);
        emit recorded(message);
        reply(OfflineReceivedEvent { conversation.id });
        ConversationView stored = conversation;
        stored.lastSeq = result.message.seq;
        announceOffline(stored);
        if (m_peers)
            m_peers->offlineChanged(stored, events + QList { message });
    });
}

void ConversationRouter::refillOfflineInbox()
{
    m_store.listOfflineInbox(m_options.offlineInboxSize,
        [this](QList<ConversationView> inbox) { m_offlineInbox = std::move(inbox); });
}

void ConversationRouter::announceOffline(const ConversationView &conversation)
{
    const bool wasFull = m_offlineInbox.size() >= m_options.offlineInboxSize;
    const bool left = m_offlineInbox.removeIf([&](const ConversationView &c) {
        return c.id == conversation.id;
    }) > 0
        && !conversation.isInOfflineInbox();
    // One done in a full inbox makes room for the next older one, which only the store knows.
    if (left && wasFull)
        refillOfflineInbox();
    if (conversation.isInOfflineInbox()) {
        const auto at = std::find_if(m_offlineInbox.begin(), m_offlineInbox.end(),
            [&](const ConversationView &c) { return c.createdAt < conversation.createdAt; });
        m_offlineInbox.insert(at, conversation);
        while (m_offlineInbox.size() > m_options.offlineInboxSize)
            m_offlineInbox.removeLast();
    }
    m_fanout.offlineChanged(conversation);
}

void ConversationRouter::changeOffline(const Participant &agent, const QString &conversationId,
    OfflineState state, const Reply &reply,
    const std::function<void(const ConversationView &)> &then)
{
    const OfflineChange change { conversationId, agent.id, agent.admin, state, m_clock.nowMs() };
    m_store.changeOfflineMessage(
        change, [this, state, reply, then](const OfflineChangeResult &result) {
            switch (result.status) {
            case StoreStatus::Ok:
                break;
            case StoreStatus::NotFound:
                return reply(noSuchOfflineMessage());
            case StoreStatus::Conflict:
                if (result.conversation.offlineState == OfflineState::Done
                    && state == OfflineState::Claimed)
                    return reply(
                        error(ErrorCode::Conflict, QStringLiteral("this offline message is done")));
                return reply(
                    error(state == OfflineState::Done ? ErrorCode::Forbidden : ErrorCode::Conflict,
                        QStringLiteral("%1 has claimed this offline message")
                            .arg(result.conversation.claimedByName)));
            default:
                return reply(storageError());
            }
            emit recorded(result.event);
            announceOffline(result.conversation);
            if (m_peers)
                m_peers->offlineChanged(result.conversation, { result.event });
            then(result.conversation);
        });
}

void ConversationRouter::changeVisibleOffline(
    const Participant &agent, const QString &conversationId, OfflineState state, const Reply &reply)
{
    // Only the agents who may see an offline message learn that it exists.
    m_store.findConversation(
        conversationId, [this, agent, state, reply](const std::optional<ConversationView> &found) {
            if (!found || !found->offline || !ConversationAccess::maySee(agent, *found))
                return reply(noSuchOfflineMessage());
            changeOffline(agent, found->id, state, reply, [reply](const ConversationView &changed) {
                reply(ConversationUpdatedEvent::toAgents(changed));
            });
        });
}

void ConversationRouter::claimOffline(
    const Participant &agent, const OfflineClaim &request, const Reply &reply)
{
    changeVisibleOffline(agent, request.conversationId, OfflineState::Claimed, reply);
}

void ConversationRouter::finishOffline(
    const Participant &agent, const OfflineDone &request, const Reply &reply)
{
    changeVisibleOffline(agent, request.conversationId, OfflineState::Done, reply);
}

void ConversationRouter::answerOffline(const Participant &agent, const ConversationView &offline,
    AppendRequest append, const Reply &reply)
{
    append.allowClosed = true;
    const QString visitorId = offline.visitor.id;
    const bool mine = offline.claimedById == agent.id;
    if (offline.offlineState != OfflineState::Done
        && (mine || (agent.admin && !offline.claimedById.isEmpty())))
        return sendToStore(agent, append, reply, visitorId);
    if (offline.offlineState == OfflineState::Done) {
        // A resend of an answer stored before it was marked done still gets its ack.
        append.onlyIfDuplicate = true;
        return sendToStore(agent, append, reply, visitorId);
    }
    // Answering takes it: claimed (checked and stored in one step) before the answer.
    changeOffline(agent, offline.id, OfflineState::Claimed, reply,
        [this, agent, append, reply, visitorId](
            const ConversationView &) { sendToStore(agent, append, reply, visitorId); });
}
