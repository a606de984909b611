#include "departmenttable.h"

#include "../sqlconnection.h"

bool DepartmentTable::insert(const Department &department, qint64 now)
{
    QSqlQuery q(m_db);
    return runQuery(q,
        QStringLiteral(
            "INSERT INTO departments (id, site_id, name, created_at) VALUES (?, ?, ?, ?)"),
        { department.id, department.siteId, department.name, now });
}

QList<Department> DepartmentTable::forSite(const QString &siteId)
{
    QList<Department> result;
    QSqlQuery q(m_db);
    if (runQuery(q,
            QStringLiteral(
                "SELECT id, site_id, name FROM departments WHERE site_id = ? ORDER BY name"),
            { siteId }))
        while (q.next())
            result.append({ q.value(0).toString(), q.value(1).toString(), q.value(2).toString() });
    return result;
}

std::optional<Department> DepartmentTable::find(const QString &id)
{
    QSqlQuery q(m_db);
    if (!runQuery(
            q, QStringLiteral("SELECT id, site_id, name FROM departments WHERE id = ?"), { id })
        || !q.next())
        return std::nullopt;
    return Department { q.value(0).toString(), q.value(1).toString(), q.value(2).toString() };
}

bool DepartmentTable::addMember(const QString &agentId, const QString &departmentId)
{
    QSqlQuery q(m_db);
    return runQuery(q,
        QStringLiteral("INSERT INTO agent_departments (agent_id, department_id) VALUES (?, ?) "
                       "ON CONFLICT DO NOTHING"),
        { agentId, departmentId });
}

QStringList DepartmentTable::departmentsOf(const QString &agentId)
{
    QStringList ids;
    QSqlQuery q(m_db);
    if (runQuery(q,
            QStringLiteral("SELECT department_id FROM agent_departments WHERE agent_id = ? ORDER "
                           "BY department_id"),
            { agentId }))
        while (q.next())
            ids.append(q.value(0).toString());
    return ids;
}
