#pragma once

#include <QHash>
#include <QObject>
#include <QString>

class AgentConnection;
class ConversationStoreModel;
class MessageModel;

/// @brief The conversations' message histories held in memory, one MessageModel per
/// conversation, created on first use.
///
/// Owns the models and keeps the store told of what they learn (the last message for my
/// chats, whether the visitor is typing). Which histories are worth keeping is the desk's
/// call (release()); a released one is fetched again when next needed.
class MessageHistories : public QObject
{
    Q_OBJECT

public:
    MessageHistories(
        AgentConnection *connection, ConversationStoreModel *store, QObject *parent = nullptr);

    /// The history of @p conversationId, created (empty, not loaded) on first use.
    MessageModel *open(const QString &conversationId);
    /// The history of @p conversationId if one is held, else nullptr.
    MessageModel *find(const QString &conversationId) const
    {
        return m_models.value(conversationId);
    }
    QStringList conversationIds() const { return m_models.keys(); }
    /// Lets go of the history of @p conversationId.
    void release(const QString &conversationId);
    /// Lets go of every history (signing out).
    void clear();

    void setMyAgentId(const QString &agentId);
    /// After a reconnect: every history held fetches what it missed.
    void catchUp();
    /// The database epoch of the server (auth.ok). The histories held belong to the epoch
    /// seen before; on another one (a restored backup, whose seq numbers repeat) each history
    /// forgets its messages and one that was shown loads again from the newest page.
    void setEpoch(const QString &epoch);

signals:
    /// A history's paging state changed (a page arrived, a request started or ended).
    void pagingChanged(MessageModel *model);

private:
    AgentConnection *m_connection;
    ConversationStoreModel *m_store;
    QHash<QString, MessageModel *> m_models; // by conversation id
    QString m_myAgentId;
    QString m_epoch; // of the server's database, the histories' seq numbers belong to it
};
