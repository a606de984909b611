import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// Shown across the top while the connection is down: what is happening, unsent messages,
// and a way to retry at once.
Rectangle {
    id: root

    property int state: Connection.Online
    property string problemMessage
    property int attempt: 0
    property int unsent: 0

    signal retryRequested

    visible: state === Connection.Reconnecting
    implicitHeight: visible ? 40 : 0
    color: Theme.warningSoft

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 16
        anchors.rightMargin: 12
        spacing: 10

        BusyIndicator {
            implicitWidth: 20
            implicitHeight: 20
            running: root.visible
        }
        Label {
            objectName: "bannerLabel"
            Layout.fillWidth: true
            elide: Text.ElideRight
            textFormat: Text.PlainText
            color: Theme.warning
            font.weight: Font.DemiBold
            text: {
                let line = qsTr("Connection lost \u2014 reconnecting");
                if (root.attempt > 1)
                    line += qsTr(" (attempt %1)").arg(root.attempt);
                if (root.unsent > 0)
                    line += qsTr(" \u00B7 %n message(s) waiting to be sent", "", root.unsent);
                return line;
            }
        }
        FlatButton {
            text: qsTr("Retry now")
            accent: true
            onClicked: root.retryRequested()
        }
    }
}
