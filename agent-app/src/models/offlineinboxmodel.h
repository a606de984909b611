#pragma once

#include <protocol/views.h>

#include <QAbstractListModel>
#include <QSet>
#include <QtQml/qqmlregistration.h>

/// @brief The team's offline messages still to be dealt with (docs/protocol.md, "Offline
/// inbox"), newest first.
///
/// Holds what the server says (agent.snapshot "offline", then conversation.updated for every
/// offline message) plus, per message, the visitor's text for the preview and whether this
/// agent has looked at it yet. A message leaves the list when it is marked done.
class OfflineInboxModel : public QAbstractListModel
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

    explicit OfflineInboxModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_rows.size()); }
    /// Offline messages nobody has claimed yet: the sidebar's badge.
    int newCount() const;
    void setMyAgentId(const QString &agentId);

    /// Replaces the inbox (agent.snapshot "offline"), keeping previews and what was opened.
    void reset(const QList<ConversationView> &offline);
    /// Empties the inbox and forgets what was opened (signing out).
    void clear();
    /// Adds, updates or removes one conversation by the inbox rule; true if it is in the inbox.
    bool apply(const ConversationView &conversation);
    bool contains(const QString &conversationId) const { return indexOf(conversationId) >= 0; }
    std::optional<ConversationView> conversation(const QString &conversationId) const;
    /// The visitor's message, shown under the name; the first one given is kept.
    void setPreview(const QString &conversationId, const QString &body);
    bool hasPreview(const QString &conversationId) const;
    /// The agent opened it: it is no longer shown as unread.
    void markOpened(const QString &conversationId);
    Q_INVOKABLE QString idAt(int row) const;

signals:
    void countChanged();

private:
    struct Row
    {
        ConversationView conversation;
        QString preview;
    };
    int indexOf(const QString &conversationId) const;
    static bool comesBefore(const Row &a, const Row &b);
    int insertPosition(const Row &row) const;
    bool isUnread(const Row &row) const;

    QString m_myAgentId;
    QList<Row> m_rows;
    QSet<QString> m_opened;
};
