import QtQuick
import QtQuick.Controls
import ChatAgent

// The window: the sign-in page until the agent is signed in, then the desk.
ApplicationWindow {
    id: root

    width: 1320
    height: 820
    minimumWidth: 900
    minimumHeight: 560
    visible: true
    title: AgentDesk.notifier.unread > 0 ? qsTr("(%1) Chat Agent").arg(AgentDesk.notifier.unread) : qsTr("Chat Agent")
    color: Theme.window
    font.family: Theme.fontFamily
    font.pixelSize: Theme.fontSize

    palette.window: Theme.window
    palette.windowText: Theme.text
    palette.base: Theme.surface
    palette.alternateBase: Theme.sidebar
    palette.text: Theme.text
    palette.button: Theme.surfaceRaised
    palette.buttonText: Theme.text
    palette.highlight: Theme.accent
    palette.highlightedText: Theme.accentText
    palette.placeholderText: Theme.textMuted
    palette.mid: Theme.border
    palette.dark: Theme.border
    palette.light: Theme.surface
    palette.midlight: Theme.hover
    palette.shadow: Theme.border
    palette.toolTipBase: Theme.surfaceRaised
    palette.toolTipText: Theme.text

    Binding {
        target: Theme
        property: "choice"
        value: AgentDesk.settings.theme
    }

    Connections {
        target: AgentDesk.notifier
        function onActivationRequested() {
            root.show();
            root.raise();
            root.requestActivate();
        }
    }

    Loader {
        anchors.fill: parent
        sourceComponent: AgentDesk.signedIn ? deskComponent : signInComponent
    }

    Component {
        id: signInComponent

        SignInPage {
            serverUrl: AgentDesk.settings.serverUrl
            email: AgentDesk.settings.email
            busy: AgentDesk.connection.state === Connection.Connecting
            errorText: AgentDesk.notice !== "" ? AgentDesk.notice : AgentDesk.connection.problemMessage
            onSignInRequested: (server, email, password) => AgentDesk.signIn(server, email, password)
        }
    }

    Component {
        id: deskComponent

        DeskPage {
        }
    }
}
