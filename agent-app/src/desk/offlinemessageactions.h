#pragma once

#include <QObject>
#include <QString>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

class AgentConnection;
class ConversationStoreModel;
class MessageHistories;

/// @brief What an agent does with an offline message: claims it, marks it done, or answers it
/// by email. The server's answers arrive as conversation.updated; failures as failed().
class OfflineMessageActions : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AgentDesk owns the offline message actions")

public:
    OfflineMessageActions(AgentConnection *connection, ConversationStoreModel *store,
        MessageHistories *histories, QObject *parent = nullptr);

    /// Takes the message from the team's inbox (and counts it as read here).
    Q_INVOKABLE void claim(const QString &conversationId);
    Q_INVOKABLE void markDone(const QString &conversationId);
    /// The mailto: link that answers it from the agent's mail client: the visitor's address, a
    /// subject, and the conversation as the visitor saw it, quoted.
    Q_INVOKABLE QUrl emailReplyUrl(const QString &conversationId) const;
    /// Opens emailReplyUrl() with the system's mail client; false if nothing could open it.
    Q_INVOKABLE bool replyByEmail(const QString &conversationId);

signals:
    /// A notice for the agent: what did not work, and why.
    void failed(const QString &notice);

private:
    AgentConnection *m_connection;
    ConversationStoreModel *m_store;
    MessageHistories *m_histories;
};
