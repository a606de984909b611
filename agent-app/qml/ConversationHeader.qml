import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// Who the conversation is with, its state, and what I can do with it.
Rectangle {
    id: root

    property string visitorName
    property string status
    property string agentName
    property string departmentName
    property bool isMine: false
    property bool canReopen: false
    // Offline messages: the inbox state and what the agent may do with it.
    property bool isOffline: false
    property string offlineState
    property string visitorEmail
    property string claimedByName
    property bool claimedByMe: false
    property bool canClaim: false
    property bool canMarkDone: false

    signal acceptRequested
    signal claimRequested
    signal markDoneRequested
    signal emailReplyRequested
    signal closeRequested
    signal reopenRequested
    signal transferRequested

    implicitHeight: column.implicitHeight + 24
    color: Theme.surface

    Rectangle {
        anchors.bottom: parent.bottom
        width: parent.width
        height: 1
        color: Theme.border
    }

    ColumnLayout {
        id: column

        anchors.fill: parent
        anchors.leftMargin: 24
        anchors.rightMargin: 16
        anchors.topMargin: 12
        anchors.bottomMargin: 12
        spacing: 8

        RowLayout {
            Layout.fillWidth: true
            spacing: 12

            Avatar {
                name: root.visitorName
                size: 38
            }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 1

                Label {
                    objectName: "visitorName"
                    Layout.fillWidth: true
                    text: root.visitorName
                    textFormat: Text.PlainText
                    elide: Text.ElideRight
                    font.pixelSize: Theme.titleFontSize
                    font.weight: Font.DemiBold
                    color: Theme.text
                }
                Label {
                    objectName: "statusLabel"
                    Layout.fillWidth: true
                    elide: Text.ElideRight
                    textFormat: Text.PlainText
                    color: root.isOffline ? (root.offlineState === "new" ? Theme.warning : Theme.textMuted) : root.status === "closed" ? Theme.textMuted : root.status === "queued" ? Theme.warning : Theme.online
                    font.pixelSize: Theme.smallFontSize
                    text: {
                        const where = root.departmentName !== "" ? "  \u00B7  " + root.departmentName : "";
                        if (root.isOffline) {
                            const email = root.visitorEmail !== "" ? "  \u00B7  " + root.visitorEmail : "";
                            if (root.offlineState === "done")
                                return qsTr("Offline message  \u00B7  done") + email;
                            if (root.offlineState === "claimed")
                                return (root.claimedByMe ? qsTr("Offline message  \u00B7  claimed by you") : qsTr("Offline message  \u00B7  claimed by %1").arg(root.claimedByName)) + email;
                            return qsTr("Offline message  \u00B7  new") + email;
                        }
                        if (root.status === "queued")
                            return qsTr("Waiting in the queue") + where;
                        if (root.status === "closed")
                            return qsTr("Closed") + where;
                        if (root.isMine)
                            return qsTr("Active  \u00B7  assigned to you") + where;
                        return qsTr("Active  \u00B7  with %1").arg(root.agentName) + where;
                    }
                }
            }
            FlatButton {
                objectName: "acceptButton"
                visible: root.status === "queued"
                text: qsTr("Accept chat")
                filled: true
                onClicked: root.acceptRequested()
            }
            FlatButton {
                objectName: "claimButton"
                visible: root.isOffline && root.canClaim
                text: qsTr("Claim")
                toolTip: qsTr("Take this message so colleagues know you are on it")
                filled: true
                onClicked: root.claimRequested()
            }
            FlatButton {
                objectName: "emailReplyButton"
                visible: root.isOffline && root.visitorEmail !== ""
                text: qsTr("Reply by email")
                toolTip: qsTr("Answer from your mail program, with the message quoted")
                onClicked: root.emailReplyRequested()
            }
            FlatButton {
                objectName: "markDoneButton"
                visible: root.isOffline && root.canMarkDone
                text: qsTr("Mark done")
                toolTip: qsTr("Dealt with: it leaves the offline inbox")
                accent: true
                onClicked: root.markDoneRequested()
            }
            FlatButton {
                objectName: "transferButton"
                visible: root.isMine
                text: qsTr("Transfer")
                toolTip: qsTr("Hand this chat to a colleague or a department (Ctrl+T)")
                onClicked: root.transferRequested()
            }
            FlatButton {
                objectName: "closeButton"
                visible: root.isMine
                text: qsTr("Close chat")
                toolTip: qsTr("End the conversation (Ctrl+W)")
                danger: true
                onClicked: root.closeRequested()
            }
            FlatButton {
                objectName: "reopenButton"
                visible: root.canReopen
                text: qsTr("Reopen")
                accent: true
                onClicked: root.reopenRequested()
            }
        }
    }
}
