import QtQuick
import QtTest
import ChatAgent

TestCase {
    id: testCase

    name: "ListDelegates"
    width: 320
    height: 400
    when: windowShown
    visible: true // TestCase items are hidden by default; the components under test must show

    Component {
        id: queueItem

        QueueDelegate {
            width: 300
            conversationId: "c1"
            visitorName: "Ada <i>Lovelace</i>"
            preview: "Do you ship to Norway?"
            waitText: "3 min"
            waitSeconds: 180
            pageTitle: "Pricing"
            language: "en-GB"
            department: ""
        }
    }

    Component {
        id: chatItem

        ConversationDelegate {
            width: 300
            conversationId: "c1"
            visitorName: "Bob"
            lastMessage: "Thanks!"
            lastMessageFromVisitor: true
            lastMessageTime: "10:42"
            unread: 0
            awaitingReply: false
            waitText: ""
            typing: false
        }
    }

    Component {
        id: offlineItem

        OfflineMessageDelegate {
            width: 300
            conversationId: "o1"
            visitorName: "Dana <b>Keyboard</b>"
            visitorEmail: "dana@example.com"
            preview: "My order never arrived."
            timeText: "08:15"
            offlineState: "new"
            claimedByName: ""
            claimedByMe: false
            unread: true
        }
    }

    SignalSpy {
        id: acceptSpy

        signalName: "acceptRequested"
    }

    SignalSpy {
        id: openSpy

        signalName: "openRequested"
    }

    function test_queueItemShowsWhoWaitsAndWhat() {
        const item = createTemporaryObject(queueItem, testCase);
        compare(findChild(item, "visitorName").text, "Ada <i>Lovelace</i>");
        compare(findChild(item, "visitorName").textFormat, Text.PlainText);
        compare(findChild(item, "waitLabel").text, "3 min");
        compare(findChild(item, "preview").text, "Do you ship to Norway?");
        compare(findChild(item, "preview").textFormat, Text.PlainText);
    }

    function test_queueItemAcceptAndOpen() {
        const item = createTemporaryObject(queueItem, testCase);
        acceptSpy.target = item;
        openSpy.target = item;
        mouseClick(findChild(item, "acceptButton"));
        compare(acceptSpy.count, 1);
        mouseClick(item, 20, 10);
        compare(openSpy.count, 1);
    }

    function test_offlineItemIsBoldUntilReadAndSaysWhoHasIt() {
        const item = createTemporaryObject(offlineItem, testCase);
        const name = findChild(item, "visitorName");
        compare(name.text, "Dana <b>Keyboard</b>");
        compare(name.textFormat, Text.PlainText);
        compare(findChild(item, "preview").textFormat, Text.PlainText);
        compare(name.font.weight, Font.Bold);
        verify(findChild(item, "stateLabel").text.indexOf("dana@example.com") >= 0);
        item.unread = false;
        compare(name.font.weight, Font.Normal);
        item.offlineState = "claimed";
        item.claimedByName = "Alan Turing";
        compare(findChild(item, "stateLabel").text, "Claimed by Alan Turing");
        item.claimedByMe = true;
        compare(findChild(item, "stateLabel").text, "Claimed by you");
        openSpy.clear();
        openSpy.target = item;
        mouseClick(item, 20, 10);
        compare(openSpy.count, 1);
        openSpy.clear();
    }

    function test_chatItemShowsUnreadAndTyping() {
        const item = createTemporaryObject(chatItem, testCase);
        const badge = findChild(item, "unreadBadge");
        verify(!badge.visible);
        item.unread = 3;
        verify(badge.visible);
        compare(findChild(item, "lastMessage").text, "Thanks!");
        item.typing = true;
        compare(findChild(item, "lastMessage").text, "typing\u2026");
    }
}
