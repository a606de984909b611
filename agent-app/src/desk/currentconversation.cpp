#include "currentconversation.h"

#include <messagemodel.h>

CurrentConversation::CurrentConversation(QObject *parent)
    : QObject(parent)
{ }

void CurrentConversation::show(
    const ConversationView &conversation, MessageModel *messages, const QString &myAgentId)
{
    const bool other = conversation.id != m_conversation.id;
    m_conversation = conversation;
    m_messages = messages;
    m_myAgentId = myAgentId;
    if (other)
        setFocusRow(-1);
    emit changed();
}

void CurrentConversation::update(const ConversationView &conversation)
{
    if (conversation.id != m_conversation.id)
        return;
    m_conversation = conversation;
    emit changed();
}

void CurrentConversation::clear()
{
    m_conversation = {};
    m_messages = nullptr;
    setFocusRow(-1);
    emit changed();
}

QString CurrentConversation::visitorName() const
{
    return m_conversation.visitor.name.isEmpty() ? tr("Visitor") : m_conversation.visitor.name;
}

bool CurrentConversation::canSend() const
{
    if (isOffline())
        return canClaim() || (offlineState() == u"claimed" && isClaimedByMe());
    return isMine();
}

QString CurrentConversation::offlineState() const
{
    if (!isOffline())
        return {};
    return m_conversation.offlineState.isEmpty() ? QStringLiteral("new")
                                                 : m_conversation.offlineState;
}

bool CurrentConversation::isClaimedByMe() const
{
    return !m_myAgentId.isEmpty() && m_conversation.claimedById == m_myAgentId;
}

bool CurrentConversation::canMarkDone() const
{
    return isOffline() && offlineState() != u"done"
        && (offlineState() == u"new" || isClaimedByMe());
}

bool CurrentConversation::isMine() const
{
    return m_conversation.status == u"assigned" && !m_myAgentId.isEmpty()
        && m_conversation.agentId == m_myAgentId;
}

void CurrentConversation::setFocusRow(int row)
{
    if (row == m_focusRow)
        return;
    m_focusRow = row;
    emit focusRowChanged();
}
