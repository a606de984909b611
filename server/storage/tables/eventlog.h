#pragma once

#include "../records.h"

#include <QSqlDatabase>

/// @brief The append-only `events` table (the database refuses updates and deletes).
class EventLog
{
public:
    explicit EventLog(QSqlDatabase &db)
        : m_db(db)
    { }

    bool append(const ConversationEvent &event);

private:
    QSqlDatabase &m_db;
};
