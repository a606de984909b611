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
    /// Updates the row's state only while its status is @p expectedStatus (and, for `assigned`,
    /// its agent @p expectedAgentId). Its new revision, 0 when the row is no longer in that
    /// state, nothing when it failed.
    std::optional<qint64> saveIf(const ConversationView &conversation,
        ConversationStatus expectedStatus, const QString &expectedAgentId);
    /// Whether @p agentId can take one more conversation: fewer assigned than its max_chats.
    /// On PostgreSQL the agent's row stays locked until the transaction ends, so concurrent
    /// assignments to the same agent are counted one after the other.
    std::optional<bool> hasRoomFor(const QString &agentId);
    /// The conversation's revision (0: none stored), nothing when the read failed.
    std::optional<qint64> revisionOf(const QString &id);
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
