import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// One figure of the dashboard: what it is, its value ("—" when there is none) and a detail line.
Rectangle {
    id: root

    property string label
    property string value
    property string detail
    property bool alert: false

    implicitWidth: 180
    implicitHeight: column.implicitHeight + 24
    radius: Theme.radius
    color: root.alert ? Theme.warningSoft : Theme.surfaceRaised
    border.color: Theme.border

    ColumnLayout {
        id: column

        anchors.fill: parent
        anchors.margins: 12
        spacing: 2

        Label {
            objectName: "tileLabel"
            Layout.fillWidth: true
            textFormat: Text.PlainText
            text: root.label
            elide: Text.ElideRight
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize
        }
        Label {
            objectName: "tileValue"
            Layout.fillWidth: true
            textFormat: Text.PlainText
            text: root.value
            elide: Text.ElideRight
            color: root.alert ? Theme.warning : Theme.text
            font.pixelSize: 24
            font.weight: Font.DemiBold
        }
        Label {
            objectName: "tileDetail"
            Layout.fillWidth: true
            textFormat: Text.PlainText
            text: root.detail
            visible: text !== ""
            elide: Text.ElideRight
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize
        }
    }
}
