import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// Sign-in: server address, email and password. Shows why the last attempt failed.
Rectangle {
    id: root

    property string serverUrl
    property string email
    property bool busy: false
    property string errorText

    signal signInRequested(string server, string email, string password)

    function submit() {
        if (!signInButton.enabled)
            return;
        root.signInRequested(serverField.text.trim(), emailField.text.trim(), passwordField.text);
    }

    color: Theme.window

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(400, parent.width - 48)
        spacing: 24

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 10

            AppLogo {
                Layout.alignment: Qt.AlignHCenter
                Layout.bottomMargin: 6
            }
            Label {
                textFormat: Text.PlainText
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("Sign in to Chat Agent")
                font.pixelSize: 24
                font.weight: Font.DemiBold
                color: Theme.text
            }
            Label {
                textFormat: Text.PlainText
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("Answer your website's visitors in real time.")
                color: Theme.textMuted
            }
        }

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: form.implicitHeight + 48
            radius: 14
            color: Theme.surface
            border.color: Theme.border

            ColumnLayout {
                id: form

                anchors.fill: parent
                anchors.margins: 24
                spacing: 6

                Label {
                    textFormat: Text.PlainText
                    text: qsTr("Server")
                    color: Theme.textMuted
                    font.pixelSize: Theme.smallFontSize
                    font.weight: Font.DemiBold
                }
                TextInputField {
                    id: serverField

                    objectName: "serverField"
                    Layout.fillWidth: true
                    Layout.bottomMargin: 10
                    text: root.serverUrl
                    placeholderText: qsTr("chat.example.com")
                    inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase
                    onAccepted: emailField.forceActiveFocus()
                }
                Label {
                    textFormat: Text.PlainText
                    text: qsTr("Email")
                    color: Theme.textMuted
                    font.pixelSize: Theme.smallFontSize
                    font.weight: Font.DemiBold
                }
                TextInputField {
                    id: emailField

                    objectName: "emailField"
                    Layout.fillWidth: true
                    Layout.bottomMargin: 10
                    text: root.email
                    placeholderText: qsTr("you@example.com")
                    inputMethodHints: Qt.ImhEmailCharactersOnly | Qt.ImhNoAutoUppercase
                    onAccepted: passwordField.forceActiveFocus()
                }
                Label {
                    textFormat: Text.PlainText
                    text: qsTr("Password")
                    color: Theme.textMuted
                    font.pixelSize: Theme.smallFontSize
                    font.weight: Font.DemiBold
                }
                TextInputField {
                    id: passwordField

                    objectName: "passwordField"
                    Layout.fillWidth: true
                    echoMode: TextInput.Password
                    onAccepted: root.submit()
                }

                Rectangle {
                    objectName: "errorBox"
                    Layout.fillWidth: true
                    Layout.topMargin: 12
                    visible: root.errorText !== "" && !root.busy
                    implicitHeight: errorLabel.implicitHeight + 20
                    radius: 8
                    color: Theme.warningSoft

                    Label {
                        id: errorLabel

                        objectName: "errorLabel"
                        anchors.fill: parent
                        anchors.margins: 10
                        text: root.errorText
                        textFormat: Text.PlainText
                        wrapMode: Text.Wrap
                        color: Theme.warning
                    }
                }

                Button {
                    id: signInButton

                    objectName: "signInButton"
                    Layout.fillWidth: true
                    Layout.topMargin: 16
                    implicitHeight: 42
                    enabled: !root.busy && serverField.text.trim() !== "" && emailField.text.trim() !== "" && passwordField.text !== ""
                    text: root.busy ? qsTr("Signing in\u2026") : qsTr("Sign in")
                    onClicked: root.submit()

                    contentItem: Label {
                        textFormat: Text.PlainText
                        text: signInButton.text
                        color: Theme.accentText
                        font.weight: Font.DemiBold
                        horizontalAlignment: Text.AlignHCenter
                        verticalAlignment: Text.AlignVCenter
                    }
                    background: Rectangle {
                        radius: 8
                        color: Theme.accent
                        opacity: signInButton.enabled ? (signInButton.down ? 0.85 : 1) : 0.45
                    }
                }
            }
        }

        Label {
            textFormat: Text.PlainText
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Your password is never stored on this computer.")
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize
        }
    }

    Component.onCompleted: {
        if (serverField.text === "")
            serverField.forceActiveFocus();
        else if (emailField.text === "")
            emailField.forceActiveFocus();
        else
            passwordField.forceActiveFocus();
    }
}
