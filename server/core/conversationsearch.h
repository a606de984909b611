#pragma once

#include "participant.h"

#include <protocol/clientmessages.h>

class ConversationStore;
class SearchIndex;

/// @brief Read-only look-ups for agents: full-text search over past conversations and a
/// visitor's earlier conversations, each limited to the conversations the agent may see
/// (ConversationAccess).
class ConversationSearch
{
public:
    ConversationSearch(SearchIndex &index, ConversationStore &store)
        : m_index(index)
        , m_store(store)
    { }

    void search(const Participant &agent, const Search &request, const Reply &reply);
    void visitorConversations(
        const Participant &agent, const VisitorConversations &request, const Reply &reply);

private:
    SearchIndex &m_index;
    ConversationStore &m_store;
};
