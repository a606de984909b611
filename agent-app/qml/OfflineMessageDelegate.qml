import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// An offline message in the team's inbox: who left it, when, what they wrote, and whether
// someone has taken it. Bold until this agent opens it or a colleague claims it.
ItemDelegate {
    id: root

    required property string conversationId
    required property string visitorName
    required property string visitorEmail
    required property string preview
    required property string timeText
    required property string offlineState
    required property string claimedByName
    required property bool claimedByMe
    required property bool unread
    property bool selected: false

    signal openRequested

    implicitHeight: content.implicitHeight + 20
    hoverEnabled: true
    onClicked: root.openRequested()

    background: Rectangle {
        color: root.selected ? Theme.selected : root.hovered ? Theme.hover : "transparent"

        Rectangle {
            width: 3
            height: parent.height
            color: Theme.accent
            visible: root.selected || root.unread
        }
    }

    contentItem: ColumnLayout {
        id: content

        spacing: 3

        RowLayout {
            Layout.fillWidth: true
            spacing: 8

            Avatar {
                name: root.visitorName
                size: 28
            }
            Label {
                objectName: "visitorName"
                Layout.fillWidth: true
                text: root.visitorName
                textFormat: Text.PlainText
                elide: Text.ElideRight
                font.weight: root.unread ? Font.Bold : Font.Normal
                color: Theme.text
            }
            Label {
                textFormat: Text.PlainText
                text: root.timeText
                color: root.unread ? Theme.accent : Theme.textMuted
                font.pixelSize: 11
                font.weight: root.unread ? Font.DemiBold : Font.Normal
            }
        }
        Label {
            objectName: "preview"
            Layout.fillWidth: true
            Layout.leftMargin: 36
            visible: text !== ""
            text: root.preview
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            maximumLineCount: 2
            elide: Text.ElideRight
            color: root.unread ? Theme.text : Theme.textMuted
            font.pixelSize: 13
            font.weight: root.unread ? Font.DemiBold : Font.Normal
        }
        Label {
            objectName: "stateLabel"
            Layout.fillWidth: true
            Layout.leftMargin: 36
            text: root.offlineState === "new" ? qsTr("New  \u00B7  %1").arg(root.visitorEmail) : root.claimedByMe ? qsTr("Claimed by you") : qsTr("Claimed by %1").arg(root.claimedByName)
            textFormat: Text.PlainText
            elide: Text.ElideRight
            color: root.offlineState === "new" ? Theme.warning : Theme.textMuted
            font.pixelSize: Theme.smallFontSize
        }
    }
}
