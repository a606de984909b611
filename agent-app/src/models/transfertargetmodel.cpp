#include "transfertargetmodel.h"

#include "teammodel.h"

TransferTargetModel::TransferTargetModel(TeamModel *team, QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSourceModel(team);
    setDynamicSortFilter(true);
    connect(this, &QAbstractItemModel::rowsInserted, this, &TransferTargetModel::countChanged);
    connect(this, &QAbstractItemModel::rowsRemoved, this, &TransferTargetModel::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &TransferTargetModel::countChanged);
}

bool TransferTargetModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    return index.data(TeamModel::CanReceiveTransferRole).toBool();
}

QVariantList TransferTargetModel::listOf(bool onlySite) const
{
    QList<DepartmentView> chosen;
    for (const DepartmentView &d : m_departments) {
        if (!onlySite || m_siteId.isEmpty() || d.siteId.isEmpty() || d.siteId == m_siteId)
            chosen.append(d);
    }
    std::sort(chosen.begin(), chosen.end(), [](const DepartmentView &a, const DepartmentView &b) {
        const int byName = QString::localeAwareCompare(a.name, b.name);
        return byName != 0 ? byName < 0 : a.id < b.id;
    });
    QVariantList list;
    for (const DepartmentView &d : chosen)
        list.append(QVariantMap {
            { QStringLiteral("departmentId"), d.id }, { QStringLiteral("name"), d.name } });
    return list;
}

QVariantList TransferTargetModel::departments() const
{
    return listOf(true);
}

QVariantList TransferTargetModel::allDepartments() const
{
    return listOf(false);
}

void TransferTargetModel::setSiteId(const QString &siteId)
{
    if (siteId == m_siteId)
        return;
    m_siteId = siteId;
    emit departmentsChanged();
}

void TransferTargetModel::setDepartments(const QList<DepartmentView> &departments)
{
    if (departments.isEmpty() && m_departments.isEmpty())
        return;
    m_departments = departments;
    emit departmentsChanged();
}

void TransferTargetModel::noteDepartment(const DepartmentView &department)
{
    if (department.id.isEmpty())
        return;
    for (DepartmentView &known : m_departments) {
        if (known.id != department.id)
            continue;
        if (known.name == department.name || department.name.isEmpty())
            return;
        known.name = department.name;
        emit departmentsChanged();
        return;
    }
    m_departments.append(department);
    emit departmentsChanged();
}
