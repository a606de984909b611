import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import ChatAgent

// Where the agent writes: a reply to the visitor or an internal note for colleagues.
// Enter sends, Shift+Enter starts a new line, "/shortcut" offers canned responses.
// Attach picks files (each is sent as its own message, a note in note mode); pasting an image
// attaches it. The file on its way shows its progress and can be cancelled.
Rectangle {
    id: root

    property string conversationId
    property bool canSend: false
    property bool notesAvailable: false
    property bool offline: false
    property var suggestions: []
    property string hint
    property string hintActionText
    property alias text: input.text
    property bool noteMode: false
    // The upload on its way from this conversation, and the last one that failed.
    property bool uploading: false
    property string uploadName
    property real uploadProgress: 0
    property string uploadText
    property int uploadsWaiting: 0
    property string uploadError
    property bool clipboardHasImage: false
    readonly property bool internalMode: noteMode && notesAvailable

    signal sendRequested(string text, bool internal)
    signal edited(string text)
    signal hintActionTriggered
    signal filesChosen(var urls, bool internal)
    signal imagePasteRequested(bool internal)
    signal uploadCancelRequested
    signal uploadErrorDismissed

    function clear() {
        input.clear();
    }
    function send() {
        if (!root.canSend || input.text.trim() === "")
            return;
        root.sendRequested(input.text, root.internalMode);
    }
    function chooseFiles() {
        if (root.canSend)
            fileDialog.open();
    }
    function useSuggestion(body) {
        input.text = body;
        input.cursorPosition = input.length;
        input.forceActiveFocus();
    }

    implicitHeight: column.implicitHeight + 24
    color: Theme.surface
    onConversationIdChanged: {
        input.clear();
        noteMode = false;
        if (canSend)
            input.forceActiveFocus();
    }

    CannedSuggestions {
        id: suggestionsPopup

        x: 20
        y: -height - 4
        width: Math.min(480, root.width - 40)
        items: root.suggestions
        visible: root.canSend && input.activeFocus && root.suggestions.length > 0
        onChosen: body => root.useSuggestion(body)
    }

    ColumnLayout {
        id: column

        anchors.fill: parent
        anchors.leftMargin: 20
        anchors.rightMargin: 20
        anchors.topMargin: 8
        anchors.bottomMargin: 16
        spacing: 8

        RowLayout {
            objectName: "uploadRow"
            Layout.fillWidth: true
            visible: root.uploading
            spacing: 10

            Label {
                objectName: "uploadNameLabel"
                Layout.maximumWidth: 260
                text: root.uploadsWaiting > 0 ? qsTr("Sending %1 (%n more waiting)", "", root.uploadsWaiting).arg(root.uploadName) : qsTr("Sending %1").arg(root.uploadName)
                textFormat: Text.PlainText
                elide: Text.ElideMiddle
                color: Theme.text
            }
            ProgressBar {
                objectName: "uploadProgressBar"
                Layout.fillWidth: true
                from: 0
                to: 1
                value: root.uploadProgress
            }
            Label {
                objectName: "uploadProgressLabel"
                text: root.uploadText
                textFormat: Text.PlainText
                color: Theme.textMuted
                font.pixelSize: 11
            }
            FlatButton {
                objectName: "cancelUploadButton"
                text: qsTr("Cancel")
                danger: true
                toolTip: qsTr("Stop sending: nothing is posted in the chat")
                onClicked: root.uploadCancelRequested()
            }
        }

        RowLayout {
            objectName: "uploadErrorRow"
            Layout.fillWidth: true
            visible: root.uploadError !== ""
            spacing: 8

            Label {
                objectName: "uploadErrorLabel"
                Layout.fillWidth: true
                text: root.uploadError
                textFormat: Text.PlainText
                wrapMode: Text.Wrap
                color: Theme.danger
            }
            FlatButton {
                objectName: "dismissUploadErrorButton"
                text: qsTr("OK")
                onClicked: root.uploadErrorDismissed()
            }
        }

        RowLayout {
            Layout.alignment: Qt.AlignHCenter
            visible: root.hint !== ""
            spacing: 12

            Label {
                objectName: "hintLabel"
                text: root.hint
                textFormat: Text.PlainText
                color: Theme.textMuted
            }
            FlatButton {
                objectName: "hintActionButton"
                visible: root.hintActionText !== ""
                text: root.hintActionText
                filled: true
                implicitHeight: 34
                onClicked: root.hintActionTriggered()
            }
        }

        Rectangle {
            Layout.fillWidth: true
            visible: root.canSend
            implicitHeight: inputColumn.implicitHeight + 2
            radius: 12
            color: root.noteMode ? Theme.noteBubble : Theme.surface
            border.width: input.activeFocus ? 2 : 1
            border.color: root.noteMode ? Theme.noteBorder : input.activeFocus ? Theme.accent : Theme.border

            ColumnLayout {
                id: inputColumn

                anchors.left: parent.left
                anchors.right: parent.right
                anchors.top: parent.top
                anchors.margins: 1
                spacing: 0

                ScrollView {
                    Layout.fillWidth: true
                    Layout.preferredHeight: Math.min(Math.max(input.implicitHeight, 48), 160)

                    TextArea {
                        id: input

                        objectName: "composerInput"
                        wrapMode: TextEdit.Wrap
                        textFormat: TextEdit.PlainText
                        selectByMouse: true
                        placeholderText: root.noteMode ? qsTr("Write an internal note \u2014 only your team sees it") : qsTr("Write a reply\u2026  Type / for canned responses")
                        leftPadding: 14
                        rightPadding: 14
                        topPadding: 12
                        bottomPadding: 8
                        background: null
                        onTextChanged: root.edited(text)
                        Keys.onPressed: event => {
                            if (event.matches(StandardKey.Paste) && root.clipboardHasImage) {
                                event.accepted = true;
                                root.imagePasteRequested(root.internalMode);
                            } else if ((event.key === Qt.Key_Return || event.key === Qt.Key_Enter) && !(event.modifiers & Qt.ShiftModifier)) {
                                event.accepted = true;
                                if (suggestionsPopup.visible)
                                    root.useSuggestion(root.suggestions[0].body);
                                else
                                    root.send();
                            } else if (event.key === Qt.Key_Tab && suggestionsPopup.visible) {
                                event.accepted = true;
                                root.useSuggestion(root.suggestions[0].body);
                            }
                        }
                    }
                }

                RowLayout {
                    Layout.fillWidth: true
                    Layout.leftMargin: 8
                    Layout.rightMargin: 8
                    Layout.bottomMargin: 8
                    spacing: 4

                    FlatButton {
                        objectName: "replyModeButton"
                        text: qsTr("Reply")
                        checkable: true
                        checked: !root.noteMode
                        onClicked: root.noteMode = false
                    }
                    FlatButton {
                        objectName: "noteModeButton"
                        visible: root.notesAvailable
                        text: qsTr("Internal note")
                        checkable: true
                        checked: root.noteMode
                        onClicked: root.noteMode = true
                    }
                    FlatButton {
                        objectName: "attachButton"
                        text: qsTr("Attach…")
                        toolTip: root.noteMode ? qsTr("Attach files to an internal note (or drop them on the chat)") : qsTr("Send files to the visitor (or drop them on the chat, or paste an image)")
                        onClicked: root.chooseFiles()
                    }
                    Label {
                        textFormat: Text.PlainText
                        Layout.fillWidth: true
                        Layout.leftMargin: 8
                        text: root.offline ? qsTr("Offline \u2014 messages will be sent when the connection is back") : qsTr("Enter to send, Shift+Enter for a new line")
                        color: root.offline ? Theme.warning : Theme.textMuted
                        font.pixelSize: 11
                        elide: Text.ElideRight
                    }
                    FlatButton {
                        objectName: "sendButton"
                        text: root.noteMode ? qsTr("Add note") : qsTr("Send")
                        filled: true
                        implicitHeight: 32
                        enabled: input.text.trim() !== ""
                        onClicked: root.send()
                    }
                }
            }
        }
    }

    FileDialog {
        id: fileDialog

        title: root.noteMode ? qsTr("Attach files to an internal note") : qsTr("Send files to the visitor")
        fileMode: FileDialog.OpenFiles
        onAccepted: root.filesChosen(fileDialog.selectedFiles, root.internalMode)
    }
}
