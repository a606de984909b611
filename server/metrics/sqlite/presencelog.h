#pragma once

#include <metrics/presencetime.h>

#include <QSqlDatabase>

/// @brief The agents' presence changes, read from the `presence` events of the events log.
class PresenceLog
{
public:
    explicit PresenceLog(QSqlDatabase &db)
        : m_db(db)
    { }

    /// Per agent: its last presence change before @p from, then its changes in [from, to).
    QList<PresenceChange> changes(qint64 from, qint64 to);

private:
    QSqlDatabase &m_db;
};
