#include "agentscope.h"

AgentScope AgentScope::of(const QStringList &departmentIds, const QList<DepartmentView> &known)
{
    AgentScope scope { departmentIds, {} };
    for (const DepartmentView &department : known)
        if (departmentIds.contains(department.id) && !scope.sites.contains(department.siteId))
            scope.sites.append(department.siteId);
    return scope;
}
