import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import ChatAgent

// The open conversation: header with actions, the messages, who is typing, the composer.
// Files dropped anywhere on it are attached (a hint shows while they are dragged over).
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
            busyFileIds: AgentDesk.downloads.busyFileIds
            onOpenFileRequested: (fileId, name, type) => AgentDesk.downloads.open(fileId, name, type)
            onSaveFileRequested: (fileId, name) => {
                saveDialog.fileId = fileId;
                saveDialog.fileName = name;
                saveDialog.selectedFile = AgentDesk.downloads.suggestedSaveUrl(name);
                saveDialog.open();
            }
        }

        RowLayout {
            objectName: "downloadRow"
            Layout.fillWidth: true
            Layout.leftMargin: 24
            Layout.rightMargin: 24
            visible: AgentDesk.downloads.message !== ""
            spacing: 8

            Label {
                objectName: "downloadMessage"
                Layout.fillWidth: true
                text: AgentDesk.downloads.message
                textFormat: Text.PlainText
                elide: Text.ElideMiddle
                color: AgentDesk.downloads.failed ? Theme.danger : Theme.textMuted
                font.pixelSize: Theme.smallFontSize
            }
            FlatButton {
                text: qsTr("OK")
                onClicked: AgentDesk.downloads.dismissMessage()
            }
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
            uploading: AgentDesk.uploads.busy && AgentDesk.uploads.conversationId === AgentDesk.current.conversationId
            uploadName: AgentDesk.uploads.fileName
            uploadProgress: AgentDesk.uploads.progress
            uploadText: AgentDesk.uploads.progressText
            uploadsWaiting: AgentDesk.uploads.waitingCount
            uploadError: AgentDesk.uploads.errorText
            clipboardHasImage: AgentDesk.uploads.clipboardHasImage
            onFilesChosen: (urls, internal) => AgentDesk.attachFiles(urls, internal)
            onImagePasteRequested: internal => AgentDesk.attachClipboardImage(internal)
            onUploadCancelRequested: AgentDesk.uploads.cancel()
            onUploadErrorDismissed: AgentDesk.uploads.dismissError()
        }
    }

    DropArea {
        id: dropArea

        objectName: "conversationDropArea"
        anchors.fill: parent
        enabled: AgentDesk.current.isOpen
        onEntered: drag => {
            drag.accepted = drag.hasUrls;
        }
        onDropped: drop => {
            if (!drop.hasUrls)
                return;
            AgentDesk.attachFiles(drop.urls, composer.internalMode);
            drop.acceptProposedAction();
        }
    }

    Rectangle {
        objectName: "dropHint"
        anchors.fill: parent
        anchors.margins: 12
        visible: dropArea.containsDrag
        radius: 16
        color: Qt.rgba(Theme.accentSoft.r, Theme.accentSoft.g, Theme.accentSoft.b, 0.92)
        border.width: 2
        border.color: Theme.accent

        Column {
            anchors.centerIn: parent
            spacing: 6

            Label {
                anchors.horizontalCenter: parent.horizontalCenter
                text: AgentDesk.current.canSend ? (composer.internalMode ? qsTr("Drop to attach to an internal note") : qsTr("Drop to send to %1").arg(AgentDesk.current.visitorName)) : qsTr("Files can only be attached in a chat you are answering")
                textFormat: Text.PlainText
                color: Theme.accent
                font.pixelSize: Theme.titleFontSize
                font.weight: Font.DemiBold
            }
            Label {
                anchors.horizontalCenter: parent.horizontalCenter
                visible: AgentDesk.current.canSend
                text: qsTr("Each file is sent as its own message")
                textFormat: Text.PlainText
                color: Theme.textMuted
            }
        }
    }

    FileDialog {
        id: saveDialog

        property string fileId
        property string fileName

        title: qsTr("Save %1").arg(fileName)
        fileMode: FileDialog.SaveFile
        onAccepted: AgentDesk.downloads.saveAs(fileId, fileName, selectedFile)
    }
}
