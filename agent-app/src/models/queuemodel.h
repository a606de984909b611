#pragma once

#include <protocol/views.h>

#include <QAbstractListModel>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

/// @brief Conversations waiting for an agent, oldest first, with their wait time ticking.
///
/// Holds the site's queue as the server describes it (agent.snapshot, then
/// conversation.updated) plus each visitor's first message, fetched or seen live.
class QueueModel : public QAbstractListModel
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
    };
    Q_ENUM(Role)

    explicit QueueModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_rows.size()); }
    QString oldestWaitText() const;

    /// Replaces the whole queue (agent.snapshot), keeping first messages already known.
    void reset(const QList<ConversationView> &queue);
    /// Adds, updates or (when no longer queued) removes one conversation.
    void apply(const ConversationView &conversation);
    void remove(const QString &conversationId);
    bool contains(const QString &conversationId) const { return indexOf(conversationId) >= 0; }
    std::optional<ConversationView> conversation(const QString &conversationId) const;
    /// Records the visitor's first message unless one is known already.
    void setFirstMessage(const QString &conversationId, const QString &body);
    bool hasFirstMessage(const QString &conversationId) const;
    /// The conversation that has waited longest, or empty.
    Q_INVOKABLE QString oldestConversationId() const;
    /// The time the model measures waits against (tests pin it).
    void setNow(qint64 epochMs);

signals:
    void countChanged();
    void ticked();

private:
    struct Row
    {
        ConversationView conversation;
        QString firstMessage;
    };
    int indexOf(const QString &conversationId) const;
    qint64 waitSeconds(const Row &row) const;
    void tick();

    QList<Row> m_rows;
    QTimer m_ticker;
    qint64 m_now = 0;
    bool m_nowPinned = false;
};
