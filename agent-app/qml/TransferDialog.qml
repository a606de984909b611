import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// Hand the conversation to a colleague who is online or away, or to the queue of one of the
// departments of its site, with an optional note only the team will see.
Dialog {
    id: root

    property var agents: null
    property var departments: []
    property string visitorName
    property string chosenAgentId
    property string chosenDepartmentId

    signal transferToAgent(string agentId, string note)
    signal transferToDepartment(string departmentId, string note)

    title: qsTr("Transfer chat")
    modal: true
    width: 440
    padding: 20
    standardButtons: Dialog.Cancel | Dialog.Ok
    onAboutToShow: {
        chosenAgentId = "";
        chosenDepartmentId = "";
        noteField.clear();
    }
    onAccepted: {
        if (chosenAgentId !== "")
            root.transferToAgent(chosenAgentId, noteField.text);
        else if (chosenDepartmentId !== "")
            root.transferToDepartment(chosenDepartmentId, noteField.text);
    }
    Component.onCompleted: standardButton(Dialog.Ok).text = qsTr("Transfer")

    background: Rectangle {
        radius: 14
        color: Theme.surfaceRaised
        border.color: Theme.border
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 10

        Label {
            objectName: "transferWho"
            Layout.fillWidth: true
            textFormat: Text.PlainText
            text: qsTr("Hand %1 to a colleague. They see the whole conversation.").arg(root.visitorName)
            wrapMode: Text.Wrap
            color: Theme.text
        }

        Label {
            textFormat: Text.PlainText
            text: qsTr("Colleagues available")
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize
            font.weight: Font.DemiBold
        }
        Label {
            textFormat: Text.PlainText
            Layout.fillWidth: true
            visible: !root.agents || root.agents.count === 0
            text: qsTr("No colleague is online right now.")
            color: Theme.textMuted
            wrapMode: Text.Wrap
        }
        ListView {
            objectName: "agentList"
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(contentHeight, 220)
            clip: true
            model: root.agents

            delegate: ItemDelegate {
                id: agentItem

                required property string agentId
                required property string name
                required property string status
                required property int activeChats
                required property int maxChats

                width: ListView.view.width
                highlighted: root.chosenAgentId === agentItem.agentId
                onClicked: {
                    root.chosenAgentId = agentItem.agentId;
                    root.chosenDepartmentId = "";
                }
                background: Rectangle {
                    radius: 8
                    color: agentItem.highlighted ? Theme.selected : agentItem.hovered ? Theme.hover : "transparent"
                }
                contentItem: RowLayout {
                    spacing: 10

                    Avatar {
                        name: agentItem.name
                        size: 28
                        status: agentItem.status
                    }
                    Label {
                        Layout.fillWidth: true
                        text: agentItem.name
                        textFormat: Text.PlainText
                        color: Theme.text
                    }
                    Label {
                        textFormat: Text.PlainText
                        text: qsTr("%1 of %2 chats").arg(agentItem.activeChats).arg(agentItem.maxChats)
                        color: Theme.textMuted
                        font.pixelSize: Theme.smallFontSize
                    }
                }
            }
        }

        Label {
            textFormat: Text.PlainText
            visible: root.departments.length > 0
            text: qsTr("Or a department's queue")
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize
            font.weight: Font.DemiBold
        }
        Flow {
            objectName: "departmentChoices"
            Layout.fillWidth: true
            visible: root.departments.length > 0
            spacing: 6

            Repeater {
                model: root.departments

                FlatButton {
                    id: department

                    required property var modelData

                    text: department.modelData.name
                    checkable: true
                    checked: root.chosenDepartmentId === department.modelData.departmentId
                    onClicked: {
                        root.chosenDepartmentId = department.modelData.departmentId;
                        root.chosenAgentId = "";
                    }
                }
            }
        }

        Label {
            textFormat: Text.PlainText
            text: qsTr("Note for the colleague (optional)")
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize
            font.weight: Font.DemiBold
        }
        TextArea {
            id: noteField

            objectName: "noteField"
            Layout.fillWidth: true
            Layout.preferredHeight: 72
            wrapMode: TextEdit.Wrap
            textFormat: TextEdit.PlainText
            placeholderText: qsTr("What have you tried, what do they need?")
        }
    }
}
