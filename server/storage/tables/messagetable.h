#pragma once

#include "../records.h"

#include <QSqlDatabase>
#include <functional>

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
    /// Full-text search over the messages of conversations @p visible accepts, newest first.
    QList<SearchHit> search(const QString &text, int limit,
        const std::function<bool(const ConversationView &)> &visible);

private:
    /// The message stored before under @p m's client id (a resend), else @p otherwise.
    AppendResult appendedBefore(const MessageView &m, StoreStatus otherwise);
    /// Undoes the seq taken for a message that was not inserted.
    bool giveSeqBack(const QString &conversationId);
    /// The message stored with @p clientId; none with *@p failed set on a database error.
    std::optional<MessageView> findByClientId(
        const QString &conversationId, const QString &clientId, bool *failed);
    QSqlDatabase &m_db;
};
