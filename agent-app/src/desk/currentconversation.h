#pragma once

#include <protocol/views.h>

#include <QObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

class MessageModel;
Q_MOC_INCLUDE("messagemodel.h")

/// @brief The conversation open in the middle of the window: its state as the agent may act
/// on it (send, accept, close, reopen, transfer) and its messages.
class CurrentConversation : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AgentDesk owns the current conversation")
    Q_PROPERTY(bool isOpen READ isOpen NOTIFY changed)
    Q_PROPERTY(QString conversationId READ conversationId NOTIFY changed)
    Q_PROPERTY(QString status READ status NOTIFY changed)
    Q_PROPERTY(QString visitorName READ visitorName NOTIFY changed)
    Q_PROPERTY(QString agentName READ agentName NOTIFY changed)
    Q_PROPERTY(QString departmentName READ departmentName NOTIFY changed)
    Q_PROPERTY(bool isMine READ isMine NOTIFY changed)
    Q_PROPERTY(bool isQueued READ isQueued NOTIFY changed)
    Q_PROPERTY(bool isClosed READ isClosed NOTIFY changed)
    Q_PROPERTY(bool canSend READ canSend NOTIFY changed)
    Q_PROPERTY(QString visitorEmail READ visitorEmail NOTIFY changed)
    Q_PROPERTY(bool isOffline READ isOffline NOTIFY changed)
    Q_PROPERTY(QString offlineState READ offlineState NOTIFY changed)
    Q_PROPERTY(QString claimedByName READ claimedByName NOTIFY changed)
    Q_PROPERTY(bool isClaimedByMe READ isClaimedByMe NOTIFY changed)
    Q_PROPERTY(bool canClaim READ canClaim NOTIFY changed)
    Q_PROPERTY(bool canMarkDone READ canMarkDone NOTIFY changed)
    Q_PROPERTY(MessageModel *messages READ messages NOTIFY changed)
    Q_PROPERTY(int focusRow READ focusRow NOTIFY focusRowChanged)

public:
    explicit CurrentConversation(QObject *parent = nullptr);

    void show(
        const ConversationView &conversation, MessageModel *messages, const QString &myAgentId);
    /// A newer state of the same conversation (conversation.updated).
    void update(const ConversationView &conversation);
    void clear();

    bool isOpen() const { return !m_conversation.id.isEmpty(); }
    QString conversationId() const { return m_conversation.id; }
    const ConversationView &view() const { return m_conversation; }
    QString status() const { return m_conversation.status; }
    QString visitorName() const;
    QString agentName() const { return m_conversation.agentName; }
    QString departmentName() const { return m_conversation.departmentName; }
    bool isMine() const;
    bool isQueued() const { return m_conversation.status == u"queued"; }
    bool isClosed() const { return m_conversation.status == u"closed"; }
    /// Mine, or an offline message I may answer (nobody's yet, or claimed by me).
    bool canSend() const;
    QString visitorEmail() const { return m_conversation.visitor.email; }
    /// An offline message (left while no agent was online); see offlineState.
    bool isOffline() const { return m_conversation.offline; }
    /// Offline messages: "new", "claimed" or "done".
    QString offlineState() const;
    QString claimedByName() const { return m_conversation.claimedByName; }
    bool isClaimedByMe() const;
    bool canClaim() const { return isOffline() && offlineState() == u"new"; }
    /// An offline message not done yet that is nobody's or mine.
    bool canMarkDone() const;
    MessageModel *messages() const { return m_messages; }
    /// A row the view should scroll to (a search hit), or -1.
    int focusRow() const { return m_focusRow; }
    void setFocusRow(int row);

signals:
    void changed();
    void focusRowChanged();

private:
    ConversationView m_conversation;
    QPointer<MessageModel> m_messages;
    QString m_myAgentId;
    int m_focusRow = -1;
};
