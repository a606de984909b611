import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// One search hit: the visitor, when, and the snippet (matches between [ and ]).
ItemDelegate {
    id: root

    required property int index
    required property string visitorName
    required property string snippet
    required property string time
    required property string status

    signal chosen

    implicitHeight: column.implicitHeight + 18
    hoverEnabled: true
    onClicked: root.chosen()
    background: Rectangle {
        color: root.hovered ? Theme.hover : "transparent"
    }

    contentItem: ColumnLayout {
        id: column

        spacing: 2

        RowLayout {
            Layout.fillWidth: true

            Label {
                Layout.fillWidth: true
                text: root.visitorName
                textFormat: Text.PlainText
                elide: Text.ElideRight
                font.weight: Font.DemiBold
                color: Theme.text
            }
            Label {
                textFormat: Text.PlainText
                text: root.status === "closed" ? qsTr("closed \u00B7 %1").arg(root.time) : root.time
                color: Theme.textMuted
                font.pixelSize: 11
            }
        }
        Label {
            Layout.fillWidth: true
            text: root.snippet
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            maximumLineCount: 3
            elide: Text.ElideRight
            color: Theme.textMuted
            font.pixelSize: 13
        }
    }
}
