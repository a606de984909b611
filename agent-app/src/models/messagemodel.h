#pragma once

#include <protocol/views.h>

#include <QAbstractListModel>
#include <QTimer>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

class AgentConnection;
struct HistoryEvent;

/// @brief One conversation's timeline as the agent sees it, oldest first.
///
/// Stored messages are kept in seq order and de-duplicated by seq (a live message may race a
/// history page); the agent's own messages appear at once, at the end, while the outbox still
/// holds them, and take their place by seq when acknowledged. Older pages load on demand
/// (history.fetch beforeSeq); after a reconnect catchUp() fetches what was missed (afterSeq).
/// Also tracks whether the visitor is typing (expires after 6 s, as the protocol says).
class MessageModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AgentDesk creates message models")
    Q_PROPERTY(QString conversationId READ conversationId CONSTANT)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool hasOlder READ hasOlder NOTIFY pagingChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY pagingChanged)
    Q_PROPERTY(bool loaded READ isLoaded NOTIFY pagingChanged)
    Q_PROPERTY(bool visitorTyping READ visitorTyping NOTIFY typingChanged)
    Q_PROPERTY(QString typingName READ typingName NOTIFY typingChanged)

public:
    enum class DeliveryState {
        Queued, ///< written while offline; waits in the outbox
        Sending, ///< sent, waiting for message.ack
        Delivered, ///< stored by the server (has a seq)
        Failed, ///< refused for good
    };
    Q_ENUM(DeliveryState)

    enum Role {
        SeqRole = Qt::UserRole + 1,
        ClientIdRole,
        AuthorRoleRole,
        AuthorNameRole,
        BodyRole,
        AtRole,
        TimeRole,
        InternalRole,
        DeliveryStateRole,
        IsOwnRole,
        IsSystemRole,
        ShowDayRole,
        DayLabelRole,
        ContinuationRole,
        ErrorRole,
        HasFileRole,
        FileIdRole,
        FileNameRole,
        FileTypeRole,
        FileSizeTextRole,
        FileIsImageRole,
        ImageWidthRole,
        ImageHeightRole,
        ThumbnailRole,
    };
    Q_ENUM(Role)

    /// What the conversation list shows about this conversation.
    struct Summary
    {
        QString lastBody;
        std::optional<AuthorRole> lastAuthorRole; // none without messages
        bool lastInternal = false;
        qint64 lastAt = 0;
        qint64 awaitingReplySince = 0; // the visitor's unanswered message, 0 if answered
    };

    MessageModel(
        const QString &conversationId, AgentConnection *connection, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString conversationId() const { return m_conversationId; }
    int count() const { return int(m_rows.size()); }
    bool hasOlder() const;
    bool isLoading() const { return m_requestsInFlight > 0; }
    bool isLoaded() const { return m_loaded; }
    bool visitorTyping() const { return m_typingTimer.isActive(); }
    QString typingName() const { return m_typingName; }
    void setMyAgentId(const QString &agentId) { m_myAgentId = agentId; }
    void setPageSize(int size) { m_pageSize = size; }
    /// The server's lastSeq for this conversation, so hasOlder is right before any page loads.
    void setLastSeqHint(qint64 seq);

    /// Loads the newest page, once; later calls do nothing.
    Q_INVOKABLE void loadLatest();
    /// Loads the page before the oldest message held.
    Q_INVOKABLE void loadOlder();
    /// After a reconnect: fetches every message after the highest seq held.
    void catchUp();
    /// The server's lastSeq moved on without sending the messages (a queued chat's entry says
    /// so): a loaded history fetches what it is missing.
    void followLastSeq(qint64 seq);

    /// Drops every stored message and what paging knew, keeping the agent's own messages the
    /// server has not acknowledged: after a restore of the server's database its seq numbers
    /// mean something else (docs/protocol.md, "Delivery guarantee" 8). Loads nothing.
    void forgetStored();

    /// A stored message (live event or history); returns false when it was already known.
    bool addMessage(const MessageView &message);
    void addMessages(const QList<MessageView> &messages);
    /// The agent's own message, shown before the server stored it.
    void addPending(const QString &clientId, const QString &body, bool internal,
        const QString &authorName, qint64 at, bool queued,
        const std::optional<FileView> &file = std::nullopt);
    void markSending(const QString &clientId);
    void acknowledge(const QString &clientId, qint64 seq, qint64 at);
    void markFailed(const QString &clientId, const QString &error);
    void setVisitorTyping(bool active, const QString &name);

    qint64 highestSeq() const;
    qint64 lowestSeq() const;
    Summary summary() const;
    /// The row of the message with @p seq, or -1.
    Q_INVOKABLE int rowOfSeq(qint64 seq) const;
    MessageView messageAt(int row) const { return m_rows.at(row).message; }
    DeliveryState stateAt(int row) const { return m_rows.at(row).state; }
    /// Where QML finds the thumbnail of an attached image: image://attachments/<fileId>
    /// (ThumbnailProvider).
    static QUrl thumbnailUrl(const QString &fileId);

signals:
    void countChanged();
    void pagingChanged();
    void typingChanged();
    void summaryChanged();

private:
    struct Row
    {
        MessageView message; // seq 0 while pending
        DeliveryState state = DeliveryState::Delivered;
        QString error;
    };

    enum class Direction { Latest, Older, Newer };
    void fetch(Direction direction, std::optional<qint64> anchor);
    void onHistory(Direction direction, const HistoryEvent &history);
    /// Where a stored message with @p seq belongs: after every smaller seq, before pending rows.
    int insertPosition(qint64 seq) const;
    int indexOfSeq(qint64 seq) const;
    /// The pending (not yet stored) row with @p clientId, or -1.
    int indexOfPending(const QString &clientId) const;
    void insertRows(int position, const QList<Row> &rows);
    void moveToSeqOrder(int row);
    void neighboursChanged(int first, int last);
    bool isOwn(const Row &row) const;
    bool continues(int row) const;

    QString m_conversationId;
    AgentConnection *m_connection;
    QString m_myAgentId;
    QList<Row> m_rows;
    int m_pageSize = 50;
    int m_requestsInFlight = 0;
    bool m_loaded = false;
    bool m_reachedStart = false;
    qint64 m_lastSeqHint = 0;
    QTimer m_typingTimer;
    QString m_typingName;
};
