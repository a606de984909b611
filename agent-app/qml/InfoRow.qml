import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// A label and its value in the visitor panel; hidden when the value is unknown.
RowLayout {
    id: root

    property string label
    property string value

    visible: value !== ""
    spacing: 12

    Label {
        textFormat: Text.PlainText
        Layout.preferredWidth: 78
        text: root.label
        color: Theme.textMuted
        font.pixelSize: 13
    }
    Label {
        objectName: "value"
        Layout.fillWidth: true
        text: root.value
        textFormat: Text.PlainText
        wrapMode: Text.Wrap
        color: Theme.text
        font.pixelSize: 13
    }
}
