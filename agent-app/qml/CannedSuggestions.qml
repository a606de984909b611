import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// The canned responses matching what follows "/" in the composer.
Rectangle {
    id: root

    property var items: []

    signal chosen(string body)

    implicitHeight: list.contentHeight + 12
    radius: 10
    color: Theme.surfaceRaised
    border.color: Theme.border

    ListView {
        id: list

        anchors.fill: parent
        anchors.margins: 6
        interactive: false
        model: root.items.slice(0, 6)

        delegate: ItemDelegate {
            id: item

            required property var modelData

            width: ListView.view.width
            hoverEnabled: true
            onClicked: root.chosen(item.modelData.body)
            background: Rectangle {
                radius: 6
                color: item.hovered ? Theme.hover : "transparent"
            }
            contentItem: RowLayout {
                spacing: 10

                Label {
                    text: "/" + item.modelData.shortcut
                    textFormat: Text.PlainText
                    color: Theme.accent
                    font.weight: Font.DemiBold
                }
                Label {
                    Layout.fillWidth: true
                    text: item.modelData.title !== "" ? item.modelData.title : item.modelData.body
                    textFormat: Text.PlainText
                    elide: Text.ElideRight
                    color: Theme.textMuted
                }
            }
        }
    }
}
