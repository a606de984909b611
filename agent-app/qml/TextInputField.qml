import QtQuick
import QtQuick.Controls
import ChatAgent

// A single-line text field in the app's style: rounded, with a clear focus ring.
TextField {
    id: root

    implicitHeight: 40
    leftPadding: 12
    rightPadding: 12
    selectByMouse: true
    color: Theme.text
    placeholderTextColor: Theme.textMuted

    background: Rectangle {
        radius: 8
        color: Theme.surface
        border.width: root.activeFocus ? 2 : 1
        border.color: root.activeFocus ? Theme.accent : Theme.border
    }
}
