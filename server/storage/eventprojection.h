#pragma once

#include "records.h"

#include <QSqlDatabase>

/// @brief Rows derived from the events log and kept in step with it: the store hands every
/// event it appends to the projection inside the same write transaction, so the derived rows
/// never disagree with the log (a failed apply() rolls the write back).
///
/// Storage does not know what a projection derives: the metrics' conversation facts are one,
/// owned by server/metrics (FactProjection), so the dependency points from metrics to storage.
/// Used on the store's writer thread only.
///
/// A projection may fold a transaction's events in memory and write its rows once in flush(),
/// which the store calls before every COMMIT (many messages of one conversation in a batch
/// then cost one row write). The store may roll a transaction back after apply() succeeded
/// (another job of the batch failed) and apply the same events again: it calls discard()
/// after every rollback, so nothing folded in memory outlives its transaction.
class EventProjection
{
public:
    virtual ~EventProjection() = default;

    /// The writer's connection @p db is open and migrated; called once, in a write
    /// transaction, to bring the derived rows up to date with the log. false: the store does
    /// not open.
    virtual bool open(QSqlDatabase &db) = 0;
    /// Folds @p event, just appended to the log. @p conversation, when given, is the
    /// conversation as just saved with it.
    virtual bool apply(const ConversationEvent &event, const ConversationView *conversation) = 0;
    /// Writes what apply() folded in memory since the transaction began; called before its
    /// COMMIT. false: the transaction is rolled back.
    virtual bool flush() { return true; }
    /// The transaction was rolled back: forgets what apply() folded since it began.
    virtual void discard() { }
    /// The writer thread stops: lets go of the connection.
    virtual void close() = 0;
};
