import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// Search results in the sidebar: which conversation, when, and the matching words.
ColumnLayout {
    id: root

    property var model: null

    signal resultChosen(int row)

    spacing: 0

    Label {
        textFormat: Text.PlainText
        Layout.fillWidth: true
        Layout.leftMargin: 16
        Layout.rightMargin: 16
        Layout.topMargin: 4
        Layout.bottomMargin: 6
        visible: text !== ""
        wrapMode: Text.Wrap
        color: Theme.textMuted
        font.pixelSize: Theme.smallFontSize
        text: !root.model ? "" : root.model.busy ? qsTr("Searching\u2026") : root.model.errorText !== "" ? root.model.errorText : root.model.count === 0 ? qsTr("No messages match.") : qsTr("%n result(s)", "", root.model.count)
    }
    ListView {
        objectName: "searchResults"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        model: root.model
        ScrollBar.vertical: ScrollBar {
        }

        delegate: SearchResultDelegate {
            width: ListView.view.width
            onChosen: root.resultChosen(index)
        }
    }
}
