#pragma once

#include <protocol/views.h>

#include <QSortFilterProxyModel>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

class TeamModel;

/// @brief Where a conversation can be transferred: the rows are the other agents who are online
/// or away (a view of the team, kept in step by presence events); departments() are the
/// departments of the conversation's site.
///
/// Knows every department of every site (agent.snapshot "departments", and any a conversation
/// names that the snapshot did not).
class TransferTargetModel : public QSortFilterProxyModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AgentDesk owns the transfer targets")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(QVariantList departments READ departments NOTIFY departmentsChanged)

public:
    explicit TransferTargetModel(TeamModel *team, QObject *parent = nullptr);
    int count() const { return rowCount(); }

    /// The departments of the site set with setSiteId() (all of them without one), by name:
    /// [{departmentId, name}].
    QVariantList departments() const;
    /// Every department known, of every site, by name: [{departmentId, name}].
    QVariantList allDepartments() const;
    /// The site of the conversation being transferred.
    void setSiteId(const QString &siteId);
    /// Replaces the departments (agent.snapshot).
    void setDepartments(const QList<DepartmentView> &departments);
    /// A department a conversation names: added, or renamed, if the snapshot did not have it.
    void noteDepartment(const DepartmentView &department);
    void clearDepartments() { setDepartments({}); }

signals:
    void countChanged();
    void departmentsChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QVariantList listOf(bool onlySite) const;

    QList<DepartmentView> m_departments;
    QString m_siteId;
};
