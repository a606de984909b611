import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// The left column: who I am and my presence, search, the waiting queue, my chats, the offline
// messages, the team, and links to canned responses, settings and (admins) the admin area.
Rectangle {
    id: root

    property string page: "chat"

    signal pageRequested(string name)
    signal settingsRequested

    function focusSearch() {
        searchField.forceActiveFocus();
        searchField.selectAll();
    }

    color: Theme.sidebar

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        // Me and my presence.
        RowLayout {
            Layout.fillWidth: true
            Layout.margins: 14
            Layout.bottomMargin: 10
            spacing: 10

            Avatar {
                name: AgentDesk.me.name
                size: 36
                status: AgentDesk.me.presence
            }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 0

                Label {
                    Layout.fillWidth: true
                    text: AgentDesk.me.name
                    textFormat: Text.PlainText
                    elide: Text.ElideRight
                    font.weight: Font.DemiBold
                    color: Theme.text
                }
                PresenceSwitch {
                    presence: AgentDesk.me.presence
                    automatic: AgentDesk.me.autoAway
                    onPresenceRequested: status => AgentDesk.me.setPresence(status)
                }
            }
        }

        TextInputField {
            id: searchField

            objectName: "searchField"
            Layout.fillWidth: true
            Layout.leftMargin: 12
            Layout.rightMargin: 12
            Layout.bottomMargin: 8
            implicitHeight: 36
            placeholderText: qsTr("Search messages  (Ctrl+F)")
            text: AgentDesk.search.query
            onTextEdited: AgentDesk.search.query = text
            Keys.onEscapePressed: AgentDesk.search.clear()
        }

        SearchPanel {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: AgentDesk.search.query !== ""
            model: AgentDesk.search
            onResultChosen: row => {
                root.pageRequested("chat");
                AgentDesk.navigator.openSearchResult(row);
            }
        }

        Flickable {
            id: lists

            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: AgentDesk.search.query === ""
            clip: true
            contentWidth: width
            contentHeight: listsColumn.implicitHeight
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {
            }

            ColumnLayout {
                id: listsColumn

                width: lists.width
                spacing: 0

                SidebarSection {
                    Layout.fillWidth: true
                    title: qsTr("Waiting")
                    count: AgentDesk.queue.count
                    detail: AgentDesk.queue.count > 0 ? qsTr("up to %1").arg(AgentDesk.queue.oldestWaitText) : ""
                    actionText: AgentDesk.queue.count > 0 ? qsTr("Accept next") : ""
                    actionToolTip: qsTr("Accept the chat that has waited longest (Ctrl+N)")
                    onActionTriggered: {
                        root.pageRequested("chat");
                        AgentDesk.conversationActions.acceptNextWaiting();
                    }
                }
                Label {
                    textFormat: Text.PlainText
                    Layout.fillWidth: true
                    Layout.leftMargin: 16
                    Layout.bottomMargin: 8
                    visible: AgentDesk.queue.count === 0
                    text: qsTr("No one is waiting.")
                    color: Theme.textMuted
                    font.pixelSize: Theme.smallFontSize
                }
                Repeater {
                    model: AgentDesk.queue

                    QueueDelegate {
                        id: queueItem

                        Layout.fillWidth: true
                        selected: AgentDesk.current.conversationId === queueItem.conversationId && root.page === "chat"
                        onOpenRequested: {
                            root.pageRequested("chat");
                            AgentDesk.navigator.open(queueItem.conversationId);
                        }
                        onAcceptRequested: {
                            root.pageRequested("chat");
                            AgentDesk.conversationActions.accept(queueItem.conversationId);
                        }
                    }
                }

                SidebarSection {
                    Layout.fillWidth: true
                    Layout.topMargin: 8
                    title: qsTr("My chats")
                    count: AgentDesk.conversations.count
                    detail: AgentDesk.conversations.totalUnread > 0 ? qsTr("%1 unread").arg(AgentDesk.conversations.totalUnread) : ""
                }
                Label {
                    textFormat: Text.PlainText
                    Layout.fillWidth: true
                    Layout.leftMargin: 16
                    Layout.rightMargin: 16
                    Layout.bottomMargin: 8
                    visible: AgentDesk.conversations.count === 0
                    wrapMode: Text.Wrap
                    text: AgentDesk.me.presence === "online" ? qsTr("New chats are assigned to you automatically.") : qsTr("Go online to receive chats automatically.")
                    color: Theme.textMuted
                    font.pixelSize: Theme.smallFontSize
                }
                Repeater {
                    model: AgentDesk.conversations

                    ConversationDelegate {
                        id: chatItem

                        Layout.fillWidth: true
                        selected: AgentDesk.current.conversationId === chatItem.conversationId && root.page === "chat"
                        onOpenRequested: {
                            root.pageRequested("chat");
                            AgentDesk.navigator.open(chatItem.conversationId);
                        }
                    }
                }

                SidebarSection {
                    objectName: "offlineSection"
                    Layout.fillWidth: true
                    Layout.topMargin: 8
                    title: qsTr("Offline messages")
                    count: AgentDesk.offlineInbox.newCount
                    countStandsOut: true
                    detail: AgentDesk.offlineInbox.count > AgentDesk.offlineInbox.newCount ? qsTr("%1 claimed").arg(AgentDesk.offlineInbox.count - AgentDesk.offlineInbox.newCount) : ""
                }
                Label {
                    textFormat: Text.PlainText
                    Layout.fillWidth: true
                    Layout.leftMargin: 16
                    Layout.bottomMargin: 8
                    visible: AgentDesk.offlineInbox.count === 0
                    text: qsTr("No messages left while the team was away.")
                    color: Theme.textMuted
                    font.pixelSize: Theme.smallFontSize
                    wrapMode: Text.Wrap
                }
                Repeater {
                    model: AgentDesk.offlineInbox

                    OfflineMessageDelegate {
                        id: offlineItem

                        Layout.fillWidth: true
                        selected: AgentDesk.current.conversationId === offlineItem.conversationId && root.page === "chat"
                        onOpenRequested: {
                            root.pageRequested("chat");
                            AgentDesk.navigator.open(offlineItem.conversationId);
                        }
                    }
                }

                SidebarSection {
                    Layout.fillWidth: true
                    Layout.topMargin: 8
                    title: qsTr("Team")
                    count: AgentDesk.team.onlineCount
                    detail: qsTr("online of %1").arg(AgentDesk.team.count)
                }
                Repeater {
                    model: AgentDesk.team

                    TeamDelegate {
                        Layout.fillWidth: true
                    }
                }
                Item {
                    Layout.preferredHeight: 12
                }
            }
        }

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: 1
            color: Theme.border
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.margins: 8
            spacing: 4

            FlatButton {
                objectName: "cannedButton"
                text: qsTr("Canned responses")
                checked: root.page === "canned"
                onClicked: root.pageRequested(root.page === "canned" ? "chat" : "canned")
            }
            FlatButton {
                objectName: "adminButton"
                visible: AgentDesk.me.isAdmin
                text: qsTr("Admin")
                checked: root.page === "admin"
                onClicked: root.pageRequested(root.page === "admin" ? "chat" : "admin")
            }
            Item {
                Layout.fillWidth: true
            }
            FlatButton {
                text: qsTr("Settings")
                toolTip: qsTr("Theme, sound, automatic away, sign out (Ctrl+,)")
                onClicked: root.settingsRequested()
            }
        }
    }
}
