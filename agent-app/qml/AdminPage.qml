import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// The admins' metrics dashboard: the queue and the team now, today's figures (live), and the
// selected range's queue chart and per-agent table (fetched while the page is shown).
Rectangle {
    id: root

    required property AdminDashboard dashboard
    readonly property LiveFigures live: dashboard.live

    signal closeRequested

    color: Theme.surface

    Binding {
        target: root.dashboard
        property: "active"
        value: root.visible
    }

    component SectionTitle: Label {
        Layout.fillWidth: true
        Layout.topMargin: 8
        textFormat: Text.PlainText
        color: Theme.text
        font.pixelSize: Theme.titleFontSize
        font.weight: Font.DemiBold
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 28
        anchors.rightMargin: 12
        spacing: 12

        RowLayout {
            Layout.fillWidth: true
            Layout.rightMargin: 16

            Label {
                textFormat: Text.PlainText
                objectName: "adminTitle"
                Layout.fillWidth: true
                text: qsTr("Team metrics")
                font.pixelSize: 22
                font.weight: Font.DemiBold
                color: Theme.text
            }
            Label {
                objectName: "liveUnavailable"
                visible: !root.live.available
                textFormat: Text.PlainText
                text: qsTr("Waiting for live figures…")
                color: Theme.textMuted
            }
            FlatButton {
                text: qsTr("Back to chats")
                onClicked: root.closeRequested()
            }
        }

        ScrollView {
            id: scroll

            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: availableWidth
            clip: true

            ColumnLayout {
                width: scroll.availableWidth - 16
                spacing: 12

                SectionTitle {
                    text: qsTr("Right now")
                }
                GridLayout {
                    Layout.fillWidth: true
                    columns: Math.max(2, Math.floor(width / 190))
                    columnSpacing: 10
                    rowSpacing: 10

                    MetricTile {
                        objectName: "tileWaiting"
                        Layout.fillWidth: true
                        label: qsTr("Waiting now")
                        value: root.live.waitingText
                        detail: qsTr("chats in the queue")
                        alert: root.live.waiting > 0
                    }
                    MetricTile {
                        objectName: "tileLongestWait"
                        Layout.fillWidth: true
                        label: qsTr("Longest wait")
                        value: root.live.longestWaitText
                        detail: root.live.longestWaitMs < 0 ? qsTr("nobody waits") : qsTr("and counting")
                    }
                    MetricTile {
                        objectName: "tileInProgress"
                        Layout.fillWidth: true
                        label: qsTr("Chats in progress")
                        value: root.live.inProgressText
                        detail: qsTr("assigned to an agent")
                    }
                    MetricTile {
                        objectName: "tileAgents"
                        Layout.fillWidth: true
                        label: qsTr("Agents online")
                        value: root.live.agentsOnlineText
                        detail: qsTr("%1 away · %2 offline").arg(root.live.agentsAwayText).arg(root.live.agentsOfflineText)
                    }
                }

                SectionTitle {
                    text: qsTr("Today")
                }
                GridLayout {
                    Layout.fillWidth: true
                    columns: Math.max(2, Math.floor(width / 190))
                    columnSpacing: 10
                    rowSpacing: 10

                    MetricTile {
                        objectName: "tileConversations"
                        Layout.fillWidth: true
                        label: qsTr("Conversations")
                        value: root.live.conversationsText
                        detail: qsTr("started today")
                    }
                    MetricTile {
                        objectName: "tileAnswered"
                        Layout.fillWidth: true
                        label: qsTr("Answered")
                        value: root.live.answeredText
                        detail: qsTr("an agent replied")
                    }
                    MetricTile {
                        objectName: "tileMissed"
                        Layout.fillWidth: true
                        label: qsTr("Missed")
                        value: root.live.missedText
                        detail: qsTr("closed without a reply")
                    }
                    MetricTile {
                        objectName: "tileAbandoned"
                        Layout.fillWidth: true
                        label: qsTr("Abandoned")
                        value: root.live.abandonedText
                        detail: qsTr("left while waiting")
                    }
                    MetricTile {
                        objectName: "tileFirstResponse"
                        Layout.fillWidth: true
                        label: qsTr("First response, median")
                        value: root.live.firstResponseMedianText
                        detail: qsTr("time to the first reply")
                    }
                    MetricTile {
                        objectName: "tileFirstResponseP90"
                        Layout.fillWidth: true
                        label: qsTr("First response, p90")
                        value: root.live.firstResponseP90Text
                        detail: qsTr("9 in 10 answered faster")
                    }
                    MetricTile {
                        objectName: "tileServiceLevel"
                        Layout.fillWidth: true
                        label: qsTr("Service level")
                        value: root.live.serviceLevelText
                        detail: root.live.serviceLevelDetail
                    }
                    MetricTile {
                        objectName: "tileRating"
                        Layout.fillWidth: true
                        label: qsTr("Good ratings")
                        value: root.live.goodRatingText
                        detail: root.live.goodRatingDetail
                    }
                }

                SectionTitle {
                    text: qsTr("Range: %1").arg(root.dashboard.range.title)
                }
                RangeBar {
                    Layout.fillWidth: true
                    range: root.dashboard.range
                    report: root.dashboard.report
                    onRefreshRequested: root.dashboard.refresh()
                }
                CsvExportBar {
                    objectName: "csvExportBar"
                    Layout.fillWidth: true
                    dashboard: root.dashboard
                }
                ReportState {
                    objectName: "reportState"
                    Layout.fillWidth: true
                    report: root.dashboard.report
                    onRetryRequested: root.dashboard.refresh()
                }
                Label {
                    objectName: "rangeSummary"
                    Layout.fillWidth: true
                    visible: root.dashboard.report.hasReport
                    textFormat: Text.PlainText
                    text: qsTr("%1 conversations · %2 · queue wait %3").arg(root.dashboard.report.conversationsText).arg(root.dashboard.report.outcomesText).arg(root.dashboard.report.queueWaitText)
                    wrapMode: Text.Wrap
                    color: Theme.textMuted
                }
                QueueChart {
                    objectName: "queueChart"
                    Layout.fillWidth: true
                    series: root.dashboard.series
                }
                AgentMetricsTable {
                    objectName: "agentMetrics"
                    Layout.fillWidth: true
                    Layout.bottomMargin: 16
                    agents: root.dashboard.agents
                }
            }
        }
    }
}
