import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// Everything known about the visitor of the open conversation.
Rectangle {
    id: root

    property var details: null

    signal conversationRequested(string conversationId)

    color: Theme.window

    Flickable {
        anchors.fill: parent
        contentWidth: width
        contentHeight: column.implicitHeight + 40
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {
        }

        ColumnLayout {
            id: column

            x: 20
            y: 24
            width: parent.width - 40
            spacing: 18

            ColumnLayout {
                Layout.fillWidth: true
                spacing: 6

                Avatar {
                    Layout.alignment: Qt.AlignHCenter
                    name: root.details ? root.details.name : ""
                    size: 64
                }
                Label {
                    objectName: "visitorName"
                    Layout.fillWidth: true
                    horizontalAlignment: Text.AlignHCenter
                    text: root.details ? root.details.name : ""
                    textFormat: Text.PlainText
                    elide: Text.ElideRight
                    font.pixelSize: Theme.titleFontSize
                    font.weight: Font.DemiBold
                    color: Theme.text
                }
                Label {
                    objectName: "visitorEmail"
                    Layout.fillWidth: true
                    horizontalAlignment: Text.AlignHCenter
                    visible: text !== ""
                    text: root.details ? root.details.email : ""
                    textFormat: Text.PlainText
                    elide: Text.ElideMiddle
                    color: Theme.textMuted
                }
            }

            ColumnLayout {
                Layout.fillWidth: true
                spacing: 10

                InfoRow {
                    objectName: "localTimeRow"
                    Layout.fillWidth: true
                    label: qsTr("Local time")
                    value: root.details ? root.details.localTime : ""
                }
                InfoRow {
                    Layout.fillWidth: true
                    label: qsTr("Language")
                    value: root.details ? root.details.language : ""
                }
                InfoRow {
                    objectName: "browserRow"
                    Layout.fillWidth: true
                    label: qsTr("Browser")
                    value: root.details ? root.details.browser : ""
                }
            }

            ColumnLayout {
                Layout.fillWidth: true
                spacing: 6
                visible: root.details && root.details.pageUrl !== ""

                Label {
                    textFormat: Text.PlainText
                    text: qsTr("NOW ON")
                    color: Theme.textMuted
                    font.pixelSize: 11
                    font.weight: Font.Bold
                    font.letterSpacing: 0.8
                }
                Rectangle {
                    Layout.fillWidth: true
                    implicitHeight: nowColumn.implicitHeight + 20
                    radius: 10
                    color: Theme.surface
                    border.color: Theme.border

                    ColumnLayout {
                        id: nowColumn

                        anchors.fill: parent
                        anchors.margins: 10
                        spacing: 2

                        Label {
                            objectName: "pageTitle"
                            Layout.fillWidth: true
                            text: root.details ? root.details.pageTitle : ""
                            textFormat: Text.PlainText
                            elide: Text.ElideRight
                            font.weight: Font.DemiBold
                            color: Theme.text
                        }
                        Label {
                            Layout.fillWidth: true
                            text: root.details ? root.details.pageUrl : ""
                            textFormat: Text.PlainText
                            elide: Text.ElideMiddle
                            color: Theme.accent
                            font.pixelSize: Theme.smallFontSize
                        }
                    }
                }
            }

            ColumnLayout {
                Layout.fillWidth: true
                spacing: 6
                visible: root.details && root.details.pages.length > 1

                Label {
                    textFormat: Text.PlainText
                    text: qsTr("PAGES VISITED")
                    color: Theme.textMuted
                    font.pixelSize: 11
                    font.weight: Font.Bold
                    font.letterSpacing: 0.8
                }
                Repeater {
                    model: root.details ? root.details.pages.slice(0, 8) : []

                    RowLayout {
                        id: visit

                        required property var modelData

                        Layout.fillWidth: true
                        spacing: 8

                        Rectangle {
                            implicitWidth: 6
                            implicitHeight: 6
                            radius: 3
                            color: Theme.border
                        }
                        Label {
                            Layout.fillWidth: true
                            text: visit.modelData.title
                            textFormat: Text.PlainText
                            elide: Text.ElideRight
                            color: Theme.text
                            font.pixelSize: 13
                        }
                        Label {
                            textFormat: Text.PlainText
                            text: visit.modelData.time
                            color: Theme.textMuted
                            font.pixelSize: 11
                        }
                    }
                }
            }

            ColumnLayout {
                Layout.fillWidth: true
                spacing: 6

                Label {
                    textFormat: Text.PlainText
                    text: qsTr("EARLIER CONVERSATIONS")
                    color: Theme.textMuted
                    font.pixelSize: 11
                    font.weight: Font.Bold
                    font.letterSpacing: 0.8
                }
                Label {
                    textFormat: Text.PlainText
                    objectName: "earlierEmpty"
                    Layout.fillWidth: true
                    visible: root.details && root.details.earlierConversations.length === 0
                    wrapMode: Text.Wrap
                    text: !root.details ? "" : root.details.earlierLoading ? qsTr("Loading\u2026") : root.details.earlierError !== "" ? root.details.earlierError : qsTr("This is their first conversation.")
                    color: Theme.textMuted
                    font.pixelSize: 13
                }
                Repeater {
                    model: root.details ? root.details.earlierConversations : []

                    ItemDelegate {
                        id: earlier

                        required property var modelData

                        Layout.fillWidth: true
                        hoverEnabled: true
                        onClicked: root.conversationRequested(earlier.modelData.conversationId)
                        background: Rectangle {
                            radius: 8
                            color: earlier.hovered ? Theme.hover : Theme.surface
                            border.color: Theme.border
                        }
                        contentItem: RowLayout {
                            spacing: 8

                            Label {
                                Layout.fillWidth: true
                                text: earlier.modelData.when
                                textFormat: Text.PlainText
                                color: Theme.text
                                font.pixelSize: 13
                            }
                            Label {
                                text: earlier.modelData.agentName !== "" ? earlier.modelData.agentName : earlier.modelData.status
                                textFormat: Text.PlainText
                                color: Theme.textMuted
                                font.pixelSize: Theme.smallFontSize
                            }
                        }
                    }
                }
            }
        }
    }
}
