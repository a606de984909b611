#include "offlinemessageactions.h"

#include "actionrequest.h"
#include "messagehistories.h"

#include <conversationstoremodel.h>
#include <emailreply.h>
#include <messagemodel.h>

#include <protocol/clientmessages.h>

#include <QDesktopServices>

OfflineMessageActions::OfflineMessageActions(AgentConnection *connection,
    ConversationStoreModel *store, MessageHistories *histories, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_store(store)
    , m_histories(histories)
{ }

void OfflineMessageActions::claim(const QString &conversationId)
{
    m_store->markOpened(conversationId);
    ActionRequest::send(m_connection, this, encodeClientMessage(OfflineClaim { conversationId }),
        tr("Could not claim the offline message."),
        [this](const QString &notice) { emit failed(notice); });
}

void OfflineMessageActions::markDone(const QString &conversationId)
{
    ActionRequest::send(m_connection, this, encodeClientMessage(OfflineDone { conversationId }),
        tr("Could not mark the offline message as done."),
        [this](const QString &notice) { emit failed(notice); });
}

QUrl OfflineMessageActions::emailReplyUrl(const QString &conversationId) const
{
    const std::optional<ConversationView> conversation = m_store->conversation(conversationId);
    if (!conversation)
        return {};
    QList<MessageView> messages;
    if (const MessageModel *model = m_histories->find(conversationId)) {
        for (int row = 0; row < model->count(); ++row) {
            if (model->stateAt(row) == MessageModel::DeliveryState::Delivered)
                messages.append(model->messageAt(row));
        }
    }
    return EmailReply::mailtoUrl(*conversation, messages);
}

bool OfflineMessageActions::replyByEmail(const QString &conversationId)
{
    const QUrl url = emailReplyUrl(conversationId);
    if (url.isEmpty() || !QDesktopServices::openUrl(url)) {
        emit failed(tr("No mail program opened. Set one up to answer by email, or answer here."));
        return false;
    }
    return true;
}
