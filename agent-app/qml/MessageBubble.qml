import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// One message. Visitors on the left; agents on the right (mine in the accent colour);
// internal notes in yellow, marked as such; system messages centred and quiet. An attached
// image shows as a thumbnail, another file as a card with Open and Save.
Item {
    id: root

    property string body
    property string authorName
    property string authorRole: "visitor"
    property string time
    property bool internal: false
    property bool isOwn: false
    property bool isSystem: false
    property int deliveryState: MessageModel.Delivered
    property bool continuation: false
    property string errorText
    property bool hasFile: false
    property string fileName
    property string fileSizeText
    property bool fileIsImage: false
    property int imageWidth: 0
    property int imageHeight: 0
    property url thumbnail
    property bool fileBusy: false

    signal openFileRequested
    signal saveFileRequested

    readonly property bool rightSide: authorRole === "agent"
    readonly property int maxBubbleWidth: Math.min(560, Math.round(width * 0.72))

    implicitHeight: isSystem ? systemLabel.implicitHeight + 12 : column.implicitHeight

    Label {
        id: systemLabel

        objectName: "systemLabel"
        visible: root.isSystem
        anchors.horizontalCenter: parent.horizontalCenter
        width: Math.min(implicitWidth, parent.width - 48)
        y: 6
        text: root.body
        textFormat: Text.PlainText
        wrapMode: Text.Wrap
        horizontalAlignment: Text.AlignHCenter
        color: Theme.textMuted
        font.pixelSize: Theme.smallFontSize
    }

    ColumnLayout {
        id: column

        objectName: "bubbleColumn"
        visible: !root.isSystem
        x: root.rightSide ? root.width - width - 24 : 24
        width: Math.min(root.maxBubbleWidth, Math.max(root.body !== "" ? bodyLabel.implicitWidth : 0, attachment.implicitWidth, metaRow.implicitWidth, authorLabel.implicitWidth) + 28)
        spacing: 3

        Label {
            id: authorLabel

            objectName: "authorLabel"
            Layout.alignment: root.rightSide ? Qt.AlignRight : Qt.AlignLeft
            visible: !root.continuation && (root.internal || !root.isOwn)
            text: root.internal ? qsTr("Internal note \u00B7 %1").arg(root.authorName) : root.authorName
            textFormat: Text.PlainText
            color: root.internal ? Theme.warning : Theme.textMuted
            font.pixelSize: Theme.smallFontSize
            font.weight: Font.DemiBold
        }

        Rectangle {
            id: bubble

            Layout.fillWidth: true
            implicitHeight: bubbleContent.implicitHeight + 18
            radius: 14
            color: root.internal ? Theme.noteBubble : root.rightSide ? (root.isOwn ? Theme.agentBubble : Theme.accentSoft) : Theme.visitorBubble
            border.width: root.internal ? 1 : 0
            border.color: Theme.noteBorder
            opacity: root.deliveryState === MessageModel.Queued ? 0.7 : 1

            ColumnLayout {
                id: bubbleContent

                anchors.fill: parent
                anchors.leftMargin: 14
                anchors.rightMargin: 14
                anchors.topMargin: 9
                anchors.bottomMargin: 9
                spacing: 8

                Loader {
                    id: attachment

                    objectName: "attachment"
                    Layout.alignment: root.rightSide ? Qt.AlignRight : Qt.AlignLeft
                    Layout.maximumWidth: bubbleContent.width
                    active: root.hasFile
                    visible: active
                    sourceComponent: root.fileIsImage ? thumbnailComponent : cardComponent
                }
                Label {
                    id: bodyLabel

                    objectName: "bodyLabel"
                    Layout.fillWidth: true
                    visible: root.body !== "" || !root.hasFile
                    text: root.body
                    textFormat: Text.PlainText
                    wrapMode: Text.Wrap
                    color: root.rightSide && root.isOwn && !root.internal ? Theme.agentBubbleText : Theme.text
                    font.pixelSize: Theme.fontSize
                    lineHeight: 1.15
                }
            }
        }

        RowLayout {
            id: metaRow

            Layout.alignment: root.rightSide ? Qt.AlignRight : Qt.AlignLeft
            spacing: 6

            Label {
                textFormat: Text.PlainText
                objectName: "timeLabel"
                text: root.time
                color: Theme.textMuted
                font.pixelSize: 11
            }
            Label {
                textFormat: Text.PlainText
                objectName: "deliveryLabel"
                visible: root.isOwn
                ToolTip.visible: deliveryHover.hovered && root.deliveryState === MessageModel.Delivered
                ToolTip.text: qsTr("Delivered")

                HoverHandler {
                    id: deliveryHover
                }
                text: root.deliveryState === MessageModel.Queued ? qsTr("Waiting for connection") : root.deliveryState === MessageModel.Sending ? qsTr("Sending\u2026") : root.deliveryState === MessageModel.Failed ? root.errorText : "\u2713"
                color: root.deliveryState === MessageModel.Failed ? Theme.danger : root.deliveryState === MessageModel.Delivered ? Theme.textMuted : Theme.warning
                font.pixelSize: 11
            }
        }
    }

    Component {
        id: thumbnailComponent

        AttachmentThumbnail {
            source: root.thumbnail
            imageWidth: root.imageWidth
            imageHeight: root.imageHeight
            fileName: root.fileName
            busy: root.fileBusy
            onOpenRequested: root.openFileRequested()
        }
    }
    Component {
        id: cardComponent

        AttachmentCard {
            fileName: root.fileName
            sizeText: root.fileSizeText
            busy: root.fileBusy
            onOpenRequested: root.openFileRequested()
            onSaveRequested: root.saveFileRequested()
        }
    }
}
