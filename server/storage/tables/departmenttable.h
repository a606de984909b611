#pragma once

#include "../records.h"

#include <QSqlDatabase>

/// @brief The `departments` table and agents' membership (`agent_departments`).
class DepartmentTable
{
public:
    explicit DepartmentTable(QSqlDatabase &db)
        : m_db(db)
    { }

    bool insert(const Department &department, qint64 now);
    QList<Department> forSite(const QString &siteId);
    std::optional<Department> find(const QString &id);
    bool addMember(const QString &agentId, const QString &departmentId);
    QStringList departmentsOf(const QString &agentId);

private:
    QSqlDatabase &m_db;
};
