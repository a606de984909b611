import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// One of my chats: visitor, last message, unread count, and how long they await my reply.
ItemDelegate {
    id: root

    required property string conversationId
    required property string visitorName
    required property string lastMessage
    required property bool lastMessageFromVisitor
    required property string lastMessageTime
    required property int unread
    required property bool awaitingReply
    required property string waitText
    required property bool typing
    property bool selected: false

    signal openRequested

    implicitHeight: 64
    hoverEnabled: true
    onClicked: root.openRequested()

    background: Rectangle {
        color: root.selected ? Theme.selected : root.hovered ? Theme.hover : "transparent"

        Rectangle {
            width: 3
            height: parent.height
            color: Theme.accent
            visible: root.selected
        }
    }

    contentItem: RowLayout {
        spacing: 10

        Avatar {
            Layout.alignment: Qt.AlignTop
            Layout.topMargin: 2
            name: root.visitorName
            size: 34
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2

            RowLayout {
                Layout.fillWidth: true
                spacing: 6

                Label {
                    objectName: "visitorName"
                    Layout.fillWidth: true
                    text: root.visitorName
                    textFormat: Text.PlainText
                    elide: Text.ElideRight
                    font.weight: root.unread > 0 ? Font.Bold : Font.DemiBold
                    color: Theme.text
                }
                Label {
                    textFormat: Text.PlainText
                    text: root.awaitingReply ? root.waitText : root.lastMessageTime
                    color: root.awaitingReply ? Theme.warning : Theme.textMuted
                    font.pixelSize: 11
                    font.weight: root.awaitingReply ? Font.DemiBold : Font.Normal
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 6

                Label {
                    objectName: "lastMessage"
                    Layout.fillWidth: true
                    text: root.typing ? qsTr("typing\u2026") : root.lastMessage
                    textFormat: Text.PlainText
                    elide: Text.ElideRight
                    maximumLineCount: 1
                    color: root.typing ? Theme.accent : root.unread > 0 ? Theme.text : Theme.textMuted
                    font.pixelSize: 13
                    font.italic: root.typing
                }
                Badge {
                    objectName: "unreadBadge"
                    count: root.unread
                }
            }
        }
    }
}
