#pragma once

#include <QSortFilterProxyModel>
#include <QtQml/qqmlregistration.h>

class TeamModel;

/// @brief The agents a conversation can be transferred to: other agents who are online or away.
class TransferTargetModel : public QSortFilterProxyModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AgentDesk owns the transfer targets")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    explicit TransferTargetModel(TeamModel *team, QObject *parent = nullptr);
    int count() const { return rowCount(); }

signals:
    void countChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
};
