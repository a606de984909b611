#include "currentconversation.h"

#include <conversationstoremodel.h>
#include <messagemodel.h>

CurrentConversation::CurrentConversation(ConversationStoreModel *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    connect(m_store, &ConversationStoreModel::conversationChanged, this,
        [this](const QString &conversationId) {
            if (conversationId == m_conversationId)
                emit changed();
        });
}

void CurrentConversation::show(const QString &conversationId, MessageModel *messages)
{
    const bool other = conversationId != m_conversationId;
    m_conversationId = conversationId;
    m_messages = messages;
    if (other)
        setFocusRow(-1);
    emit changed();
}

void CurrentConversation::clear()
{
    m_conversationId.clear();
    m_messages = nullptr;
    setFocusRow(-1);
    emit changed();
}

const ConversationView &CurrentConversation::view() const
{
    static const ConversationView none;
    const ConversationStoreModel::Entry *entry = m_store->find(m_conversationId);
    return entry ? entry->conversation : none;
}

QString CurrentConversation::visitorName() const
{
    const QString &name = view().visitor.name;
    return name.isEmpty() ? tr("Visitor") : name;
}

bool CurrentConversation::canSend() const
{
    if (isOffline())
        return canClaim() || (inboxState() == OfflineState::Claimed && isClaimedByMe());
    return isMine();
}

QString CurrentConversation::status() const
{
    return isOpen() ? wireName(view().status) : QString();
}

OfflineState CurrentConversation::inboxState() const
{
    if (!isOffline())
        return OfflineState::None;
    const OfflineState state = view().offlineState;
    return state == OfflineState::None ? OfflineState::New : state;
}

bool CurrentConversation::isClaimedByMe() const
{
    const QString me = m_store->myAgentId();
    return !me.isEmpty() && view().claimedById == me;
}

bool CurrentConversation::canMarkDone() const
{
    const OfflineState state = inboxState();
    return state == OfflineState::New || (state == OfflineState::Claimed && isClaimedByMe());
}

bool CurrentConversation::isMine() const
{
    const QString me = m_store->myAgentId();
    return view().status == ConversationStatus::Assigned && !me.isEmpty() && view().agentId == me;
}

MessageModel *CurrentConversation::messages() const
{
    return m_messages;
}

void CurrentConversation::setFocusRow(int row)
{
    if (row == m_focusRow)
        return;
    m_focusRow = row;
    emit focusRowChanged();
}
