#include "sqlitemetricssource.h"

#include "facttable.h"
#include "presencelog.h"

#include <storage/sqlstore.h>

#include <memory>

int SqliteMetricsSource::concurrentReads() const
{
    return SqlStore::readerThreads;
}

void SqliteMetricsSource::scanConversationFacts(const MetricsQuery &query, bool withIds,
    std::function<void(const ConversationFacts &)> row, StoreDone done)
{
    auto scanned = std::make_shared<bool>(false);
    m_store.readSnapshot(
        [query, withIds, row = std::move(row), scanned](
            QSqlDatabase &db) { *scanned = FactTable(db).scan(query, withIds, row); },
        [scanned, done = std::move(done)](bool ok) { done(ok && *scanned); });
}

void SqliteMetricsSource::scanConversationExport(const MetricsQuery &query,
    std::function<void(const ConversationFacts &, const ConversationNames &)> row, StoreDone done)
{
    auto scanned = std::make_shared<bool>(false);
    m_store.readSnapshot(
        [query, row = std::move(row), scanned](
            QSqlDatabase &db) { *scanned = FactTable(db).scanWithNames(query, row); },
        [scanned, done = std::move(done)](bool ok) { done(ok && *scanned); });
}

void SqliteMetricsSource::readPresenceChanges(
    qint64 from, qint64 to, StoreCallback<QList<PresenceChange>> done)
{
    auto changes = std::make_shared<QList<PresenceChange>>();
    m_store.readSnapshot(
        [from, to, changes](QSqlDatabase &db) { *changes = PresenceLog(db).changes(from, to); },
        [changes, done = std::move(done)](bool) { done(std::move(*changes)); });
}

QList<ConversationFacts> SqliteMetricsSource::loadLiveFacts(qint64 createdSince)
{
    QList<ConversationFacts> result;
    m_store.runBlocking([&result, createdSince](QSqlDatabase &db) {
        result = FactTable(db).listLive(createdSince);
        return true;
    });
    return result;
}

QList<PresenceChange> SqliteMetricsSource::loadPresenceChanges(qint64 from, qint64 to)
{
    QList<PresenceChange> result;
    m_store.runBlocking([&result, from, to](QSqlDatabase &db) {
        result = PresenceLog(db).changes(from, to);
        return true;
    });
    return result;
}
