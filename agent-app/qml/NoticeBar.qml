import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// A short message about the last action (e.g. "A colleague took that chat first").
Rectangle {
    id: root

    property string text

    signal dismissed

    visible: text !== ""
    implicitWidth: Math.min(560, row.implicitWidth + 32)
    implicitHeight: row.implicitHeight + 20
    radius: 10
    color: Theme.dark ? "#3b4150" : "#1f2430"

    RowLayout {
        id: row

        anchors.fill: parent
        anchors.leftMargin: 16
        anchors.rightMargin: 8
        spacing: 12

        Label {
            objectName: "noticeLabel"
            Layout.fillWidth: true
            Layout.maximumWidth: 460
            text: root.text
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: "white"
        }
        AbstractButton {
            implicitWidth: 28
            implicitHeight: 28
            onClicked: root.dismissed()
            contentItem: Label {
                textFormat: Text.PlainText
                text: "\u2715"
                color: "white"
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
            }
        }
    }

    Timer {
        running: root.visible
        interval: 8000
        onTriggered: root.dismissed()
    }
}
