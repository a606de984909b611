#include "presencelog.h"

#include <storage/sqlconnection.h>
#include <storage/sqldialect.h>

#include <QSqlQuery>

QList<PresenceChange> PresenceLog::changes(qint64 from, qint64 to)
{
    QList<PresenceChange> changes;
    QStringList agents;
    QSqlQuery q(m_db);
    if (!runQuery(q, QStringLiteral("SELECT id FROM agents ORDER BY id")))
        return changes;
    while (q.next())
        agents.append(q.value(0).toString());
    // Both read the partial index events_presence (agent_id, at): no conversation events.
    // Prepared once, run per agent.
    QSqlQuery before(m_db);
    QSqlQuery during(m_db);
    const QString status = Sql::dialectOf(m_db) == SqlDialect::Postgres
        ? QStringLiteral("payload::json ->> 'status'")
        : QStringLiteral("json_extract(payload, '$.status')");
    if (!before.prepare(QStringLiteral("SELECT %1, at FROM events "
                                       "WHERE conversation_id IS NULL AND agent_id = ? AND at < ? "
                                       "AND type = 'presence' ORDER BY at DESC, id DESC LIMIT 1")
                            .arg(status))
        || !during.prepare(
            QStringLiteral("SELECT %1, at FROM events "
                           "WHERE conversation_id IS NULL AND agent_id = ? AND "
                           "at >= ? AND at < ? AND type = 'presence' ORDER BY at, id")
                .arg(status)))
        return changes;
    for (const QString &agent : std::as_const(agents)) {
        before.bindValue(0, agent);
        before.bindValue(1, from);
        if (before.exec() && before.next())
            changes.append({ agent, fromWireName(before.value(0).toString(), Presence::Offline),
                before.value(1).toLongLong() });
        before.finish();
        during.bindValue(0, agent);
        during.bindValue(1, from);
        during.bindValue(2, to);
        if (during.exec())
            while (during.next())
                changes.append({ agent, fromWireName(during.value(0).toString(), Presence::Offline),
                    during.value(1).toLongLong() });
        during.finish();
    }
    return changes;
}
