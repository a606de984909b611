#pragma once

#include "messagemodel.h"

#include <protocol/views.h>

#include <QAbstractListModel>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

/// @brief The agent's own open conversations, the one whose visitor has waited longest for a
/// reply first, with unread counts and a preview of the last message.
///
/// A conversation belongs here while it is assigned to this agent (docs/protocol.md: "mine").
class ConversationListModel : public QAbstractListModel
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

    explicit ConversationListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_rows.size()); }
    int totalUnread() const;
    void setMyAgentId(const QString &agentId) { m_myAgentId = agentId; }

    /// Replaces the list (agent.snapshot "mine"), keeping unread counts of chats still here.
    void reset(const QList<ConversationView> &mine);
    /// Adds, updates or removes one conversation by the "mine" rule; true if it is mine now.
    bool apply(const ConversationView &conversation);
    void remove(const QString &conversationId);
    bool contains(const QString &conversationId) const { return indexOf(conversationId) >= 0; }
    std::optional<ConversationView> conversation(const QString &conversationId) const;
    QStringList conversationIds() const;

    void setSummary(const QString &conversationId, const MessageModel::Summary &summary);
    void addUnread(const QString &conversationId);
    void markRead(const QString &conversationId);
    void setTyping(const QString &conversationId, bool typing);
    /// The conversation @p step places after (or before, if negative) @p conversationId,
    /// wrapping around; the first one when @p conversationId is not in the list.
    Q_INVOKABLE QString neighbour(const QString &conversationId, int step) const;
    Q_INVOKABLE QString idAt(int row) const;
    void setNow(qint64 epochMs);

signals:
    void countChanged();
    void totalUnreadChanged();

private:
    struct Row
    {
        ConversationView conversation;
        MessageModel::Summary summary;
        int unread = 0;
        bool typing = false;
    };
    int indexOf(const QString &conversationId) const;
    static bool comesBefore(const Row &a, const Row &b);
    /// Moves row @p at to where the order puts it; returns its new index.
    int reposition(int at);
    void tick();

    QString m_myAgentId;
    QList<Row> m_rows;
    QTimer m_ticker;
    qint64 m_now = 0;
    bool m_nowPinned = false;
};
