import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// The open conversation: header with actions, the messages, who is typing, the composer.
Rectangle {
    id: root

    signal transferRequested

    color: Theme.surface

    EmptyState {
        anchors.fill: parent
        visible: !AgentDesk.current.isOpen
        title: AgentDesk.queue.count > 0 ? qsTr("%n visitor(s) waiting", "", AgentDesk.queue.count) : qsTr("All caught up")
        message: AgentDesk.queue.count > 0 ? qsTr("Press Ctrl+N to accept the one who has waited longest.") : qsTr("New chats appear on the left. Ctrl+Tab moves between your chats.")
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        visible: AgentDesk.current.isOpen

        ConversationHeader {
            Layout.fillWidth: true
            visitorName: AgentDesk.current.visitorName
            status: AgentDesk.current.status
            agentName: AgentDesk.current.agentName
            departmentName: AgentDesk.current.departmentName
            isMine: AgentDesk.current.isMine
            canReopen: AgentDesk.current.isClosed && !AgentDesk.current.isOffline && AgentDesk.deskFeatures
            isOffline: AgentDesk.current.isOffline
            offlineState: AgentDesk.current.offlineState
            visitorEmail: AgentDesk.current.visitorEmail
            claimedByName: AgentDesk.current.claimedByName
            claimedByMe: AgentDesk.current.isClaimedByMe
            canClaim: AgentDesk.current.canClaim
            canMarkDone: AgentDesk.current.canMarkDone
            onClaimRequested: AgentDesk.offlineActions.claim(AgentDesk.current.conversationId)
            onMarkDoneRequested: AgentDesk.offlineActions.markDone(AgentDesk.current.conversationId)
            onEmailReplyRequested: AgentDesk.offlineActions.replyByEmail(AgentDesk.current.conversationId)
            onAcceptRequested: AgentDesk.conversationActions.accept(AgentDesk.current.conversationId)
            onCloseRequested: AgentDesk.conversationActions.close(AgentDesk.current.conversationId)
            onReopenRequested: AgentDesk.conversationActions.reopen(AgentDesk.current.conversationId)
            onTransferRequested: root.transferRequested()
        }

        MessageList {
            objectName: "messageList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            messages: AgentDesk.current.messages
            focusRow: AgentDesk.current.focusRow
        }

        TypingIndicator {
            Layout.fillWidth: true
            Layout.leftMargin: 24
            name: AgentDesk.current.messages ? AgentDesk.current.messages.typingName : ""
            active: AgentDesk.current.messages ? AgentDesk.current.messages.visitorTyping : false
        }

        Composer {
            id: composer

            Layout.fillWidth: true
            conversationId: AgentDesk.current.conversationId
            canSend: AgentDesk.current.canSend
            notesAvailable: AgentDesk.deskFeatures
            offline: !AgentDesk.connection.online
            suggestions: AgentDesk.canned.completions(text)
            hintActionText: AgentDesk.current.isQueued ? qsTr("Accept chat") : ""
            onHintActionTriggered: AgentDesk.conversationActions.accept(AgentDesk.current.conversationId)
            hint: AgentDesk.current.isOffline ? (AgentDesk.current.canSend ? qsTr("Your answer is kept in the conversation: %1 sees it on returning to the site.").arg(AgentDesk.current.visitorName) : AgentDesk.current.offlineState === "done" ? qsTr("This offline message is done.") : qsTr("%1 is answering this message.").arg(AgentDesk.current.claimedByName)) : AgentDesk.current.isQueued ? qsTr("%1 is waiting for an agent.").arg(AgentDesk.current.visitorName) : AgentDesk.current.isClosed ? qsTr("This chat is closed.") : !AgentDesk.current.isMine ? qsTr("This chat belongs to %1.").arg(AgentDesk.current.agentName) : ""
            onSendRequested: (text, internal) => {
                if (AgentDesk.sendMessage(text, internal))
                    composer.clear();
            }
            onEdited: text => AgentDesk.composerEdited(text)
        }
    }
}
