import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// A colleague: presence and how many chats they have.
Item {
    id: root

    required property string name
    required property string status
    required property int activeChats
    required property int maxChats
    required property bool isMe

    implicitHeight: 34

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 16
        anchors.rightMargin: 14
        spacing: 10

        Avatar {
            name: root.name
            size: 24
            status: root.status
        }
        Label {
            Layout.fillWidth: true
            text: root.isMe ? qsTr("%1 (you)").arg(root.name) : root.name
            textFormat: Text.PlainText
            elide: Text.ElideRight
            color: root.status === "offline" ? Theme.textMuted : Theme.text
            font.pixelSize: 13
        }
        Label {
            textFormat: Text.PlainText
            text: qsTr("%1/%2").arg(root.activeChats).arg(root.maxChats)
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize
            visible: root.status !== "offline"
        }
    }
}
