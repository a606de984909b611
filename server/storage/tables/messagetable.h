#pragma once

#include "../records.h"

#include <QSqlDatabase>

/// @brief The `messages` table: stores each (conversation, clientId) once with the next seq.
class MessageTable
{
public:
    explicit MessageTable(QSqlDatabase &db)
        : m_db(db)
    { }

    /// Must run inside a write transaction, so the seq bump and the insert commit together.
    AppendResult append(const AppendRequest &request);
    HistoryPage history(const HistoryQuery &query);
    /// Full-text search over all messages, newest first.
    QList<SearchHit> search(const QString &text, int limit);

private:
    std::optional<MessageView> findByClientId(
        const QString &conversationId, const QString &clientId);
    QSqlDatabase &m_db;
};
