#pragma once

#include <protocol/vocabulary.h>

#include <QHash>
#include <QList>
#include <QString>

/// @brief A stored presence change of an agent (a `presence` event of the log).
struct PresenceChange
{
    QString agentId;
    Presence status = Presence::Offline;
    qint64 at = 0;
};

/// @brief How long an agent was online and away within a range.
struct PresenceTotals
{
    qint64 onlineMs = 0;
    qint64 awayMs = 0;
};

/// Time each agent spent `online` and `away` in [@p from, @p until). @p changes holds, per
/// agent, its last change before @p from (the status it had at @p from; none = offline) and
/// its changes in the range, in log order.
QHash<QString, PresenceTotals> presenceTotals(
    const QList<PresenceChange> &changes, qint64 from, qint64 until);
