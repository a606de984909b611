import QtQuick
import QtQuick.Controls
import ChatAgent

// A round avatar with initials, and optionally a presence dot.
Item {
    id: root

    property string name
    property int size: 32
    property string status

    implicitWidth: size
    implicitHeight: size

    Rectangle {
        anchors.fill: parent
        radius: width / 2
        color: Theme.avatarColor(root.name)

        Label {
            textFormat: Text.PlainText
            anchors.centerIn: parent
            text: root.name.trim() === "" ? "?" : root.name.trim().split(/\s+/).slice(0, 2).map(w => w.charAt(0).toUpperCase()).join("")
            color: "white"
            font.pixelSize: Math.round(root.size * 0.38)
            font.weight: Font.DemiBold
        }
    }
    StatusDot {
        visible: root.status !== ""
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.rightMargin: -1
        anchors.bottomMargin: -1
        status: root.status
        size: Math.max(9, Math.round(root.size * 0.3))
        ringColor: Theme.sidebar
    }
}
