#pragma once

#include "records.h"
#include "storecallback.h"

/// @brief The canned responses: the team's shared ones and each agent's own. Answers come on
/// the caller's thread, in call order.
class CannedStore
{
public:
    virtual ~CannedStore() = default;

    /// The shared responses and @p agentId's own, by shortcut.
    virtual void listCanned(const QString &agentId, StoreCallback<QList<CannedRecord>> done) = 0;
    virtual void findCanned(const QString &id, StoreCallback<std::optional<CannedRecord>> done) = 0;
    /// Creates (empty id) or updates, keeping the stored owner; the callback gets the status
    /// and the stored record. Conflict: the shortcut is taken; NotFound: no such id of that owner.
    virtual void saveCanned(const CannedRecord &record, const QString &agentId, qint64 now,
        std::function<void(StoreStatus, CannedRecord)> done)
        = 0;
    virtual void deleteCanned(const QString &id, StoreCallback<StoreStatus> done) = 0;
};
