import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// The signed-in desk: sidebar (queue, my chats, search), the open conversation, and the
// visitor's details. Keyboard shortcuts for the moves an agent makes all day.
Item {
    id: root

    // Which page fills the middle: "chat", "canned" or "admin".
    property string page: "chat"

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        ConnectionBanner {
            Layout.fillWidth: true
            state: AgentDesk.connection.state
            problemMessage: AgentDesk.connection.problemMessage
            attempt: AgentDesk.connection.reconnectAttempt
            unsent: AgentDesk.outbox.size
            onRetryRequested: AgentDesk.connection.retryNow()
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            Sidebar {
                id: sidebar

                Layout.preferredWidth: 300
                Layout.fillHeight: true
                page: root.page
                onPageRequested: name => root.page = name
                onSettingsRequested: settingsDialog.open()
            }

            Rectangle {
                Layout.fillHeight: true
                implicitWidth: 1
                color: Theme.border
            }

            StackLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                currentIndex: root.page === "canned" ? 1 : root.page === "admin" && AgentDesk.me.isAdmin ? 2 : 0

                RowLayout {
                    spacing: 0

                    ConversationPane {
                        id: conversationPane

                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        onTransferRequested: transferDialog.open()
                    }

                    Rectangle {
                        Layout.fillHeight: true
                        implicitWidth: 1
                        color: Theme.border
                        visible: visitorPanel.visible
                    }

                    VisitorPanel {
                        id: visitorPanel

                        Layout.preferredWidth: 300
                        Layout.fillHeight: true
                        visible: AgentDesk.current.isOpen && root.width > 1100
                        details: AgentDesk.visitor
                        onConversationRequested: id => AgentDesk.navigator.open(id)
                    }
                }

                CannedResponsesPage {
                    model: AgentDesk.canned
                    onCloseRequested: root.page = "chat"
                }

                // Created only for admins: other agents get no metrics feed and a 403 from the API.
                Loader {
                    active: AgentDesk.me.isAdmin

                    sourceComponent: AdminPage {
                        dashboard: AgentDesk.dashboard
                        onCloseRequested: root.page = "chat"
                    }
                }
            }
        }
    }

    NoticeBar {
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
        anchors.bottomMargin: 96
        text: AgentDesk.notice
        onDismissed: AgentDesk.dismissNotice()
    }

    TransferDialog {
        id: transferDialog

        anchors.centerIn: parent
        agents: AgentDesk.transferTargets
        departments: AgentDesk.transferTargets.departments
        visitorName: AgentDesk.current.visitorName
        onTransferToAgent: (agentId, note) => AgentDesk.conversationActions.transferToAgent(AgentDesk.current.conversationId, agentId, note)
        onTransferToDepartment: (departmentId, note) => AgentDesk.conversationActions.transferToDepartment(AgentDesk.current.conversationId, departmentId, note)
    }

    SettingsDialog {
        id: settingsDialog

        anchors.centerIn: parent
        settings: AgentDesk.settings
        agentEmail: AgentDesk.me.email
        serverVersion: AgentDesk.connection.serverVersion
        onSignOutRequested: AgentDesk.signOut()
    }

    Shortcut {
        sequence: "Ctrl+N"
        onActivated: {
            root.page = "chat";
            AgentDesk.conversationActions.acceptNextWaiting();
        }
    }
    Shortcut {
        sequences: ["Ctrl+Tab", "Ctrl+PgDown", "Alt+Down"]
        onActivated: {
            root.page = "chat";
            AgentDesk.navigator.openNeighbour(1);
        }
    }
    Shortcut {
        sequences: ["Ctrl+Shift+Tab", "Ctrl+PgUp", "Alt+Up"]
        onActivated: {
            root.page = "chat";
            AgentDesk.navigator.openNeighbour(-1);
        }
    }
    Shortcut {
        sequence: "Ctrl+W"
        enabled: AgentDesk.current.isMine
        onActivated: AgentDesk.conversationActions.close(AgentDesk.current.conversationId)
    }
    Shortcut {
        sequence: "Ctrl+T"
        enabled: AgentDesk.current.isMine
        onActivated: transferDialog.open()
    }
    Shortcut {
        sequences: ["Ctrl+F", "Ctrl+K"]
        onActivated: sidebar.focusSearch()
    }
    Shortcut {
        sequence: "Ctrl+,"
        onActivated: settingsDialog.open()
    }
}
