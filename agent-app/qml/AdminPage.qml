import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// The admin area. Shown only to admins; the metrics dashboard will live here.
Rectangle {
    id: root

    property string agentName

    signal closeRequested

    color: Theme.surface

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 28
        spacing: 16

        RowLayout {
            Layout.fillWidth: true

            Label {
                textFormat: Text.PlainText
                objectName: "adminTitle"
                Layout.fillWidth: true
                text: qsTr("Admin")
                font.pixelSize: 22
                font.weight: Font.DemiBold
                color: Theme.text
            }
            FlatButton {
                text: qsTr("Back to chats")
                onClicked: root.closeRequested()
            }
        }
        EmptyState {
            Layout.fillWidth: true
            Layout.fillHeight: true
            title: qsTr("Team metrics are coming")
            message: qsTr("Queue times, chats per agent and visitor ratings will appear here.")
        }
    }
}
