import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// The queue over the selected range: how many chats waited (mean and most at once) and how
// long they waited (median and p90), per hour or per day.
Rectangle {
    id: root

    required property QueueSeriesModel series

    implicitHeight: column.implicitHeight + 28
    radius: Theme.radius
    color: Theme.surfaceRaised
    border.color: Theme.border

    component LegendItem: Row {
        property alias text: legendLabel.text
        property color color

        spacing: 6

        Rectangle {
            anchors.verticalCenter: parent.verticalCenter
            width: 12
            height: 12
            radius: 3
            color: parent.color
        }
        Label {
            id: legendLabel

            textFormat: Text.PlainText
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize
        }
    }

    ColumnLayout {
        id: column

        anchors.fill: parent
        anchors.margins: 14
        spacing: 10

        RowLayout {
            Layout.fillWidth: true
            spacing: 16

            Label {
                textFormat: Text.PlainText
                text: qsTr("Queue")
                color: Theme.text
                font.pixelSize: Theme.titleFontSize
                font.weight: Font.DemiBold
            }
            Label {
                Layout.fillWidth: true
                textFormat: Text.PlainText
                text: root.series.bucketText
                color: Theme.textMuted
            }
            LegendItem {
                text: qsTr("Most waiting")
                color: Theme.accentSoft
            }
            LegendItem {
                text: qsTr("Mean waiting")
                color: Theme.accent
            }
            LegendItem {
                text: qsTr("Wait p90")
                color: Theme.warning
            }
            LegendItem {
                text: qsTr("Wait median")
                color: Theme.online
            }
        }
        Label {
            objectName: "chartEmpty"
            Layout.fillWidth: true
            Layout.topMargin: 24
            Layout.bottomMargin: 24
            visible: root.series.count === 0
            horizontalAlignment: Text.AlignHCenter
            textFormat: Text.PlainText
            text: qsTr("No queue figures for this range.")
            color: Theme.textMuted
        }
        ChartPlot {
            objectName: "lengthPlot"
            Layout.fillWidth: true
            visible: root.series.count > 0
            title: qsTr("Chats waiting")
            bars: true
            valuesA: root.series.lengthMaxFractions
            valuesB: root.series.lengthMeanFractions
            colorA: Theme.accentSoft
            colorB: Theme.accent
            axisLabels: root.series.lengthAxisLabels
            bucketLabels: root.series.bucketLabels
        }
        ChartPlot {
            objectName: "waitPlot"
            Layout.fillWidth: true
            visible: root.series.count > 0
            title: qsTr("Queue wait")
            bars: false
            valuesA: root.series.waitP90Fractions
            valuesB: root.series.waitMedianFractions
            colorA: Theme.warning
            colorB: Theme.online
            axisLabels: root.series.waitAxisLabels
            bucketLabels: root.series.bucketLabels
        }
    }
}
