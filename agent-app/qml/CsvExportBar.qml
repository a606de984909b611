import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import ChatAgent

// Export the range's conversations as CSV: department and agent filters, then a save dialog;
// the dashboard fetches the file and writes it, this row shows how that went.
RowLayout {
    id: root

    required property AdminDashboard dashboard
    readonly property CsvExport csvExport: dashboard.csvExport

    spacing: 8

    ComboBox {
        id: departmentFilter

        objectName: "exportDepartment"
        Layout.preferredWidth: 180
        model: root.csvExport.departmentChoices
        textRole: "name"
        valueRole: "id"
        visible: count > 1
    }
    ComboBox {
        id: agentFilter

        objectName: "exportAgent"
        Layout.preferredWidth: 180
        model: root.csvExport.agentChoices
        textRole: "name"
        valueRole: "id"
    }
    FlatButton {
        objectName: "exportCsvButton"
        text: root.csvExport.busy ? qsTr("Exporting…") : qsTr("Export CSV")
        enabled: !root.csvExport.busy
        toolTip: qsTr("Save this range's conversations, with the filters, as a spreadsheet file")
        onClicked: {
            saveDialog.selectedFile = root.dashboard.suggestedExportFile();
            saveDialog.open();
        }
    }
    Label {
        objectName: "exportMessage"
        Layout.fillWidth: true
        textFormat: Text.PlainText
        text: root.csvExport.message
        elide: Text.ElideMiddle
        color: root.csvExport.status === CsvExport.Failed ? Theme.danger : Theme.textMuted
    }

    FileDialog {
        id: saveDialog

        title: qsTr("Export conversations as CSV")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "csv"
        nameFilters: [qsTr("CSV files (*.csv)")]
        onAccepted: root.dashboard.exportCsv(saveDialog.selectedFile, departmentFilter.currentValue ?? "", agentFilter.currentValue ?? "")
    }
}
