#include "agenttable.h"

#include "../sqlconnection.h"
#include "departmenttable.h"

namespace {
const QString columns
    = QStringLiteral("a.id, a.email, a.name, a.role, a.max_chats, a.password_hash, a.disabled, "
                     "COALESCE(p.last_seen_at, 0), COALESCE(p.status, 'offline')");
const QString fromAgents
    = QStringLiteral(" FROM agents a LEFT JOIN presence p ON p.agent_id = a.id ");

AgentAccount fromRow(const QSqlQuery &q)
{
    AgentAccount account;
    account.profile.id = q.value(0).toString();
    account.profile.email = q.value(1).toString();
    account.profile.name = q.value(2).toString();
    account.profile.role = fromWireName(q.value(3).toString(), AgentRole::Agent);
    account.profile.maxChats = q.value(4).toInt();
    account.passwordHash = q.value(5).toString();
    account.disabled = q.value(6).toBool();
    account.profile.lastSeenAt = q.value(7).toLongLong();
    // As stored: presence survives a restart.
    account.profile.status = fromWireName(q.value(8).toString(), Presence::Offline);
    return account;
}
} // namespace

AgentAccount AgentTable::withDepartments(AgentAccount account)
{
    account.profile.departments = DepartmentTable(m_db).departmentsOf(account.profile.id);
    return account;
}

bool AgentTable::insert(const AgentAccount &agent, qint64 createdAt)
{
    QSqlQuery q(m_db);
    return runQuery(q,
        QStringLiteral("INSERT INTO agents (id, email, name, role, password_hash, max_chats, "
                       "disabled, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        { agent.profile.id, agent.profile.email, agent.profile.name, wireName(agent.profile.role),
            agent.passwordHash, agent.profile.maxChats, agent.disabled, createdAt });
}

bool AgentTable::setDisabled(const QString &email, bool disabled)
{
    QSqlQuery q(m_db);
    return runQuery(q, QStringLiteral("UPDATE agents SET disabled = ? WHERE email = ?"),
               { disabled, email })
        && q.numRowsAffected() == 1;
}

bool AgentTable::setPasswordHash(const QString &email, const QString &passwordHash)
{
    QSqlQuery q(m_db);
    return runQuery(q, QStringLiteral("UPDATE agents SET password_hash = ? WHERE email = ?"),
               { passwordHash, email })
        && q.numRowsAffected() == 1;
}

std::optional<AgentAccount> AgentTable::find(const QString &id)
{
    QSqlQuery q(m_db);
    if (!runQuery(q,
            QStringLiteral("SELECT ") + columns + fromAgents + QStringLiteral("WHERE a.id = ?"),
            { id })
        || !q.next())
        return std::nullopt;
    return withDepartments(fromRow(q));
}

std::optional<AgentAccount> AgentTable::findByEmail(const QString &email)
{
    QSqlQuery q(m_db);
    if (!runQuery(q,
            QStringLiteral("SELECT ") + columns + fromAgents + QStringLiteral("WHERE a.email = ?"),
            { email })
        || !q.next())
        return std::nullopt;
    return withDepartments(fromRow(q));
}

QList<AgentAccount> AgentTable::list()
{
    QList<AgentAccount> agents;
    QSqlQuery q(m_db);
    if (runQuery(q,
            QStringLiteral("SELECT ") + columns + fromAgents
                + QStringLiteral("ORDER BY a.created_at")))
        while (q.next())
            agents.append(fromRow(q));
    for (AgentAccount &agent : agents)
        agent = withDepartments(agent);
    return agents;
}

bool AgentTable::savePresence(const QString &agentId, Presence status, qint64 at)
{
    QSqlQuery q(m_db);
    return runQuery(q,
        QStringLiteral(
            "INSERT INTO presence (agent_id, status, changed_at, last_seen_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(agent_id) DO UPDATE SET status = excluded.status, "
            "changed_at = excluded.changed_at, last_seen_at = excluded.last_seen_at"),
        { agentId, wireName(status), at, at });
}
