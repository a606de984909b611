#pragma once

#include "../records.h"

#include <metrics/presencetime.h>

#include <QSqlDatabase>

/// @brief The append-only `events` table (the database refuses updates and deletes).
class EventLog
{
public:
    explicit EventLog(QSqlDatabase &db)
        : m_db(db)
    { }

    bool append(const ConversationEvent &event);
    QList<ConversationEvent> forConversation(const QString &conversationId);
    /// Per agent: its last presence change before @p from, then its changes in [from, to).
    QList<PresenceChange> presenceChanges(qint64 from, qint64 to);

private:
    QSqlDatabase &m_db;
};
