#pragma once

#include "participant.h"

#include <protocol/clientmessages.h>

class ChatStore;

/// @brief Read-only look-ups for agents: full-text search over past conversations and a
/// visitor's earlier conversations.
class ConversationSearch
{
public:
    explicit ConversationSearch(ChatStore &store)
        : m_store(store)
    { }

    void search(const Search &request, const Reply &reply);
    void visitorConversations(const VisitorConversations &request, const Reply &reply);

private:
    ChatStore &m_store;
};
