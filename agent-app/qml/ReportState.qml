import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// Loading and error states of the range report: a quiet line while it loads, a box with what
// went wrong and a retry button when it failed.
Rectangle {
    id: root

    required property RangeReport report

    signal retryRequested

    readonly property bool failed: report.status === RangeReport.Failed

    visible: report.loading || failed
    implicitHeight: row.implicitHeight + 20
    radius: Theme.radius
    color: failed ? Theme.warningSoft : Theme.accentSoft
    border.color: failed ? Theme.warning : "transparent"

    RowLayout {
        id: row

        anchors.fill: parent
        anchors.margins: 10
        spacing: 10

        BusyIndicator {
            objectName: "reportBusy"
            visible: root.report.loading
            running: visible
            Layout.preferredWidth: 24
            Layout.preferredHeight: 24
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2

            Label {
                objectName: "reportStateTitle"
                Layout.fillWidth: true
                textFormat: Text.PlainText
                text: root.failed ? root.report.errorTitle : qsTr("Loading the report…")
                wrapMode: Text.Wrap
                color: root.failed ? Theme.warning : Theme.text
                font.weight: Font.DemiBold
            }
            Label {
                objectName: "reportStateText"
                Layout.fillWidth: true
                textFormat: Text.PlainText
                text: root.report.errorText
                visible: root.failed && text !== ""
                wrapMode: Text.Wrap
                color: Theme.text
            }
        }
        FlatButton {
            objectName: "retryButton"
            visible: root.failed
            accent: true
            text: qsTr("Try again")
            onClicked: root.retryRequested()
        }
    }
}
