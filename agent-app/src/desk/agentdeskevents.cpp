// AgentDesk, part two: applying what the server says to the models.
#include "agentdesk.h"

#include "conversationactions.h"
#include "conversationnavigator.h"
#include "currentconversation.h"
#include "messagehistories.h"
#include "signedinagent.h"

#include <agentconnection.h>
#include <cannedresponsemodel.h>
#include <conversationlistmodel.h>
#include <conversationstoremodel.h>
#include <desknotifier.h>
#include <messagemodel.h>
#include <offlineinboxmodel.h>
#include <queuemodel.h>
#include <teammodel.h>
#include <transfertargetmodel.h>
#include <visitordetails.h>

#include <protocol/clientmessages.h>

#include <QPointer>

void AgentDesk::onIncoming(const ServerMessage &incoming)
{
    if (const auto *snapshot = incoming.as<SnapshotEvent>())
        applySnapshot(*snapshot);
    else if (const auto *updated = incoming.as<ConversationUpdatedEvent>())
        applyConversation(updated->conversation, updated->note);
    else if (const auto *message = incoming.as<MessageEvent>())
        applyMessage(message->message);
    else if (const auto *typing = incoming.as<TypingEvent>())
        applyTyping(*typing);
    else if (const auto *presence = incoming.as<PresenceEvent>())
        applyPresence(presence->agent);
    else if (const auto *canned = incoming.as<CannedEvent>(); canned && incoming.rid.isEmpty())
        m_canned->apply(*canned); // a colleague changed the shared ones, or I did elsewhere
}

void AgentDesk::noteConversation(const ConversationView &conversation)
{
    if (!conversation.departmentId.isEmpty())
        m_transferTargets->noteDepartment(
            { conversation.departmentId, conversation.siteId, conversation.departmentName });
    if (MessageModel *model = m_histories->find(conversation.id))
        model->setLastSeqHint(conversation.lastSeq);
}

void AgentDesk::applySnapshot(const SnapshotEvent &snapshot)
{
    m_transferTargets->setDepartments(snapshot.departments);
    const QList<ConversationView> listed = snapshot.queue + snapshot.mine + snapshot.offline;
    for (const ConversationView &c : listed)
        noteConversation(c);
    m_team->reset(snapshot.agents);
    m_store->reset(listed);

    for (const ConversationView &c : snapshot.queue)
        fetchPreview(c);
    for (const ConversationView &c : snapshot.offline)
        fetchPreview(c);
    // My chats: their histories give the list its previews and "waiting for a reply" order.
    // After a reconnect, every history held catches up on what it missed (afterSeq).
    for (const ConversationView &c : snapshot.mine) {
        MessageModel *model = m_histories->open(c.id);
        if (!model->isLoaded() && model->count() == 0)
            model->loadLatest();
    }
    if (m_resumed)
        m_histories->catchUp();
    const QStringList held = m_histories->conversationIds();
    for (const QString &id : held)
        m_navigator->dropUnusedMessages(id);

    if (m_current->isOpen()) {
        const ConversationView view = m_current->view();
        m_visitor->setConversation(view);
    } else if (!snapshot.mine.isEmpty()) {
        m_navigator->open(m_conversations->idAt(0));
    }
    setReady(true);
}

void AgentDesk::fetchPreview(const ConversationView &conversation)
{
    const bool queued = conversation.status == ConversationStatus::Queued;
    const bool offline = conversation.isInOfflineInbox();
    if (conversation.lastSeq <= 0 || (!queued && !offline)
        || m_store->hasFirstMessage(conversation.id))
        return;
    if (queued && conversation.preview)
        return; // the queue entry carries the visitor's newest words: nothing to fetch
    // Without one (a server that restarted keeps none until the visitor writes again), the
    // visitor's first message stands in.
    HistoryFetch fetch;
    fetch.conversationId = conversation.id;
    fetch.afterSeq = 0;
    fetch.limit = 5;
    QPointer<AgentDesk> self(this);
    m_connection->request(encodeClientMessage(fetch), [self](const ServerMessage &reply) {
        const auto *history = reply.as<HistoryEvent>();
        if (!self || !history)
            return;
        for (const MessageView &m : history->messages) {
            if (m.authorRole == AuthorRole::Visitor) {
                self->m_store->setFirstMessage(history->conversationId, m.body);
                break;
            }
        }
    });
}

void AgentDesk::applyConversation(const ConversationView &conversation, const QString &note)
{
    const bool wasQueued = m_queue->contains(conversation.id);
    const bool wasInInbox = m_offline->contains(conversation.id);
    const bool wasMine = m_conversations->contains(conversation.id);
    const bool acceptedHere = m_conversationActions->isAccepting(conversation.id);
    noteConversation(conversation);
    // A queued chat's messages are not sent live, its entry's lastSeq says there are more: a
    // history held (the chat open as a preview, or just accepted) fetches them.
    if (MessageModel *model = m_histories->find(conversation.id))
        model->followLastSeq(conversation.lastSeq);

    m_store->apply(conversation);
    const bool mine = m_conversations->contains(conversation.id);
    const bool isQueued = m_queue->contains(conversation.id);
    if (m_offline->contains(conversation.id) && !wasInInbox) {
        fetchPreview(conversation);
        if (conversation.offlineState == OfflineState::New)
            m_notifier->notify(NotificationPolicy::Trigger::OfflineMessage, situationFor({}),
                { .title = tr("New offline message"),
                    .summary
                    = tr("%1 left a message while nobody was online.")
                          .arg(conversation.visitor.name.isEmpty() ? conversation.visitor.email
                                                                   : conversation.visitor.name),
                    .text = {},
                    .conversationId = conversation.id });
    }

    if (isQueued && !wasQueued) {
        fetchPreview(conversation);
        m_notifier->notify(NotificationPolicy::Trigger::ChatQueued, situationFor({}),
            { .title = tr("New visitor waiting"),
                .summary
                = tr("%1 is waiting for an agent.")
                      .arg(conversation.visitor.name.isEmpty() ? tr("A visitor")
                                                               : conversation.visitor.name),
                .text = {},
                .conversationId = conversation.id });
    }
    if (mine && !wasMine) {
        MessageModel *model = m_histories->open(conversation.id);
        model->setLastSeqHint(conversation.lastSeq);
        model->loadLatest();
        if (!acceptedHere) {
            const bool transferred = !note.isEmpty() || !wasQueued;
            const QString visitor
                = conversation.visitor.name.isEmpty() ? tr("A visitor") : conversation.visitor.name;
            // A transfer note is an internal note: words like a message's, shown only as one.
            m_notifier->notify(transferred ? NotificationPolicy::Trigger::ChatTransferred
                                           : NotificationPolicy::Trigger::ChatAssigned,
                situationFor(conversation.id),
                { .title = transferred ? tr("Chat transferred to you") : tr("New chat"),
                    .summary = tr("%1 is now in your chats.").arg(visitor),
                    .text = note.isEmpty() ? QString() : tr("%1: \"%2\"").arg(visitor, note),
                    .conversationId = conversation.id });
        }
        if (!m_current->isOpen())
            m_navigator->open(conversation.id);
    }
    // The current conversation follows the store; a transfer's note is in the timeline.
    if (m_current->conversationId() == conversation.id)
        m_visitor->setConversation(conversation);
    if (!mine && wasMine)
        m_navigator->dropUnusedMessages(conversation.id);
}

void AgentDesk::applyMessage(const MessageView &message)
{
    const QString &id = message.conversationId;
    // A file without a caption is told by its name.
    const QString text = message.body.isEmpty() && message.file
        ? tr("Sent a file: %1").arg(message.file->name)
        : message.body;
    if (message.authorRole == AuthorRole::Visitor
        && (m_queue->contains(id) || m_offline->contains(id)))
        m_store->setFirstMessage(id, text);
    MessageModel *model = m_histories->find(id);
    if (!model && m_conversations->contains(id))
        model = m_histories->open(id);
    if (model && !model->addMessage(message))
        return; // already known: no second notification
    m_store->setLastSeq(id, message.seq);

    if (message.authorRole != AuthorRole::Visitor || !m_conversations->contains(id))
        return;
    const QString visitor = message.authorName.isEmpty() ? tr("Visitor") : message.authorName;
    const NotificationPolicy::Decision decision
        = m_notifier->notify(NotificationPolicy::Trigger::VisitorMessage, situationFor(id),
            { .title = visitor,
                .summary = tr("New message from %1").arg(visitor),
                .text = text,
                .conversationId = id });
    if (decision.countUnread)
        m_store->addUnread(id);
}

void AgentDesk::applyTyping(const TypingEvent &typing)
{
    if (typing.role != AuthorRole::Visitor)
        return;
    if (MessageModel *model = m_histories->find(typing.conversationId))
        model->setVisitorTyping(typing.active, typing.name);
}

void AgentDesk::applyPresence(const AgentView &agent)
{
    m_team->apply(agent);
    if (agent.id == m_me->agentId())
        m_me->apply(agent);
}
