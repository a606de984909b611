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
        return canClaim() || (offlineState() == u"claimed" && isClaimedByMe());
    return isMine();
}

QString CurrentConversation::offlineState() const
{
    if (!isOffline())
        return {};
    const QString &state = view().offlineState;
    return state.isEmpty() ? QStringLiteral("new") : state;
}

bool CurrentConversation::isClaimedByMe() const
{
    const QString me = m_store->myAgentId();
    return !me.isEmpty() && view().claimedById == me;
}

bool CurrentConversation::canMarkDone() const
{
    return isOffline() && offlineState() != u"done"
        && (offlineState() == u"new" || isClaimedByMe());
}

bool CurrentConversation::isMine() const
{
    const QString me = m_store->myAgentId();
    return view().status == u"assigned" && !me.isEmpty() && view().agentId == me;
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
