import QtQuick
import QtQuick.Controls
import ChatAgent

// An attached image in a message: its thumbnail, sized by the image's proportions before it
// has loaded; clicking opens the full image.
Item {
    id: root

    property url source
    property int imageWidth: 0
    property int imageHeight: 0
    property string fileName
    property bool busy: false
    readonly property int maxSide: 240
    readonly property real fit: imageWidth > 0 && imageHeight > 0 ? Math.min(1, maxSide / Math.max(imageWidth, imageHeight)) : 1

    signal openRequested

    implicitWidth: imageWidth > 0 ? Math.max(48, Math.round(imageWidth * fit)) : 180
    implicitHeight: imageHeight > 0 ? Math.max(48, Math.round(imageHeight * fit)) : 135

    Rectangle {
        anchors.fill: parent
        radius: 10
        color: Theme.hover
        visible: image.status !== Image.Ready

        Label {
            anchors.centerIn: parent
            width: parent.width - 16
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            textFormat: Text.PlainText
            visible: image.status === Image.Error
            text: qsTr("Preview not available \u2014 click to open")
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize
        }
        BusyIndicator {
            anchors.centerIn: parent
            width: 28
            height: 28
            running: image.status === Image.Loading
            visible: running
        }
    }

    Image {
        id: image

        objectName: "thumbnailImage"
        anchors.fill: parent
        source: root.source
        asynchronous: true
        cache: true
        fillMode: Image.PreserveAspectCrop
        smooth: true
    }

    Rectangle {
        anchors.fill: parent
        radius: 10
        color: "transparent"
        border.width: 1
        border.color: Theme.border
    }

    BusyIndicator {
        anchors.centerIn: parent
        width: 32
        height: 32
        running: root.busy
        visible: running
    }

    MouseArea {
        objectName: "thumbnailArea"
        anchors.fill: parent
        cursorShape: Qt.PointingHandCursor
        hoverEnabled: true
        ToolTip.visible: containsMouse
        ToolTip.delay: 600
        ToolTip.text: qsTr("Open %1").arg(root.fileName)
        onClicked: root.openRequested()
    }
}
