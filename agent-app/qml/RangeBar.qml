import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// The range of the report: preset buttons, a custom range on a calendar, and refresh.
RowLayout {
    id: root

    required property MetricsRange range
    required property RangeReport report

    signal refreshRequested

    spacing: 4

    Repeater {
        model: root.range.presets

        FlatButton {
            id: presetButton

            required property var modelData

            objectName: "preset" + presetButton.modelData.preset
            text: presetButton.modelData.name
            checked: root.range.preset === presetButton.modelData.preset
            onClicked: root.range.choosePreset(presetButton.modelData.preset)
        }
    }
    FlatButton {
        objectName: "customRangeButton"
        text: qsTr("Custom…")
        checked: root.range.preset === MetricsRange.Custom
        toolTip: qsTr("Pick the first and last day on a calendar")
        onClicked: picker.open()

        DateRangePopup {
            id: picker

            y: parent.height + 4
            range: root.range
        }
    }
    Label {
        objectName: "rangeDates"
        Layout.leftMargin: 8
        Layout.fillWidth: true
        textFormat: Text.PlainText
        text: root.range.datesText
        elide: Text.ElideRight
        color: Theme.textMuted
    }
    Label {
        textFormat: Text.PlainText
        text: root.report.updatedText
        color: Theme.textMuted
        font.pixelSize: Theme.smallFontSize
    }
    FlatButton {
        objectName: "refreshButton"
        text: root.report.loading ? qsTr("Loading…") : qsTr("Refresh")
        enabled: !root.report.loading
        toolTip: qsTr("Fetch the report of this range again")
        onClicked: root.refreshRequested()
    }
}
