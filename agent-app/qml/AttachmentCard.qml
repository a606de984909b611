import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// An attached file that is not an image: its kind, name and size, and Open and Save buttons.
Rectangle {
    id: root

    property string fileName
    property string sizeText
    property bool busy: false

    signal openRequested
    signal saveRequested

    implicitWidth: Math.min(440, row.implicitWidth + 20)
    implicitHeight: row.implicitHeight + 16
    radius: 10
    color: Theme.surface
    border.width: 1
    border.color: Theme.border

    RowLayout {
        id: row

        anchors.fill: parent
        anchors.margins: 8
        anchors.leftMargin: 10
        spacing: 10

        Rectangle {
            Layout.preferredWidth: 38
            Layout.preferredHeight: 44
            radius: 6
            color: Theme.accentSoft

            Label {
                anchors.centerIn: parent
                width: parent.width - 4
                horizontalAlignment: Text.AlignHCenter
                elide: Text.ElideRight
                textFormat: Text.PlainText
                text: {
                    const dot = root.fileName.lastIndexOf(".");
                    return dot > 0 && dot > root.fileName.length - 6 ? root.fileName.substring(dot + 1).toUpperCase() : qsTr("FILE");
                }
                color: Theme.accent
                font.pixelSize: 10
                font.weight: Font.Bold
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.maximumWidth: 260
            spacing: 2

            Label {
                objectName: "fileNameLabel"
                Layout.fillWidth: true
                text: root.fileName
                textFormat: Text.PlainText
                elide: Text.ElideMiddle
                color: Theme.text
                font.weight: Font.DemiBold
            }
            Label {
                objectName: "fileSizeLabel"
                text: root.busy ? qsTr("Fetching\u2026") : root.sizeText
                textFormat: Text.PlainText
                color: Theme.textMuted
                font.pixelSize: Theme.smallFontSize
            }
        }
        FlatButton {
            objectName: "openFileButton"
            text: qsTr("Open")
            accent: true
            enabled: !root.busy
            toolTip: qsTr("Open with the program this computer uses for it")
            onClicked: root.openRequested()
        }
        FlatButton {
            objectName: "saveFileButton"
            text: qsTr("Save\u2026")
            enabled: !root.busy
            toolTip: qsTr("Save a copy where you choose")
            onClicked: root.saveRequested()
        }
    }
}
