// ConversationRouter: what visitors and agents both do — messages, typing, history, close.
#include "conversationrouter.h"
#include "historypagebound.h"

#include "clock.h"
#include "conversationaccess.h"
#include "routerreplies.h"

#include <storage/conversationstore.h>

#include <protocol/serverevents.h>

#include <algorithm>

using RouterReplies::error;
using RouterReplies::notFound;
using RouterReplies::notYours;
using RouterReplies::storageError;

void ConversationRouter::sendMessage(
    const Participant &from, const MessageSend &request, const Reply &reply)
{
    if (request.internal && !from.isAgent())
        return reply(
            error(ErrorCode::Forbidden, QStringLiteral("only agents can write internal notes")));
    AppendRequest append;
    append.message = MessageView { request.conversationId, 0, request.clientId, from.role(),
        from.id, from.name, request.body, m_clock.nowMs(), request.internal };
    if (!request.fileId.isEmpty()) {
        FileView file; // the store fills in the rest
        file.id = request.fileId;
        append.message.file = file;
    }
    const auto it = m_open.constFind(request.conversationId);
    if (it != m_open.constEnd()) {
        if (!ConversationAccess::maySee(from, *it))
            return reply(notFound());
        if (!ConversationAccess::mayAct(from, *it))
            return reply(notYours());
        return sendToStore(from, append, reply);
    }
    // Not open: an answer to an offline message, or a resend of a message stored before the
    // close, to a conversation the sender may see.
    m_store.findConversation(request.conversationId,
        [this, from, append, reply](const std::optional<ConversationView> &found) mutable {
            if (!found || !ConversationAccess::maySee(from, *found))
                return reply(notFound());
            if (from.isAgent() && found->offline)
                return answerOffline(from, *found, append, reply);
            append.onlyIfDuplicate = true;
            sendToStore(from, append, reply);
        });
}

void ConversationRouter::sendToStore(const Participant &from, const AppendRequest &append,
    const Reply &reply, const QString &offlineVisitorId)
{
    m_store.appendMessage(
        append, [this, from, reply, offlineVisitorId](const AppendResult &result) {
            switch (result.status) {
            case StoreStatus::NotFound:
                return reply(notFound());
            case StoreStatus::Closed:
                return reply(error(
                    ErrorCode::ConversationClosed, QStringLiteral("the conversation is closed")));
            case StoreStatus::Conflict:
                return reply(error(ErrorCode::Conflict,
                    QStringLiteral("clientId is already used by another message")));
            case StoreStatus::FileMissing:
                return reply(error(ErrorCode::FileNotFound,
                    QStringLiteral("no such file was uploaded into this conversation")));
            case StoreStatus::Failed:
                return reply(storageError());
            case StoreStatus::Ok:
                break;
            }
            const MessageView &m = result.message;
            reply(MessageAckEvent { m.conversationId, m.clientId, m.seq, m.at, result.duplicate });
            if (result.duplicate)
                return;
            emit recorded(messageEvent(m));
            const auto open = m_open.find(m.conversationId);
            if (open == m_open.end()) {
                deliverOfflineAnswer(offlineVisitorId, from.id, m);
                if (m_peers) {
                    ConversationView offline;
                    offline.id = m.conversationId;
                    offline.status = ConversationStatus::Closed;
                    offline.offline = true;
                    offline.visitor.id = offlineVisitorId;
                    m_peers->messageStored(offline, m);
                }
                return;
            }
            deliverStored(*open, m);
            if (m_peers)
                m_peers->messageStored(*open, m);
        });
}

void ConversationRouter::deliverOfflineAnswer(
    const QString &visitorId, const QString &writerId, const MessageView &message)
{
    for (ConversationView &inboxed : m_offlineInbox)
        if (inboxed.id == message.conversationId)
            inboxed.lastSeq = std::max(inboxed.lastSeq, message.seq);
    m_fanout.offlineAnswer(visitorId, writerId, message);
}

void ConversationRouter::typing(const Participant &from, const Typing &request)
{
    const auto it = m_open.constFind(request.conversationId);
    if (it == m_open.constEnd() || !ConversationAccess::mayAct(from, *it))
        return;
    const TypingEvent event { it->id, from.role(), from.name, request.active };
    m_fanout.typing(*it, from.isVisitor(), event);
    if (m_peers)
        m_peers->typing(it->id, from.isVisitor(), event);
}

void ConversationRouter::fetchHistory(
    const Participant &from, const HistoryFetch &request, const Reply &reply)
{
    const HistoryQuery query { request.conversationId, request.afterSeq, request.beforeSeq,
        request.limit, from.isAgent() };
    const qint64 maxBytes = m_options.historyPageBytes;
    const auto read = [this, query, reply, maxBytes] {
        m_store.fetchHistory(query,
            [reply, maxBytes, id = query.conversationId, catchUp = query.afterSeq.has_value()](
                const HistoryPage &page) {
                if (!page.found)
                    return reply(notFound());
                // Bounded in bytes as well as in count: a trimmed page says there is more.
                QList<MessageView> messages = page.messages;
                const bool trimmed = boundHistoryPage(messages, catchUp, maxBytes);
                reply(HistoryEvent { id, messages, page.hasMore || trimmed });
            });
    };
    if (const auto open = m_open.constFind(request.conversationId); open != m_open.constEnd()) {
        if (!ConversationAccess::maySee(from, *open))
            return reply(notFound());
        return read();
    }
    m_store.findConversation(
        request.conversationId, [from, reply, read](const std::optional<ConversationView> &found) {
            if (!found || !ConversationAccess::maySee(from, *found))
                return reply(notFound());
            read();
        });
}

void ConversationRouter::closeConversation(
    const Participant &from, const ConversationClose &request, const Reply &reply)
{
    closeConversation(from, request, reply, 3);
}

void ConversationRouter::closeConversation(
    const Participant &from, const ConversationClose &request, const Reply &reply, int attemptsLeft)
{
    const auto it = m_open.find(request.conversationId);
    if (it == m_open.end()) {
        // Closing again is answered with the closed conversation, not an error.
        m_store.findConversation(
            request.conversationId, [from, reply](const std::optional<ConversationView> &found) {
                if (!found || !ConversationAccess::maySee(from, *found))
                    return reply(notFound());
                reply(from.isVisitor() ? ConversationUpdatedEvent::toVisitor(*found)
                                       : ConversationUpdatedEvent::toAgents(*found));
            });
        return;
    }
    if (!ConversationAccess::maySee(from, *it))
        return reply(notFound());
    const auto result = ConversationStates::close(*it, from, m_clock.nowMs());
    if (const auto *refused = std::get_if<ErrorEvent>(&result))
        return reply(*refused);
    finishConversation(std::get<Transition>(result), from, reply, attemptsLeft);
}

void ConversationRouter::finishConversation(
    const Transition &transition, const Participant &by, const Reply &reply, int attemptsLeft)
{
    const ConversationView &closed = transition.conversation;
    const StateChange &change = transition.change;
    const bool wasQueued = change.previousStatus == ConversationStatus::Queued;
    if (wasQueued) {
        m_queue.remove(closed.id);
    } else {
        m_roster.changeLoad(change.previousAgentId, -1);
        m_queue.recordHandlingTime(closed.closedAt - closed.assignedAt);
    }
    rememberClosed(closed.id, m_open.value(closed.id).revision);
    m_open.remove(closed.id);
    m_openByVisitor.remove(closed.visitor.id);

    const QString closer = by.isAgent() ? by.name
        : closed.visitor.name.isEmpty() ? QStringLiteral("The visitor")
                                        : closed.visitor.name;
    const AfterCommit answer = replyWithUpdate(closed, reply, by.isVisitor());
    commit(transition,
        [this, by, id = closed.id, reply, answer, attemptsLeft](StoreStatus status) {
            // Another node changed it first (assigned it, say): whoever wanted it closed still
            // does, so decide again from the state now read back.
            if (status == StoreStatus::Conflict && reply && attemptsLeft > 1)
                return closeConversation(by, ConversationClose { id }, reply, attemptsLeft - 1);
            if (answer)
                answer(status);
        },
        false, { systemLine(closed, QStringLiteral("%1 closed the chat").arg(closer)) });
    if (!wasQueued)
        announcePresence(change.previousAgentId);
    if (wasQueued)
        publishQueuePositions();
    assignFromQueue();
}
