import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// Canned responses: the team's shared ones (admins change them) and the agent's own. List, add,
// edit, delete. Type "/shortcut" in a reply to use one.
Rectangle {
    id: root

    property var model: null
    property string editingId
    // Only admins add or change the shared ones; everyone else's new responses are their own.
    readonly property bool canShare: AgentDesk.me.isAdmin

    signal closeRequested

    function edit(responseId, shortcut, title, body) {
        root.editingId = responseId;
        shortcutField.text = shortcut;
        titleField.text = title;
        bodyField.text = body;
        shortcutField.forceActiveFocus();
    }

    color: Theme.surface

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 28
        spacing: 16

        RowLayout {
            Layout.fillWidth: true

            ColumnLayout {
                Layout.fillWidth: true
                spacing: 2

                Label {
                    textFormat: Text.PlainText
                    text: qsTr("Canned responses")
                    font.pixelSize: 22
                    font.weight: Font.DemiBold
                    color: Theme.text
                }
                Label {
                    textFormat: Text.PlainText
                    text: qsTr("Shared ones are for the whole team; your own only you see. Type /shortcut in a reply to insert one.")
                    color: Theme.textMuted
                }
            }
            FlatButton {
                text: qsTr("Back to chats")
                onClicked: root.closeRequested()
            }
        }

        Label {
            textFormat: Text.PlainText
            Layout.fillWidth: true
            visible: root.model && !root.model.available
            text: root.model && root.model.lastError !== "" ? root.model.lastError : qsTr("Loading\u2026")
            color: Theme.warning
            wrapMode: Text.Wrap
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 24
            enabled: root.model && root.model.available

            ListView {
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: 8
                model: root.model
                ScrollBar.vertical: ScrollBar {
                }

                delegate: Rectangle {
                    id: item

                    required property string responseId
                    required property string shortcut
                    required property string title
                    required property string body
                    required property bool personal
                    readonly property bool changeable: personal || root.canShare

                    width: ListView.view.width
                    implicitHeight: itemColumn.implicitHeight + 20
                    radius: 10
                    color: root.editingId === responseId ? Theme.selected : Theme.window
                    border.color: Theme.border

                    ColumnLayout {
                        id: itemColumn

                        anchors.fill: parent
                        anchors.margins: 10
                        spacing: 4

                        RowLayout {
                            Layout.fillWidth: true

                            Label {
                                text: "/" + item.shortcut
                                textFormat: Text.PlainText
                                color: Theme.accent
                                font.weight: Font.DemiBold
                            }
                            Label {
                                Layout.fillWidth: true
                                text: item.title
                                textFormat: Text.PlainText
                                elide: Text.ElideRight
                                color: Theme.text
                            }
                            Label {
                                objectName: "personalTag"
                                visible: item.personal
                                text: qsTr("Only you")
                                textFormat: Text.PlainText
                                color: Theme.textMuted
                            }
                            FlatButton {
                                visible: item.changeable
                                text: qsTr("Edit")
                                onClicked: root.edit(item.responseId, item.shortcut, item.title, item.body)
                            }
                            FlatButton {
                                visible: item.changeable
                                objectName: "deleteButton"
                                text: qsTr("Delete")
                                danger: true
                                onClicked: root.model.remove(item.responseId)
                            }
                        }
                        Label {
                            Layout.fillWidth: true
                            text: item.body
                            textFormat: Text.PlainText
                            wrapMode: Text.Wrap
                            maximumLineCount: 3
                            elide: Text.ElideRight
                            color: Theme.textMuted
                        }
                    }
                }
            }

            Rectangle {
                Layout.preferredWidth: 360
                Layout.alignment: Qt.AlignTop
                implicitHeight: form.implicitHeight + 32
                radius: 12
                color: Theme.window
                border.color: Theme.border

                ColumnLayout {
                    id: form

                    anchors.fill: parent
                    anchors.margins: 16
                    spacing: 8

                    Label {
                        textFormat: Text.PlainText
                        text: root.editingId === "" ? qsTr("New response") : qsTr("Edit response")
                        font.weight: Font.DemiBold
                        color: Theme.text
                    }
                    TextInputField {
                        id: shortcutField

                        objectName: "shortcutField"
                        Layout.fillWidth: true
                        placeholderText: qsTr("shortcut, e.g. refund")
                        validator: RegularExpressionValidator {
                            regularExpression: /[a-z0-9_-]{0,32}/
                        }
                    }
                    TextInputField {
                        id: titleField

                        objectName: "titleField"
                        Layout.fillWidth: true
                        placeholderText: qsTr("Title (optional)")
                    }
                    TextArea {
                        id: bodyField

                        objectName: "bodyField"
                        Layout.fillWidth: true
                        Layout.preferredHeight: 140
                        wrapMode: TextEdit.Wrap
                        textFormat: TextEdit.PlainText
                        placeholderText: qsTr("The text to insert")
                    }
                    Switch {
                        id: personalSwitch

                        objectName: "personalSwitch"
                        visible: root.editingId === ""
                        enabled: root.canShare
                        checked: !root.canShare
                        text: qsTr("Only for me")
                    }
                    RowLayout {
                        Layout.fillWidth: true

                        FlatButton {
                            visible: root.editingId !== ""
                            text: qsTr("Cancel")
                            onClicked: root.edit("", "", "", "")
                        }
                        Item {
                            Layout.fillWidth: true
                        }
                        FlatButton {
                            objectName: "saveButton"
                            text: qsTr("Save")
                            filled: true
                            enabled: shortcutField.text !== "" && bodyField.text.trim() !== ""
                            onClicked: {
                                root.model.save(root.editingId, shortcutField.text, titleField.text, bodyField.text, personalSwitch.checked || !root.canShare);
                                root.edit("", "", "", "");
                            }
                        }
                    }
                }
            }
        }
    }
}
