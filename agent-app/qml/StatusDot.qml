import QtQuick
import ChatAgent

// A presence dot: green online, amber away, grey offline.
Rectangle {
    id: root

    property string status: "offline"
    property int size: 10
    property color ringColor: "transparent"

    implicitWidth: size
    implicitHeight: size
    radius: size / 2
    color: Theme.statusColor(status)
    border.width: ringColor.a > 0 ? 2 : 0
    border.color: ringColor
}
