#pragma once

#include "records.h"
#include "storecallback.h"

/// @brief Full-text search over the stored messages (the agents' conversation search).
class SearchIndex
{
public:
    virtual ~SearchIndex() = default;

    /// At most @p limit hits for @p text, best first.
    virtual void searchMessages(
        const QString &text, int limit, StoreCallback<QList<SearchHit>> done)
        = 0;
};
