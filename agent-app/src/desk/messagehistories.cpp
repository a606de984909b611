#include "messagehistories.h"

#include <conversationstoremodel.h>
#include <messagemodel.h>

MessageHistories::MessageHistories(
    AgentConnection *connection, ConversationStoreModel *store, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_store(store)
{ }

MessageModel *MessageHistories::open(const QString &conversationId)
{
    if (MessageModel *existing = m_models.value(conversationId))
        return existing;
    auto *model = new MessageModel(conversationId, m_connection, this);
    model->setMyAgentId(m_myAgentId);
    if (const ConversationStoreModel::Entry *known = m_store->find(conversationId))
        model->setLastSeqHint(known->conversation.lastSeq);
    connect(model, &MessageModel::summaryChanged, this,
        [this, model] { m_store->setSummary(model->conversationId(), model->summary()); });
    connect(model, &MessageModel::typingChanged, this,
        [this, model] { m_store->setTyping(model->conversationId(), model->visitorTyping()); });
    connect(
        model, &MessageModel::pagingChanged, this, [this, model] { emit pagingChanged(model); });
    m_models.insert(conversationId, model);
    return model;
}

void MessageHistories::release(const QString &conversationId)
{
    if (MessageModel *model = m_models.take(conversationId))
        model->deleteLater();
}

void MessageHistories::clear()
{
    qDeleteAll(m_models);
    m_models.clear();
    m_epoch.clear();
}

void MessageHistories::setEpoch(const QString &epoch)
{
    if (epoch.isEmpty())
        return; // a server without epochs
    const bool another = !m_epoch.isEmpty() && epoch != m_epoch;
    m_epoch = epoch;
    if (!another)
        return;
    for (MessageModel *model : std::as_const(m_models)) {
        const bool shown = model->isLoaded() || model->count() > 0;
        model->forgetStored();
        if (shown)
            model->loadLatest();
    }
}

void MessageHistories::setMyAgentId(const QString &agentId)
{
    m_myAgentId = agentId;
    for (MessageModel *model : std::as_const(m_models))
        model->setMyAgentId(agentId);
}

void MessageHistories::catchUp()
{
    for (MessageModel *model : std::as_const(m_models)) {
        if (model->isLoaded() || model->count() > 0)
            model->catchUp();
    }
}
