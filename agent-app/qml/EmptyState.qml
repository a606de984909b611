import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// A calm placeholder for an empty area: a title and one helpful sentence.
Item {
    id: root

    property string title
    property string message

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(420, root.width - 48)
        spacing: 8

        Rectangle {
            Layout.alignment: Qt.AlignHCenter
            Layout.bottomMargin: 8
            implicitWidth: 64
            implicitHeight: 64
            radius: 32
            color: Theme.accentSoft

            Label {
                textFormat: Text.PlainText
                anchors.centerIn: parent
                text: "\u2713"
                color: Theme.accent
                font.pixelSize: 28
                font.weight: Font.Bold
            }
        }
        Label {
            textFormat: Text.PlainText
            objectName: "emptyTitle"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: root.title
            wrapMode: Text.Wrap
            font.pixelSize: 18
            font.weight: Font.DemiBold
            color: Theme.text
        }
        Label {
            textFormat: Text.PlainText
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: root.message
            wrapMode: Text.Wrap
            color: Theme.textMuted
        }
    }
}
