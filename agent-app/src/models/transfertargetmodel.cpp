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
