#pragma once

#include <metrics/conversationfacts.h>
#include <metrics/queuemetrics.h>
#include <storage/records.h>

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <functional>

/// @brief The `conversation_facts` table: one row of metric facts per conversation.
///
/// The metrics' own table: written through FactProjection in the store's write transactions,
/// read by SqliteMetricsSource on the store's reader connections.
///
/// Rows are folded (ConversationFacts::apply) in the transaction that appends the events, so
/// they never disagree with the log; rebuildIfOutdated() folds the whole log again. The write
/// path's statements are prepared once per connection (SqlStatement). Within a transaction
/// apply() folds into rows kept in memory and flush() writes each changed row once before the
/// commit (a batch of 500 messages over 100 conversations writes 100 rows, not 500);
/// discard() forgets them after a rollback.
class FactTable
{
public:
    explicit FactTable(QSqlDatabase &db);

    /// Folds @p event into its conversation's row (in memory until flush()). @p conversation,
    /// when given, is the conversation as just saved: its site, department and offline flag
    /// refresh the row first.
    bool apply(const ConversationEvent &event, const ConversationView *conversation = nullptr);
    /// Writes the rows apply() changed since the last flush() or discard().
    bool flush();
    /// Forgets the rows apply() changed (their transaction was rolled back).
    void discard() { m_pending.clear(); }
    std::optional<ConversationFacts> find(const QString &conversationId);
    bool save(const ConversationFacts &facts);

    /// Hands every row of a conversation created in [query.from, query.to) that matches the
    /// query's filters to @p row (a reused object: copy what you keep). Read with the SQLite C
    /// API: this is the hot path of every report. Returns false on a database error.
    bool scan(const MetricsQuery &query, bool withIds,
        const std::function<void(const ConversationFacts &)> &row);
    using NamedRow = std::function<void(const ConversationFacts &, const ConversationNames &)>;
    /// As scan() with ids, each row with the names of its visitor, site, department and
    /// handling agent (joined from their tables): the CSV export.
    bool scanWithNames(const MetricsQuery &query, const NamedRow &row);
    /// Rows of open conversations and of conversations created at or after @p createdSince.
    QList<ConversationFacts> listLive(qint64 createdSince);

    /// When the rows were folded by another version of ConversationFacts (or never), folds the
    /// whole events log again. Run inside a write transaction.
    bool rebuildIfOutdated();
    bool rebuild();

private:
    enum class Columns { Report, Ids, IdsAndNames };
    bool scanRows(const MetricsQuery &query, Columns columns, const NamedRow &row);
    bool scanPostgres(const MetricsQuery &query, Columns columns, const NamedRow &row);

    QSqlDatabase &m_db;
    QHash<QString, ConversationFacts> m_pending; // folded, not yet written
};
