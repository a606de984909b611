import QtQuick
import QtTest
import ChatAgent

TestCase {
    id: testCase

    name: "SmallParts"
    width: 800
    height: 600
    when: windowShown
    visible: true // TestCase items are hidden by default; the components under test must show

    Component {
        id: banner

        ConnectionBanner {
            width: 800
        }
    }
    Component {
        id: presence

        PresenceSwitch {
        }
    }
    Component {
        id: day

        DaySeparator {
            width: 600
        }
    }
    Component {
        id: typing

        TypingIndicator {
        }
    }
    Component {
        id: spy

        SignalSpy {
        }
    }
    Component {
        id: header

        ConversationHeader {
            width: 800
        }
    }

    function test_bannerOnlyWhileReconnecting() {
        const item = createTemporaryObject(banner, testCase, {
                "state": Connection.Online
            });
        verify(!item.visible);
        item.state = Connection.Reconnecting;
        item.unsent = 2;
        item.attempt = 3;
        verify(item.visible);
        const text = findChild(item, "bannerLabel").text;
        verify(text.indexOf("reconnecting") >= 0, text);
        verify(text.indexOf("attempt 3") >= 0, text);
        verify(text.indexOf("2 message") >= 0, text);
    }

    function test_presenceSaysIdleWhenAutomatic() {
        const item = createTemporaryObject(presence, testCase, {
                "presence": "away",
                "automatic": true
            });
        compare(findChild(item, "presenceLabel").text, "Away (idle)");
        item.automatic = false;
        item.presence = "online";
        compare(findChild(item, "presenceLabel").text, "Online");
    }

    function test_daySeparatorAndTyping() {
        const separator = createTemporaryObject(day, testCase, {
                "label": "Yesterday"
            });
        compare(findChild(separator, "dayLabel").text, "Yesterday");
        const indicator = createTemporaryObject(typing, testCase, {
                "name": "Ada",
                "active": false
            });
        verify(!findChild(indicator, "typingLabel").visible);
        indicator.active = true;
        verify(findChild(indicator, "typingLabel").visible);
        compare(findChild(indicator, "typingLabel").text, "Ada is typing\u2026");
    }

    function test_headerActionsFollowTheState() {
        const item = createTemporaryObject(header, testCase, {
                "visitorName": "Ada",
                "status": "queued"
            });
        verify(findChild(item, "acceptButton").visible);
        verify(!findChild(item, "closeButton").visible);
        item.status = "assigned";
        item.isMine = true;
        verify(!findChild(item, "acceptButton").visible);
        verify(findChild(item, "closeButton").visible);
        verify(findChild(item, "transferButton").visible);
        item.status = "closed";
        item.isMine = false;
        item.canReopen = true;
        verify(findChild(item, "reopenButton").visible);
        verify(!findChild(item, "closeButton").visible);
        compare(findChild(item, "statusLabel").text, "Closed");
    }

    function test_headerOffersOfflineMessageActions() {
        const item = createTemporaryObject(header, testCase, {
                "visitorName": "Dana",
                "status": "closed",
                "isOffline": true,
                "offlineState": "new",
                "visitorEmail": "dana@example.com",
                "canClaim": true,
                "canMarkDone": true
            });
        verify(findChild(item, "claimButton").visible);
        verify(findChild(item, "emailReplyButton").visible);
        verify(findChild(item, "markDoneButton").visible);
        verify(!findChild(item, "reopenButton").visible);
        verify(!findChild(item, "transferButton").visible);
        compare(findChild(item, "statusLabel").text, "Offline message  \u00B7  new  \u00B7  dana@example.com");
        const claims = createTemporaryObject(spy, testCase, {
                "target": item,
                "signalName": "claimRequested"
            });
        const emails = createTemporaryObject(spy, testCase, {
                "target": item,
                "signalName": "emailReplyRequested"
            });
        const done = createTemporaryObject(spy, testCase, {
                "target": item,
                "signalName": "markDoneRequested"
            });
        mouseClick(findChild(item, "claimButton"));
        mouseClick(findChild(item, "emailReplyButton"));
        mouseClick(findChild(item, "markDoneButton"));
        compare(claims.count, 1);
        compare(emails.count, 1);
        compare(done.count, 1);

        // A colleague's claim: nothing to claim or close, still an email to write.
        item.offlineState = "claimed";
        item.claimedByName = "Alan";
        item.canClaim = false;
        item.canMarkDone = false;
        verify(!findChild(item, "claimButton").visible);
        verify(!findChild(item, "markDoneButton").visible);
        verify(findChild(item, "emailReplyButton").visible);
        compare(findChild(item, "statusLabel").text, "Offline message  \u00B7  claimed by Alan  \u00B7  dana@example.com");
        item.visitorEmail = "";
        verify(!findChild(item, "emailReplyButton").visible);
    }
}
