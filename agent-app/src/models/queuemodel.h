#pragma once

#include <QSortFilterProxyModel>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

class ConversationStoreModel;

/// @brief Conversations waiting for an agent, in the server's order (oldest first, requeued
/// chats in front), with their wait time ticking: the queued conversations of the store.
///
/// Each shows a preview of the visitor's newest message (the server's queue entry carries it),
/// or the visitor's first message the store holds when the server sent none.
class QueueModel : public QSortFilterProxyModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AgentDesk owns the queue")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(QString oldestWaitText READ oldestWaitText NOTIFY ticked)

public:
    enum Role {
        ConversationIdRole = Qt::UserRole + 1,
        VisitorNameRole,
        VisitorEmailRole,
        FirstMessageRole,
        PageTitleRole,
        PageUrlRole,
        LanguageRole,
        DepartmentRole,
        QueuedAtRole,
        WaitSecondsRole,
        WaitTextRole,
        PositionRole,
        PreviewRole,
    };
    Q_ENUM(Role)

    explicit QueueModel(ConversationStoreModel *store, QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    using QSortFilterProxyModel::index;
    /// Row @p row, as a list model's index(row).
    QModelIndex index(int row) const { return index(row, 0); }

    int count() const { return rowCount(); }
    QString oldestWaitText() const;
    bool contains(const QString &conversationId) const;
    /// The conversation that has waited longest, or empty.
    Q_INVOKABLE QString oldestConversationId() const;
    /// The time the model measures waits against (tests pin it).
    void setNow(qint64 epochMs);

signals:
    void countChanged();
    void ticked();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    qint64 waitSeconds(int sourceRow) const;
    void rowsMoved();
    void tick();

    ConversationStoreModel *m_store;
    QTimer m_ticker;
    qint64 m_now = 0;
    bool m_nowPinned = false;
    int m_count = 0;
};
