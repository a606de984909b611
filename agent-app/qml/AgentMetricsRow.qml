import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// One agent in the dashboard table: status and load now, figures over the range. The column
// widths match AgentMetricsTable's header.
Rectangle {
    id: root

    required property int index
    required property string name
    required property string status
    required property string statusText
    required property string loadText
    required property string chatsHandledText
    required property string firstResponseText
    required property string ratingText
    required property string onlineText
    required property string awayText
    property int columnWidth: 110

    implicitHeight: 40
    color: index % 2 === 1 ? Theme.window : "transparent"

    component Cell: Label {
        Layout.preferredWidth: root.columnWidth
        textFormat: Text.PlainText
        elide: Text.ElideRight
        color: Theme.text
    }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 12
        anchors.rightMargin: 12
        spacing: 8

        Avatar {
            name: root.name
            status: root.status
            size: 26
        }
        Label {
            objectName: "agentName"
            Layout.fillWidth: true
            textFormat: Text.PlainText
            text: root.name
            elide: Text.ElideRight
            color: Theme.text
            font.weight: Font.Medium
        }
        Cell {
            objectName: "agentStatus"
            text: root.statusText
            color: root.status === "" ? Theme.textMuted : Theme.statusColor(root.status)
        }
        Cell {
            objectName: "agentLoad"
            text: root.loadText
        }
        Cell {
            objectName: "agentChats"
            text: root.chatsHandledText
        }
        Cell {
            objectName: "agentFirstResponse"
            text: root.firstResponseText
        }
        Cell {
            objectName: "agentRating"
            text: root.ratingText
        }
        Cell {
            objectName: "agentOnline"
            text: root.onlineText
        }
        Cell {
            objectName: "agentAway"
            text: root.awayText
        }
    }
}
