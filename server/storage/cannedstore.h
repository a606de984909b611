#pragma once

#include "records.h"
#include "storecallback.h"

/// @brief The team's canned responses. Answers come on the caller's thread, in call order.
class CannedStore
{
public:
    virtual ~CannedStore() = default;

    virtual void listCanned(StoreCallback<QList<CannedResponse>> done) = 0;
    /// Creates (empty id) or updates; the callback gets the status and the stored response.
    virtual void saveCanned(const CannedResponse &response, const QString &agentId, qint64 now,
        std::function<void(StoreStatus, CannedResponse)> done)
        = 0;
    virtual void deleteCanned(const QString &id, StoreCallback<StoreStatus> done) = 0;
};
