#pragma once

#include <QObject>
#include <QSet>
#include <QString>
#include <QtQml/qqmlregistration.h>

class AgentConnection;
class CurrentConversation;
class QueueModel;
class TypingSender;

/// @brief What an agent does to a live chat: accepts it from the queue, closes, reopens or
/// transfers it.
///
/// Only sends the requests: their success arrives as conversation.updated, which the desk
/// applies to the store like any change. Remembers the chats it is accepting, so that the desk
/// does not notify the agent of a chat they took themselves.
class ConversationActions : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AgentDesk owns the conversation actions")

public:
    ConversationActions(AgentConnection *connection, QueueModel *queue,
        CurrentConversation *current, TypingSender *typing, QObject *parent = nullptr);

    Q_INVOKABLE void accept(const QString &conversationId);
    /// Accepts the chat that has waited longest; false when the queue is empty.
    Q_INVOKABLE bool acceptNextWaiting();
    Q_INVOKABLE void close(const QString &conversationId);
    Q_INVOKABLE void reopen(const QString &conversationId);
    Q_INVOKABLE void transferToAgent(
        const QString &conversationId, const QString &agentId, const QString &note = {});
    Q_INVOKABLE void transferToDepartment(
        const QString &conversationId, const QString &departmentId, const QString &note = {});

    /// A queue.accept for @p conversationId is waiting for the server's answer.
    bool isAccepting(const QString &conversationId) const
    {
        return m_accepting.contains(conversationId);
    }
    /// Forgets the accepts in flight (the session ended).
    void forgetPending() { m_accepting.clear(); }

signals:
    /// The server gave the agent @p conversationId they asked for: time to show it.
    void accepted(const QString &conversationId);
    /// A notice for the agent: what did not work, and why.
    void failed(const QString &notice);

private:
    void requestAction(const QJsonObject &request, const QString &failurePrefix);

    AgentConnection *m_connection;
    QueueModel *m_queue;
    CurrentConversation *m_current;
    TypingSender *m_typing;
    QSet<QString> m_accepting; // queue.accept requests in flight
};
