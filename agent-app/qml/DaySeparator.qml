import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// "Today", "Yesterday", "Monday 3 March" between the messages of different days.
Item {
    id: root

    property string label

    implicitHeight: 40

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 24
        anchors.rightMargin: 24
        spacing: 12

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: 1
            color: Theme.border
        }
        Label {
            textFormat: Text.PlainText
            objectName: "dayLabel"
            text: root.label
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize
            font.weight: Font.DemiBold
        }
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: 1
            color: Theme.border
        }
    }
}
