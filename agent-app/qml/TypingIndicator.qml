import QtQuick
import QtQuick.Controls
import ChatAgent

// "Ada is typing…" under the messages.
Item {
    id: root

    property string name
    property bool active: false

    implicitHeight: 22

    Label {
        objectName: "typingLabel"
        anchors.verticalCenter: parent.verticalCenter
        visible: root.active
        text: qsTr("%1 is typing\u2026").arg(root.name !== "" ? root.name : qsTr("The visitor"))
        textFormat: Text.PlainText
        color: Theme.textMuted
        font.pixelSize: Theme.smallFontSize
        font.italic: true
    }
}
