import QtQuick
import QtTest
import ChatAgent

TestCase {
    id: testCase

    name: "MessageList"
    width: 700
    height: 500
    when: windowShown
    visible: true // TestCase items are hidden by default; the components under test must show

    // Stands in for MessageModel: the roles the list binds to, and its paging interface.
    ListModel {
        id: fakeMessages

        property bool hasOlder: true
        property bool loading: false
        property int olderRequests: 0

        function loadOlder() {
            olderRequests += 1;
        }
        function message(n) {
            return {
                "body": "message " + n,
                "authorName": "Ada",
                "authorRole": n % 2 ? "visitor" : "agent",
                "time": "10:00",
                "internal": false,
                "isOwn": n % 2 === 0,
                "isSystem": false,
                "deliveryState": MessageModel.Delivered,
                "showDay": n === 0,
                "dayLabel": "Today",
                "continuation": false,
                "errorText": "",
                "hasFile": false,
                "fileId": "",
                "fileName": "",
                "fileType": "",
                "fileSizeText": "",
                "fileIsImage": false,
                "imageWidth": 0,
                "imageHeight": 0,
                "thumbnail": ""
            };
        }
    }

    Component {
        id: listComponent

        MessageList {
            width: 700
            height: 500
        }
    }

    function init() {
        fakeMessages.clear();
        fakeMessages.olderRequests = 0;
        fakeMessages.hasOlder = true;
        for (let i = 50; i < 100; ++i)
            fakeMessages.append(fakeMessages.message(i));
    }

    function test_opensAtTheNewestMessageWithoutLoadingHistory() {
        const list = createTemporaryObject(listComponent, testCase, {
                "messages": fakeMessages
            });
        tryVerify(() => list.positioned);
        tryVerify(() => list.atYEnd);
        waitForRendering(list); // a frame later, nothing has asked for older pages on its own
        compare(fakeMessages.olderRequests, 0);
    }

    function test_scrollingToTheTopLoadsOlderOnce() {
        const list = createTemporaryObject(listComponent, testCase, {
                "messages": fakeMessages
            });
        tryVerify(() => list.positioned && list.atYEnd);
        list.positionViewAtBeginning(); // the agent scrolls all the way up
        tryCompare(fakeMessages, "olderRequests", 1);
        verify(!list.pinnedToEnd);
        // The page arrives above what is shown: the view stays where the agent was reading.
        for (let i = 49; i >= 0; --i)
            fakeMessages.insert(0, fakeMessages.message(i));
        fakeMessages.hasOlder = false;
        waitForRendering(list);
        compare(fakeMessages.olderRequests, 1);
        verify(!list.atYEnd);
    }

    function test_newMessagesFollowOnlyWhenAtTheEnd() {
        const list = createTemporaryObject(listComponent, testCase, {
                "messages": fakeMessages
            });
        tryVerify(() => list.positioned && list.atYEnd);
        fakeMessages.append(fakeMessages.message(100));
        tryVerify(() => list.atYEnd);
        list.contentY -= 300; // the agent scrolls up to read
        verify(!list.pinnedToEnd);
        fakeMessages.append(fakeMessages.message(101));
        waitForRendering(list);
        verify(!list.atYEnd);
    }
}
