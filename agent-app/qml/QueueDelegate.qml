import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// A visitor waiting in the queue: name, how long they have waited, what they wrote last, where.
ItemDelegate {
    id: root

    required property string conversationId
    required property string visitorName
    required property string preview
    required property string waitText
    required property int waitSeconds
    required property string pageTitle
    required property string language
    required property string department
    property bool selected: false

    signal openRequested
    signal acceptRequested

    implicitHeight: content.implicitHeight + 20
    hoverEnabled: true
    onClicked: root.openRequested()

    background: Rectangle {
        color: root.selected ? Theme.selected : root.hovered ? Theme.hover : "transparent"

        Rectangle {
            width: 3
            height: parent.height
            color: root.waitSeconds >= 120 ? Theme.warning : Theme.accent
            visible: root.selected || root.waitSeconds >= 120
        }
    }

    contentItem: ColumnLayout {
        id: content

        spacing: 3

        RowLayout {
            Layout.fillWidth: true
            spacing: 8

            Avatar {
                name: root.visitorName
                size: 28
            }
            Label {
                objectName: "visitorName"
                Layout.fillWidth: true
                text: root.visitorName
                textFormat: Text.PlainText
                elide: Text.ElideRight
                font.weight: Font.DemiBold
                color: Theme.text
            }
            Rectangle {
                implicitWidth: waitLabel.implicitWidth + 12
                implicitHeight: 20
                radius: 10
                color: root.waitSeconds >= 120 ? Theme.warningSoft : Theme.accentSoft

                Label {
                    id: waitLabel

                    textFormat: Text.PlainText
                    objectName: "waitLabel"
                    anchors.centerIn: parent
                    text: root.waitText
                    font.pixelSize: 11
                    font.weight: Font.DemiBold
                    color: root.waitSeconds >= 120 ? Theme.warning : Theme.accent
                }
            }
        }
        Label {
            objectName: "preview"
            Layout.fillWidth: true
            Layout.leftMargin: 36
            visible: text !== ""
            text: root.preview
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            maximumLineCount: 2
            elide: Text.ElideRight
            color: Theme.text
            font.pixelSize: 13
        }
        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: 36
            spacing: 6

            Label {
                Layout.fillWidth: true
                text: [root.department, root.pageTitle, root.language].filter(s => s !== "").join("  \u00B7  ")
                textFormat: Text.PlainText
                elide: Text.ElideRight
                color: Theme.textMuted
                font.pixelSize: Theme.smallFontSize
            }
            FlatButton {
                objectName: "acceptButton"
                text: qsTr("Accept")
                filled: true
                implicitHeight: 24
                onClicked: root.acceptRequested()
            }
        }
    }
}
