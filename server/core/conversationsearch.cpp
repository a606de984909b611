#include "conversationsearch.h"

#include "conversationaccess.h"

#include <storage/conversationstore.h>
#include <storage/searchindex.h>

#include <algorithm>

void ConversationSearch::search(const Participant &agent, const Search &request, const Reply &reply)
{
    m_index.searchMessages(
        request.query, request.limit,
        [agent](const ConversationView &c) { return ConversationAccess::maySee(agent, c); },
        [reply](const QList<SearchHit> &hits) { reply(SearchResultsEvent { hits }); });
}

void ConversationSearch::visitorConversations(
    const Participant &agent, const VisitorConversations &request, const Reply &reply)
{
    m_store.listVisitorConversations(request.visitorId, 20,
        [agent, reply, id = request.visitorId](const QList<ConversationView> &found) {
            // Those the agent may not see are left out, as if they did not exist.
            QList<ConversationView> newestFirst;
            for (const ConversationView &c : found)
                if (ConversationAccess::maySee(agent, c))
                    newestFirst.append(c);
            std::sort(newestFirst.begin(), newestFirst.end(),
                [](const auto &a, const auto &b) { return a.createdAt > b.createdAt; });
            reply(VisitorConversationsEvent { id, newestFirst });
        });
}
