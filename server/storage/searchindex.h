#pragma once

#include "records.h"
#include "storecallback.h"

#include <functional>

/// Whether a conversation's messages may be among the hits. It may be called on the store's
/// thread: a pure function of its argument and of what it holds by value.
using ConversationFilter = std::function<bool(const ConversationView &)>;

/// @brief Full-text search over the stored messages (the agents' conversation search).
class SearchIndex
{
public:
    virtual ~SearchIndex() = default;

    /// At most @p limit hits for @p text, best first, only in conversations @p visible
    /// accepts (the limit counts those).
    virtual void searchMessages(const QString &text, int limit, ConversationFilter visible,
        StoreCallback<QList<SearchHit>> done)
        = 0;
};
