import QtQuick
import ChatAgent

// The app's mark: a speech bubble on the accent colour.
Rectangle {
    id: root

    property int size: 56

    implicitWidth: size
    implicitHeight: size
    radius: size * 0.28
    color: Theme.accent

    Rectangle {
        id: bubble

        x: root.size * 0.2
        y: root.size * 0.24
        width: root.size * 0.6
        height: root.size * 0.42
        radius: height * 0.35
        color: "white"
    }
    Rectangle {
        x: root.size * 0.28
        y: root.size * 0.56
        width: root.size * 0.16
        height: width
        rotation: 45
        color: "white"
    }
    Row {
        anchors.centerIn: bubble
        spacing: root.size * 0.07

        Repeater {
            model: 3

            Rectangle {
                width: root.size * 0.08
                height: width
                radius: width / 2
                color: Theme.accent
            }
        }
    }
}
