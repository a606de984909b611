#include "presencetime.h"

#include <algorithm>

namespace {
struct Running
{
    Presence status = Presence::Offline;
    qint64 since = 0;
};

void credit(PresenceTotals &totals, const Running &running, qint64 end)
{
    const qint64 span = std::max<qint64>(0, end - running.since);
    if (running.status == Presence::Online)
        totals.onlineMs += span;
    else if (running.status == Presence::Away)
        totals.awayMs += span;
}
} // namespace

QHash<QString, PresenceTotals> presenceTotals(
    const QList<PresenceChange> &changes, qint64 from, qint64 until)
{
    QHash<QString, Running> running;
    QHash<QString, PresenceTotals> totals;
    if (until <= from)
        return totals;
    for (const PresenceChange &change : changes) {
        Running &current = running[change.agentId];
        totals[change.agentId]; // every agent with a change gets a row, even with zero time
        const qint64 at = std::clamp(change.at, from, until);
        if (change.at >= from)
            credit(totals[change.agentId], current, at);
        current.status = change.status;
        current.since = at;
    }
    for (auto it = running.cbegin(); it != running.cend(); ++it)
        credit(totals[it.key()], it.value(), until);
    return totals;
}
