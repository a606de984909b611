#include "conversationnavigator.h"

#include "currentconversation.h"
#include "messagehistories.h"
#include "typingsender.h"

#include <conversationlistmodel.h>
#include <conversationstoremodel.h>
#include <messagemodel.h>
#include <searchmodel.h>
#include <visitordetails.h>

ConversationNavigator::ConversationNavigator(ConversationStoreModel *store,
    ConversationListModel *myChats, MessageHistories *histories, CurrentConversation *current,
    VisitorDetails *visitor, SearchModel *search, TypingSender *typing,
    std::function<bool()> windowActive, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_myChats(myChats)
    , m_histories(histories)
    , m_current(current)
    , m_visitor(visitor)
    , m_search(search)
    , m_typing(typing)
    , m_windowActive(std::move(windowActive))
{
    // A search hit's message may need older pages first.
    connect(m_histories, &MessageHistories::pagingChanged, this, [this](MessageModel *model) {
        if (m_current->messages() == model)
            followFocusSeq();
    });
}

void ConversationNavigator::dropUnusedMessages(const QString &conversationId)
{
    if (m_myChats->contains(conversationId) || m_current->conversationId() == conversationId)
        return;
    m_histories->release(conversationId);
}

void ConversationNavigator::open(const QString &conversationId)
{
    if (conversationId.isEmpty())
        return;
    const QString previous = m_current->conversationId();
    if (!m_store->contains(conversationId)) {
        ConversationView unknown;
        unknown.id = conversationId;
        unknown.status = ConversationStatus::Closed;
        m_store->remember(unknown);
    }
    if (previous != conversationId)
        m_typing->stop();
    MessageModel *messages = m_histories->open(conversationId);
    m_focusSeq = 0;
    m_current->show(conversationId, messages);
    const ConversationView view = m_current->view();
    m_visitor->setConversation(view);
    messages->loadLatest();
    if (m_windowActive())
        m_store->markRead(conversationId);
    m_store->markOpened(conversationId);
    if (!previous.isEmpty() && previous != conversationId)
        dropUnusedMessages(previous);
}

void ConversationNavigator::openNeighbour(int step)
{
    const QString next = m_myChats->neighbour(m_current->conversationId(), step);
    if (!next.isEmpty())
        open(next);
}

void ConversationNavigator::openSearchResult(int row)
{
    const std::optional<SearchHit> hit = m_search->hit(row);
    if (!hit)
        return;
    ConversationView found;
    found.id = hit->conversationId;
    found.status = hit->status;
    found.visitor.name = hit->visitorName;
    m_store->remember(found);
    open(hit->conversationId);
    m_focusSeq = hit->seq;
    followFocusSeq();
}

void ConversationNavigator::followFocusSeq()
{
    MessageModel *model = m_current->messages();
    if (m_focusSeq <= 0 || !model || model->isLoading())
        return;
    const int row = model->rowOfSeq(m_focusSeq);
    if (row >= 0) {
        m_current->setFocusRow(row);
        m_focusSeq = 0;
    } else if (model->isLoaded() && model->hasOlder() && model->lowestSeq() > m_focusSeq) {
        model->loadOlder();
    }
}
