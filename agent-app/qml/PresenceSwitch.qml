import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// My presence, and a menu to change it.
AbstractButton {
    id: root

    property string presence: "offline"
    property bool automatic: false

    signal presenceRequested(string status)

    function label(status) {
        return status === "online" ? qsTr("Online") : status === "away" ? qsTr("Away") : qsTr("Offline");
    }

    implicitWidth: row.implicitWidth + 8
    implicitHeight: 22
    hoverEnabled: true
    onClicked: menu.open()

    contentItem: RowLayout {
        id: row

        spacing: 6

        StatusDot {
            status: root.presence
            size: 8
        }
        Label {
            textFormat: Text.PlainText
            objectName: "presenceLabel"
            text: root.automatic ? qsTr("%1 (idle)").arg(root.label(root.presence)) : root.label(root.presence)
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize
        }
        Label {
            textFormat: Text.PlainText
            text: "\u25BE"
            color: Theme.textMuted
            font.pixelSize: 10
        }
    }
    background: Rectangle {
        radius: 6
        color: root.hovered ? Theme.hover : "transparent"
    }

    Menu {
        id: menu

        y: root.height + 4

        Repeater {
            model: ["online", "away", "offline"]

            MenuItem {
                id: choice

                required property string modelData

                text: root.label(choice.modelData)
                checkable: true
                checked: root.presence === choice.modelData
                onTriggered: root.presenceRequested(choice.modelData)
            }
        }
    }
}
