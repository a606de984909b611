#pragma once

#include "conversationfacts.h"
#include "presencetime.h"
#include "queuemetrics.h"

#include <storage/storecallback.h>

#include <functional>

/// @brief Where the metrics read their rows: the stored facts of conversations and the agents'
/// presence changes.
///
/// Owned by metrics, apart from the chat's storage interfaces, so a chat store (a PostgreSQL
/// one, say) need not implement these scans. Range reads run off the event loop and do not
/// hold up writes. Implementation: SqliteMetricsSource, on SqlStore's reader connections.
class MetricsSource
{
public:
    virtual ~MetricsSource() = default;

    /// How many reads the source carries out at the same time (a range may be split into that
    /// many slices).
    virtual int concurrentReads() const { return 1; }
    /// Hands the facts of every conversation created in [query.from, query.to) that matches
    /// the query's filters to @p row, on a reader thread (not the caller's), then calls @p done
    /// on the caller's thread. @p withIds: fill in conversationId (the CSV needs it).
    virtual void scanConversationFacts(const MetricsQuery &query, bool withIds,
        std::function<void(const ConversationFacts &)> row, StoreDone done)
        = 0;
    /// As scanConversationFacts() with ids, each row with the names it refers to (the CSV).
    virtual void scanConversationExport(const MetricsQuery &query,
        std::function<void(const ConversationFacts &, const ConversationNames &)> row,
        StoreDone done)
        = 0;
    /// Per agent: its last presence change before @p from, then its changes in [from, to).
    virtual void readPresenceChanges(
        qint64 from, qint64 to, StoreCallback<QList<PresenceChange>> done)
        = 0;
    /// Start-up: facts of open conversations and of those created at or after @p createdSince.
    virtual QList<ConversationFacts> loadLiveFacts(qint64 createdSince) = 0;
    /// Start-up: as readPresenceChanges(), blocking.
    virtual QList<PresenceChange> loadPresenceChanges(qint64 from, qint64 to) = 0;
};
