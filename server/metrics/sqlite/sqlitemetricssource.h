#pragma once

#include <metrics/metricssource.h>

class SqlStore;

/// @brief MetricsSource on the SQLite database of a SqlStore: scans the
/// `conversation_facts` rows (FactTable) and the presence events (PresenceLog) on the store's
/// read-only connections (SqlStore::readSnapshot()), so reports never hold up writes.
///
/// Lives in metrics and uses storage's connections: the dependency points from metrics to
/// storage, never back. The store must outlive it.
class SqliteMetricsSource final : public MetricsSource
{
public:
    explicit SqliteMetricsSource(SqlStore &store)
        : m_store(store)
    { }

    int concurrentReads() const override;
    void scanConversationFacts(const MetricsQuery &query, bool withIds,
        std::function<void(const ConversationFacts &)> row, StoreDone done) override;
    void scanConversationExport(const MetricsQuery &query,
        std::function<void(const ConversationFacts &, const ConversationNames &)> row,
        StoreDone done) override;
    void readPresenceChanges(
        qint64 from, qint64 to, StoreCallback<QList<PresenceChange>> done) override;
    QList<ConversationFacts> loadLiveFacts(qint64 createdSince) override;
    QList<PresenceChange> loadPresenceChanges(qint64 from, qint64 to) override;

private:
    SqlStore &m_store;
};
