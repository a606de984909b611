import QtQuick
import QtQuick.Controls
import ChatAgent

// A small pill with a number: unread messages, list sizes.
Rectangle {
    id: root

    property int count: 0
    property bool muted: false

    visible: count > 0 || muted
    implicitWidth: Math.max(20, countLabel.implicitWidth + 12)
    implicitHeight: 20
    radius: 10
    color: muted ? Theme.hover : Theme.accent

    Label {
        id: countLabel

        textFormat: Text.PlainText
        anchors.centerIn: parent
        text: root.count > 99 ? "99+" : root.count
        color: root.muted ? Theme.textMuted : Theme.accentText
        font.pixelSize: 11
        font.weight: Font.Bold
    }
}
