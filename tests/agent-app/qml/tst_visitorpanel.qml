import QtQuick
import QtTest
import ChatAgent

TestCase {
    id: testCase

    name: "VisitorPanel"
    width: 320
    height: 800
    when: windowShown
    visible: true // TestCase items are hidden by default; the components under test must show

    QtObject {
        id: details

        property bool hasVisitor: true
        property string name: "Ada <script>"
        property string email: "ada@example.com"
        property string pageTitle: "Your cart"
        property string pageUrl: "https://shop.example/cart"
        property var pages: [{
                "title": "Your cart",
                "url": "https://shop.example/cart",
                "time": "10:41"
            }, {
                "title": "Pricing",
                "url": "https://shop.example/pricing",
                "time": "10:39"
            }]
        property string browser: "Chrome 124 on Windows"
        property string language: ""
        property string timeZone: "Europe/Berlin"
        property string localTime: "16:05 \u00B7 same time as you"
        property var earlierConversations: []
        property bool earlierLoading: false
        property string earlierError: ""
    }

    Component {
        id: panel

        VisitorPanel {
            width: 320
            height: 800
        }
    }

    function test_showsWhatIsKnownAndHidesTheRest() {
        const item = createTemporaryObject(panel, testCase, {
                "details": details
            });
        compare(findChild(item, "visitorName").text, "Ada <script>");
        compare(findChild(item, "visitorName").textFormat, Text.PlainText);
        compare(findChild(item, "visitorEmail").text, "ada@example.com");
        compare(findChild(item, "pageTitle").text, "Your cart");
        verify(findChild(item, "localTimeRow").visible);
        compare(findChild(findChild(item, "browserRow"), "value").text, "Chrome 124 on Windows");
        compare(findChild(item, "earlierEmpty").text, "This is their first conversation.");
    }
}
