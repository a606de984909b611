import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// A heading in the sidebar: title, count, a detail, and an optional action.
Item {
    id: root

    property string title
    property int count: 0
    // The count asks for attention (things nobody has taken yet) rather than sizing a list.
    property bool countStandsOut: false
    property string detail
    property string actionText
    property string actionToolTip

    signal actionTriggered

    implicitHeight: 38

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 16
        anchors.rightMargin: 10
        spacing: 6

        Label {
            textFormat: Text.PlainText
            text: root.title.toUpperCase()
            color: Theme.textMuted
            font.pixelSize: 11
            font.weight: Font.Bold
            font.letterSpacing: 0.8
        }
        Badge {
            objectName: "sectionBadge"
            count: root.count
            muted: !root.countStandsOut || root.count === 0
        }
        Label {
            textFormat: Text.PlainText
            Layout.fillWidth: true
            text: root.detail
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize
            elide: Text.ElideRight
        }
        FlatButton {
            visible: root.actionText !== ""
            text: root.actionText
            accent: true
            toolTip: root.actionToolTip
            onClicked: root.actionTriggered()
        }
    }
}
