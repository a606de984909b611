#include "conversationsearch.h"

#include <storage/conversationstore.h>
#include <storage/searchindex.h>

#include <QJsonArray>

void ConversationSearch::search(const Search &request, const Reply &reply)
{
    m_index.searchMessages(request.query, request.limit, [reply](const QList<SearchHit> &hits) {
        QJsonArray results;
        for (const SearchHit &hit : hits)
            results.append(hit.toJson());
        reply(QJsonObject { { "type", "search.results" }, { "results", results } });
    });
}

void ConversationSearch::visitorConversations(
    const VisitorConversations &request, const Reply &reply)
{
    m_store.listVisitorConversations(request.visitorId, 20,
        [reply, id = request.visitorId](const QList<ConversationView> &found) {
            QList<ConversationView> newestFirst = found;
            std::sort(newestFirst.begin(), newestFirst.end(),
                [](const auto &a, const auto &b) { return a.createdAt > b.createdAt; });
            QJsonArray conversations;
            for (const ConversationView &conversation : newestFirst)
                conversations.append(conversation.toJson());
            reply(QJsonObject { { "type", "visitor.conversations" }, { "visitorId", id },
                { "conversations", conversations } });
        });
}
