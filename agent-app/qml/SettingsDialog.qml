import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// Preferences: theme, sound, message text in notifications, automatic away, presence on sign-in; and signing out.
Dialog {
    id: root

    property var settings: null
    property string agentEmail
    property string serverVersion

    signal signOutRequested

    title: qsTr("Settings")
    modal: true
    width: 420
    padding: 20
    standardButtons: Dialog.Close

    background: Rectangle {
        radius: 14
        color: Theme.surfaceRaised
        border.color: Theme.border
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 14

        Label {
            textFormat: Text.PlainText
            text: qsTr("Appearance")
            font.weight: Font.DemiBold
            color: Theme.text
        }
        RowLayout {
            spacing: 6

            Repeater {
                model: [qsTr("System"), qsTr("Light"), qsTr("Dark")]

                FlatButton {
                    id: themeChoice

                    required property int index
                    required property string modelData

                    objectName: "themeButton" + themeChoice.index
                    text: themeChoice.modelData
                    checkable: true
                    checked: root.settings && root.settings.theme === themeChoice.index
                    onClicked: root.settings.theme = themeChoice.index
                }
            }
        }

        Switch {
            objectName: "mutedSwitch"
            text: qsTr("Mute notification sound")
            checked: root.settings ? root.settings.muted : false
            onToggled: root.settings.muted = checked
        }
        Switch {
            objectName: "messageTextSwitch"
            text: qsTr("Show message text in notifications")
            checked: root.settings ? root.settings.showMessageText : false
            onToggled: root.settings.showMessageText = checked
        }
        Switch {
            objectName: "onlineOnSignInSwitch"
            text: qsTr("Go online when I sign in")
            checked: root.settings ? root.settings.onlineOnSignIn : true
            onToggled: root.settings.onlineOnSignIn = checked
        }
        RowLayout {
            spacing: 10

            Label {
                textFormat: Text.PlainText
                Layout.fillWidth: true
                text: qsTr("Set me away after (minutes idle, 0 = never)")
                wrapMode: Text.Wrap
                color: Theme.text
            }
            SpinBox {
                objectName: "autoAwaySpinBox"
                from: 0
                to: 240
                value: root.settings ? root.settings.autoAwayMinutes : 10
                onValueModified: root.settings.autoAwayMinutes = value
            }
        }

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: 1
            color: Theme.border
        }
        RowLayout {
            Layout.fillWidth: true

            ColumnLayout {
                Layout.fillWidth: true
                spacing: 0

                Label {
                    text: root.agentEmail
                    textFormat: Text.PlainText
                    color: Theme.text
                }
                Label {
                    textFormat: Text.PlainText
                    text: qsTr("Server %1").arg(root.serverVersion)
                    color: Theme.textMuted
                    font.pixelSize: Theme.smallFontSize
                }
            }
            FlatButton {
                objectName: "signOutButton"
                text: qsTr("Sign out")
                danger: true
                onClicked: {
                    root.close();
                    root.signOutRequested();
                }
            }
        }
    }
}
