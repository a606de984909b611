#pragma once

#include <protocol/views.h>

#include <QObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

class ConversationStoreModel;
class MessageModel;
Q_MOC_INCLUDE("messagemodel.h")

/// @brief The conversation open in the middle of the window: its state as the agent may act
/// on it (send, accept, close, reopen, transfer) and its messages.
///
/// Holds only which conversation is open; its state is read from the store, and changed()
/// follows the store's conversationChanged() for it.
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
    explicit CurrentConversation(ConversationStoreModel *store, QObject *parent = nullptr);

    /// Opens @p conversationId, which the store knows, with its @p messages.
    void show(const QString &conversationId, MessageModel *messages);
    void clear();

    bool isOpen() const { return !m_conversationId.isEmpty(); }
    QString conversationId() const { return m_conversationId; }
    /// The open conversation as the store has it (empty when none is open).
    const ConversationView &view() const;
    /// The status as QML sees it: "queued", "assigned", "closed"; empty when none is open.
    QString status() const;
    QString visitorName() const;
    QString agentName() const { return view().agentName; }
    QString departmentName() const { return view().departmentName; }
    bool isMine() const;
    bool isQueued() const { return isOpen() && view().status == ConversationStatus::Queued; }
    bool isClosed() const { return isOpen() && view().status == ConversationStatus::Closed; }
    /// Mine, or an offline message I may answer (nobody's yet, or claimed by me).
    bool canSend() const;
    QString visitorEmail() const { return view().visitor.email; }
    /// An offline message (left while no agent was online); see offlineState.
    bool isOffline() const { return view().offline; }
    /// Offline messages: New (not claimed yet), Claimed or Done; None for other conversations.
    OfflineState inboxState() const;
    /// inboxState() as QML sees it: "new", "claimed", "done", or empty.
    QString offlineState() const { return wireName(inboxState()); }
    QString claimedByName() const { return view().claimedByName; }
    bool isClaimedByMe() const;
    bool canClaim() const { return inboxState() == OfflineState::New; }
    /// An offline message not done yet that is nobody's or mine.
    bool canMarkDone() const;
    MessageModel *messages() const;
    /// A row the view should scroll to (a search hit), or -1.
    int focusRow() const { return m_focusRow; }
    void setFocusRow(int row);

signals:
    void changed();
    void focusRowChanged();

private:
    ConversationStoreModel *m_store;
    QString m_conversationId;
    QPointer<MessageModel> m_messages;
    int m_focusRow = -1;
};
