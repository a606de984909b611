#pragma once

#include "../records.h"

#include <QSqlDatabase>

class SqlStatement;

/// @brief The `conversations` table (state only; messages and events have their own tables).
class ConversationTable
{
public:
    explicit ConversationTable(QSqlDatabase &db)
        : m_db(db)
    { }

    /// Inserts the row or updates its state. last_seq is owned by MessageTable and never
    /// written from here.
    bool save(const ConversationView &conversation);
    std::optional<ConversationView> find(const QString &id);
    QList<ConversationView> listOpen();
    bool setOfflineState(const QString &id, OfflineState state, const QString &claimedBy);
    /// Offline messages not marked done, newest first.
    QList<ConversationView> listOfflineInbox(int limit);
    QList<ConversationView> listForVisitor(const QString &visitorId, int limit);
    QList<qint64> recentHandlingTimes(int limit);

private:
    QList<ConversationView> readRows(SqlStatement &q);
    QSqlDatabase &m_db;
};
