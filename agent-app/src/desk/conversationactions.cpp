#include "conversationactions.h"

#include "actionrequest.h"
#include "currentconversation.h"
#include "typingsender.h"

#include <agentconnection.h>
#include <queuemodel.h>

#include <protocol/clientmessages.h>

#include <QPointer>

ConversationActions::ConversationActions(AgentConnection *connection, QueueModel *queue,
    CurrentConversation *current, TypingSender *typing, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_queue(queue)
    , m_current(current)
    , m_typing(typing)
{ }

void ConversationActions::requestAction(const QJsonObject &request, const QString &failurePrefix)
{
    ActionRequest::send(m_connection, this, request, failurePrefix,
        [this](const QString &notice) { emit failed(notice); });
}

void ConversationActions::accept(const QString &conversationId)
{
    if (conversationId.isEmpty())
        return;
    m_accepting.insert(conversationId);
    QPointer<ConversationActions> self(this);
    const bool sent = m_connection->request(encodeClientMessage(QueueAccept { conversationId }),
        [self, conversationId](const ServerMessage &reply) {
            if (!self)
                return;
            self->m_accepting.remove(conversationId);
            if (const auto *error = reply.as<ErrorEvent>()) {
                emit self->failed(error->code == ErrorCode::Conflict
                        ? tr("A colleague took that chat first.")
                        : tr("Could not accept the chat.") + u' '
                            + ActionRequest::errorText(error->code, error->message));
                return;
            }
            emit self->accepted(conversationId);
        });
    if (!sent) {
        m_accepting.remove(conversationId);
        emit failed(tr("You are offline; chats can be accepted when the connection is back."));
    }
}

bool ConversationActions::acceptNextWaiting()
{
    const QString next = m_queue->oldestConversationId();
    if (next.isEmpty())
        return false;
    accept(next);
    return true;
}

void ConversationActions::close(const QString &conversationId)
{
    if (conversationId == m_current->conversationId())
        m_typing->stop();
    requestAction(
        encodeClientMessage(ConversationClose { conversationId }), tr("Could not close the chat."));
}

void ConversationActions::reopen(const QString &conversationId)
{
    QPointer<ConversationActions> self(this);
    const bool sent = m_connection->request(
        encodeClientMessage(ConversationReopen { conversationId }),
        [self](const ServerMessage &reply) {
            if (!self)
                return;
            if (const auto *error = reply.as<ErrorEvent>()) {
                QString text = ActionRequest::errorText(error->code, error->message);
                if (error->code == ErrorCode::Conflict)
                    text = tr("It cannot be reopened: it is still open, or the visitor has started "
                              "another conversation.");
                emit self->failed(tr("Could not reopen the chat.") + u' ' + text);
            }
        });
    if (!sent)
        emit failed(tr("You are offline; try again when the connection is back."));
}

void ConversationActions::transferToAgent(
    const QString &conversationId, const QString &agentId, const QString &note)
{
    ConversationTransfer transfer;
    transfer.conversationId = conversationId;
    transfer.toAgentId = agentId;
    transfer.note = note.trimmed().left(1000);
    requestAction(encodeClientMessage(transfer), tr("Could not transfer the chat."));
}

void ConversationActions::transferToDepartment(
    const QString &conversationId, const QString &departmentId, const QString &note)
{
    ConversationTransfer transfer;
    transfer.conversationId = conversationId;
    transfer.toDepartmentId = departmentId;
    transfer.note = note.trimmed().left(1000);
    requestAction(encodeClientMessage(transfer), tr("Could not transfer the chat."));
}
