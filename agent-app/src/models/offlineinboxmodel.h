#pragma once

#include <QSortFilterProxyModel>
#include <QtQml/qqmlregistration.h>

class ConversationStoreModel;

/// @brief The team's offline messages still to be dealt with (docs/protocol.md, "Offline
/// inbox"), newest first: the store's offline messages not marked done.
///
/// Each shows the visitor's text the store holds, and whether this agent has opened it yet.
class OfflineInboxModel : public QSortFilterProxyModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AgentDesk owns the offline inbox")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int newCount READ newCount NOTIFY countChanged)

public:
    enum Role {
        ConversationIdRole = Qt::UserRole + 1,
        VisitorNameRole,
        VisitorEmailRole,
        PreviewRole,
        ReceivedAtRole,
        TimeTextRole,
        StateRole, ///< "new" or "claimed"
        ClaimedByNameRole,
        ClaimedByMeRole,
        UnreadRole, ///< nobody has claimed it and this agent has not opened it
    };
    Q_ENUM(Role)

    explicit OfflineInboxModel(ConversationStoreModel *store, QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    using QSortFilterProxyModel::index;
    /// Row @p row, as a list model's index(row).
    QModelIndex index(int row) const { return index(row, 0); }

    int count() const { return rowCount(); }
    /// Offline messages nobody has claimed yet: the sidebar's badge.
    int newCount() const { return m_newCount; }
    bool contains(const QString &conversationId) const;
    Q_INVOKABLE QString idAt(int row) const;

signals:
    void countChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void recount();

    ConversationStoreModel *m_store;
    int m_count = 0;
    int m_newCount = 0;
};
