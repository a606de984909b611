import QtQuick
import QtQuick.Controls
import ChatAgent

// A quiet text button for toolbars and headers; `accent` for the primary action of a row,
// `danger` for destructive ones.
AbstractButton {
    id: root

    property bool accent: false
    property bool danger: false
    property bool filled: false
    property string toolTip

    implicitWidth: label.implicitWidth + 20
    implicitHeight: 30
    hoverEnabled: true
    focusPolicy: Qt.TabFocus

    ToolTip.visible: hovered && toolTip !== ""
    ToolTip.text: toolTip
    ToolTip.delay: 600

    contentItem: Label {
        id: label

        textFormat: Text.PlainText
        text: root.text
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        font.pixelSize: 13
        font.weight: root.accent || root.filled ? Font.DemiBold : Font.Medium
        color: root.filled ? Theme.accentText : root.danger ? Theme.danger : root.accent || root.checked ? Theme.accent : Theme.text
        opacity: root.enabled ? 1 : 0.45
    }
    background: Rectangle {
        radius: 7
        color: root.filled ? (root.down ? Qt.darker(Theme.accent, 1.1) : Theme.accent) : root.checked ? Theme.accentSoft : root.down ? Theme.selected : root.hovered ? Theme.hover : "transparent"
        opacity: root.enabled ? 1 : 0.45
        border.color: root.filled || root.checked || root.hovered ? "transparent" : (root.accent ? Theme.accentSoft : "transparent")
    }
}
