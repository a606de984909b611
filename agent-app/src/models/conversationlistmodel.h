#pragma once

#include <QSortFilterProxyModel>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

class ConversationStoreModel;

/// @brief The agent's own open conversations, the one whose visitor has waited longest for a
/// reply first, with unread counts and a preview of the last message.
///
/// A conversation of the store belongs here while it is assigned to this agent
/// (docs/protocol.md: "mine").
class ConversationListModel : public QSortFilterProxyModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AgentDesk owns the conversation list")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int totalUnread READ totalUnread NOTIFY totalUnreadChanged)

public:
    enum Role {
        ConversationIdRole = Qt::UserRole + 1,
        VisitorNameRole,
        VisitorEmailRole,
        LastMessageRole,
        LastMessageFromVisitorRole,
        LastMessageTimeRole,
        UnreadRole,
        AwaitingReplyRole,
        WaitTextRole,
        TypingRole,
        DepartmentRole,
        PageTitleRole,
    };
    Q_ENUM(Role)

    explicit ConversationListModel(ConversationStoreModel *store, QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    using QSortFilterProxyModel::index;
    /// Row @p row, as a list model's index(row).
    QModelIndex index(int row) const { return index(row, 0); }

    int count() const { return rowCount(); }
    int totalUnread() const { return m_totalUnread; }
    bool contains(const QString &conversationId) const;

    /// The conversation @p step places after (or before, if negative) @p conversationId,
    /// wrapping around; the first one when @p conversationId is not in the list.
    Q_INVOKABLE QString neighbour(const QString &conversationId, int step) const;
    Q_INVOKABLE QString idAt(int row) const;
    void setNow(qint64 epochMs);

signals:
    void countChanged();
    void totalUnreadChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    int rowOf(const QString &conversationId) const;
    void recount();
    void tick();

    ConversationStoreModel *m_store;
    QTimer m_ticker;
    qint64 m_now = 0;
    bool m_nowPinned = false;
    int m_count = 0;
    int m_totalUnread = 0;
};
