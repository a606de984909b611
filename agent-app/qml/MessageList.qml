import QtQuick
import QtQuick.Controls
import ChatAgent

// The conversation's messages. Stays at the newest message while it is in view; loads older
// pages when scrolled to the top.
ListView {
    id: root

    property var messages: null
    property int focusRow: -1
    // Follow new messages while the newest one is in view; stop when the agent scrolls up.
    property bool pinnedToEnd: true
    // Older pages load only after the first page has been shown at its end, so opening a
    // conversation does not pull its whole history.
    property bool positioned: false
    // True while the list itself moves to the end, so that is not taken for the agent scrolling.
    property bool following: false
    // Files being fetched (shown busy on their messages).
    property var busyFileIds: []

    signal openFileRequested(string fileId, string name, string type)
    signal saveFileRequested(string fileId, string name)

    // Called later (Qt.callLater): by then the agent may have scrolled away.
    function followEnd() {
        if (!root.pinnedToEnd)
            return;
        root.following = true;
        root.positionViewAtEnd();
        root.following = false;
    }
    function scrollToEnd() {
        root.pinnedToEnd = true;
        root.followEnd();
        root.positioned = true;
    }
    function loadOlderIfNeeded() {
        if (!root.messages || !root.positioned || root.messages.loading || !root.messages.hasOlder || root.count === 0)
            return;
        if (root.atYBeginning || root.contentHeight <= root.height)
            root.messages.loadOlder();
    }

    model: root.messages
    // No current item: ListView would otherwise scroll to keep it in view as rows arrive.
    currentIndex: -1
    highlightFollowsCurrentItem: false
    clip: true
    spacing: 2
    boundsBehavior: Flickable.StopAtBounds
    reuseItems: true
    ScrollBar.vertical: ScrollBar {
    }

    header: Item {
        width: root.width
        height: root.messages && (root.messages.hasOlder || root.messages.loading) ? 44 : 16

        BusyIndicator {
            anchors.centerIn: parent
            height: 24
            width: 24
            running: root.messages ? root.messages.loading : false
            visible: running
        }
    }

    // Space under the newest message (margins would keep positionViewAtEnd short of atYEnd).
    footer: Item {
        width: root.width
        height: 12
    }

    delegate: Column {
        id: row

        required property int index
        required property string body
        required property string authorName
        required property string authorRole
        required property string time
        required property bool internal
        required property bool isOwn
        required property bool isSystem
        required property int deliveryState
        required property bool showDay
        required property string dayLabel
        required property bool continuation
        required property string errorText
        required property bool hasFile
        required property string fileId
        required property string fileName
        required property string fileType
        required property string fileSizeText
        required property bool fileIsImage
        required property int imageWidth
        required property int imageHeight
        required property url thumbnail

        width: root.width
        topPadding: row.continuation || row.showDay ? 0 : 8

        DaySeparator {
            width: parent.width
            visible: row.showDay
            label: row.dayLabel
        }
        MessageBubble {
            width: parent.width
            body: row.body
            authorName: row.authorName
            authorRole: row.authorRole
            time: row.time
            internal: row.internal
            isOwn: row.isOwn
            isSystem: row.isSystem
            deliveryState: row.deliveryState
            continuation: row.continuation
            errorText: row.errorText
            hasFile: row.hasFile
            fileName: row.fileName
            fileSizeText: row.fileSizeText
            fileIsImage: row.fileIsImage
            imageWidth: row.imageWidth
            imageHeight: row.imageHeight
            thumbnail: row.thumbnail
            fileBusy: row.hasFile && root.busyFileIds.indexOf(row.fileId) >= 0
            onOpenFileRequested: root.openFileRequested(row.fileId, row.fileName, row.fileType)
            onSaveFileRequested: root.saveFileRequested(row.fileId, row.fileName)
        }
    }

    onContentYChanged: {
        if (root.positioned && !root.following)
            root.pinnedToEnd = root.atYEnd;
        root.loadOlderIfNeeded();
    }
    // Delegates have different heights: the end moves as they are measured, so follow it.
    onContentHeightChanged: if (root.positioned && root.pinnedToEnd)
        Qt.callLater(root.followEnd)
    onCountChanged: {
        if (root.pinnedToEnd)
            Qt.callLater(root.followEnd);
        Qt.callLater(root.loadOlderIfNeeded);
    }
    onMessagesChanged: {
        root.positioned = false;
        root.pinnedToEnd = true;
        Qt.callLater(root.scrollToEnd);
    }
    onFocusRowChanged: if (root.focusRow >= 0) {
        root.pinnedToEnd = false;
        root.positionViewAtIndex(root.focusRow, ListView.Center);
    }
}
