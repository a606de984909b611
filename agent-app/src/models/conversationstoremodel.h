#pragma once

#include "messagemodel.h"

#include <protocol/views.h>

#include <QAbstractListModel>
#include <QHash>
#include <QtQml/qqmlregistration.h>
#include <optional>

/// @brief Every conversation this agent knows, and what the app has learnt about each: the one
/// source model behind the queue, my chats and the offline inbox (proxies of it, each one view)
/// and behind the conversation open on screen.
///
/// Fed by agent.snapshot (reset()) and conversation.updated (apply()); the lists show only
/// conversations the server listed that way ("listed"). Conversations met elsewhere (a visitor's
/// earlier chats, a search hit) are remember()ed so they can be opened, but never listed on
/// that account. Rows are only appended, never moved, and all go at once on clear() (signing
/// out), so a conversation keeps its row for the whole session. Any change to a row is signalled
/// as dataChanged for all roles; conversationChanged() says when the conversation itself changed.
class ConversationStoreModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AgentDesk owns the conversation store")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        ConversationIdRole = Qt::UserRole + 1,
        StatusRole,
        VisitorNameRole,
        ListedRole,
    };
    Q_ENUM(Role)

    /// One conversation and what the app knows about it beyond the server's view.
    struct Entry
    {
        ConversationView conversation;
        bool listed = false; ///< in the last snapshot, or updated since: the lists may show it
        double queueOrder = 0; ///< its place in the queue while queued, lowest first
        QString firstMessage; ///< the visitor's first message: the queue's and inbox's preview
        MessageModel::Summary summary; ///< the last message, for my chats
        int unread = 0; ///< visitor messages not yet read, while it is one of my chats
        bool typing = false; ///< the visitor is typing
        bool opened = false; ///< the agent has opened it (an offline message is then read)
    };

    explicit ConversationStoreModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_entries.size()); }
    const Entry &entryAt(int row) const { return m_entries.at(row); }
    /// The entry of @p conversationId, or nullptr.
    const Entry *find(const QString &conversationId) const;
    bool contains(const QString &conversationId) const { return m_rows.contains(conversationId); }
    std::optional<ConversationView> conversation(const QString &conversationId) const;

    QString myAgentId() const { return m_myAgentId; }
    void setMyAgentId(const QString &agentId);

    /// The lists' rules.
    static bool isQueued(const Entry &entry);
    bool isMine(const Entry &entry) const;
    static bool isInOfflineInbox(const Entry &entry);

    /// The server's list of conversations (agent.snapshot: the queue, in its order, then mine and
    /// the offline inbox). Those not in it stay known but are no longer listed.
    void reset(const QList<ConversationView> &conversations);
    /// A newer state of one conversation (conversation.updated); a newly queued one takes the
    /// server's queue position (1-based; requeued chats go to the front), else the end.
    void apply(const ConversationView &conversation);
    /// Keeps @p conversation for lookups unless it is known already; it is not listed.
    void remember(const ConversationView &conversation);
    /// Forgets everything (signing out).
    void clear();

    /// The highest message seq seen, for history requests (not shown, not signalled).
    void setLastSeq(const QString &conversationId, qint64 seq);
    /// Records the visitor's first message unless one is known already.
    void setFirstMessage(const QString &conversationId, const QString &body);
    bool hasFirstMessage(const QString &conversationId) const;
    void setSummary(const QString &conversationId, const MessageModel::Summary &summary);
    /// One more unread visitor message; only my chats count them.
    void addUnread(const QString &conversationId);
    void markRead(const QString &conversationId);
    void setTyping(const QString &conversationId, bool typing);
    void markOpened(const QString &conversationId);

signals:
    void countChanged();
    /// The server's view of @p conversationId changed (or it became known).
    void conversationChanged(const QString &conversationId);

private:
    int rowOf(const QString &conversationId) const { return m_rows.value(conversationId, -1); }
    /// Sets the view and the listed flag, keeping the rest; clears what only my chats keep
    /// when it stops being one of mine. Does not signal.
    void replace(Entry &entry, const ConversationView &conversation, bool listed);
    double queueOrderAt(int position) const;
    void rowChanged(int row);

    QList<Entry> m_entries;
    QHash<QString, int> m_rows; // conversation id → row
    QString m_myAgentId;
};
