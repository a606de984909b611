#include "conversationsearch.h"

#include <storage/conversationstore.h>
#include <storage/searchindex.h>

void ConversationSearch::search(const Search &request, const Reply &reply)
{
    m_index.searchMessages(request.query, request.limit,
        [reply](const QList<SearchHit> &hits) { reply(SearchResultsEvent { hits }); });
}

void ConversationSearch::visitorConversations(
    const VisitorConversations &request, const Reply &reply)
{
    m_store.listVisitorConversations(request.visitorId, 20,
        [reply, id = request.visitorId](const QList<ConversationView> &found) {
            QList<ConversationView> newestFirst = found;
            std::sort(newestFirst.begin(), newestFirst.end(),
                [](const auto &a, const auto &b) { return a.createdAt > b.createdAt; });
            reply(VisitorConversationsEvent { id, newestFirst });
        });
}
