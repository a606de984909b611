import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// The per-agent table: status and load now, and each agent's figures over the selected range.
Rectangle {
    id: root

    required property AgentMetricsModel agents
    property int columnWidth: 110

    implicitHeight: column.implicitHeight + 2
    radius: Theme.radius
    color: Theme.surfaceRaised
    border.color: Theme.border

    component HeaderCell: Label {
        Layout.preferredWidth: root.columnWidth
        textFormat: Text.PlainText
        elide: Text.ElideRight
        color: Theme.textMuted
        font.pixelSize: Theme.smallFontSize
        font.weight: Font.DemiBold
    }

    ColumnLayout {
        id: column

        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: 1
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.preferredHeight: 36
            Layout.leftMargin: 12
            Layout.rightMargin: 12
            spacing: 8

            HeaderCell {
                Layout.fillWidth: true
                Layout.preferredWidth: -1
                text: qsTr("Agent")
            }
            HeaderCell {
                text: qsTr("Now")
            }
            HeaderCell {
                text: qsTr("Chats / limit")
            }
            HeaderCell {
                text: qsTr("Chats handled")
            }
            HeaderCell {
                text: qsTr("First response")
            }
            HeaderCell {
                text: qsTr("Good ratings")
            }
            HeaderCell {
                text: qsTr("Online")
            }
            HeaderCell {
                text: qsTr("Away")
            }
        }
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: 1
            color: Theme.border
        }
        ListView {
            objectName: "agentTable"
            Layout.fillWidth: true
            implicitHeight: contentHeight
            interactive: false
            model: root.agents

            delegate: AgentMetricsRow {
                width: ListView.view.width
                columnWidth: root.columnWidth
            }
        }
        Label {
            Layout.fillWidth: true
            Layout.margins: 16
            visible: root.agents.count === 0
            horizontalAlignment: Text.AlignHCenter
            textFormat: Text.PlainText
            text: qsTr("No agents to show yet.")
            color: Theme.textMuted
        }
    }
}
