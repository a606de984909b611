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
/// The store may roll a write transaction back after apply() succeeded (another job of the
/// batch failed) and then apply the same event again: a projection keeps its state in the
/// database only, never in memory that a rollback would leave ahead of the rows.
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
    /// The writer thread stops: lets go of the connection.
    virtual void close() = 0;
};
