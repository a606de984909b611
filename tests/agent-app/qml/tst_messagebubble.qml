import QtQuick
import QtTest
import ChatAgent

TestCase {
    id: testCase

    name: "MessageBubble"
    width: 800
    height: 400
    when: windowShown
    visible: true // TestCase items are hidden by default; the components under test must show

    Component {
        id: bubble

        MessageBubble {
            width: 800
        }
    }

    function test_bodyIsShownAsPlainText() {
        const body = "<b>not bold</b> & <a href='x'>no link</a>";
        const item = createTemporaryObject(bubble, testCase, {
                "body": body,
                "authorName": "Ada",
                "authorRole": "visitor"
            });
        const label = findChild(item, "bodyLabel");
        compare(label.text, body);
        compare(label.textFormat, Text.PlainText);
        compare(findChild(item, "authorLabel").text, "Ada");
        compare(findChild(item, "authorLabel").textFormat, Text.PlainText);
    }

    function test_visitorLeftAgentRight() {
        const visitor = createTemporaryObject(bubble, testCase, {
                "body": "hi",
                "authorRole": "visitor"
            });
        const agent = createTemporaryObject(bubble, testCase, {
                "body": "hello",
                "authorRole": "agent",
                "isOwn": true
            });
        verify(findChild(visitor, "bubbleColumn").x < 100);
        verify(findChild(agent, "bubbleColumn").x > 400);
        verify(!findChild(agent, "authorLabel").visible); // my own name is not repeated
    }

    function test_internalNoteIsMarked() {
        const item = createTemporaryObject(bubble, testCase, {
                "body": "VIP",
                "authorName": "Grace",
                "authorRole": "agent",
                "isOwn": true,
                "internal": true
            });
        const author = findChild(item, "authorLabel");
        verify(author.visible);
        verify(author.text.indexOf("Internal note") === 0);
        verify(author.text.indexOf("Grace") > 0);
    }

    function test_deliveryStateOfMyMessages() {
        const item = createTemporaryObject(bubble, testCase, {
                "body": "x",
                "authorRole": "agent",
                "isOwn": true,
                "deliveryState": MessageModel.Queued
            });
        const delivery = findChild(item, "deliveryLabel");
        compare(delivery.text, "Waiting for connection");
        item.deliveryState = MessageModel.Sending;
        compare(delivery.text, "Sending\u2026");
        item.deliveryState = MessageModel.Delivered;
        compare(delivery.text, "\u2713");
        item.errorText = "Not sent: the conversation was closed.";
        item.deliveryState = MessageModel.Failed;
        compare(delivery.text, "Not sent: the conversation was closed.");
        const visitor = createTemporaryObject(bubble, testCase, {
                "body": "x",
                "authorRole": "visitor"
            });
        verify(!findChild(visitor, "deliveryLabel").visible);
    }

    function test_systemMessagesAreCentred() {
        const item = createTemporaryObject(bubble, testCase, {
                "body": "Ada left",
                "authorRole": "system",
                "isSystem": true
            });
        const label = findChild(item, "systemLabel");
        verify(label.visible);
        fuzzyCompare(label.x + label.width / 2, 400, 2);
        compare(label.textFormat, Text.PlainText);
    }

    SignalSpy {
        id: openSpy

        signalName: "openFileRequested"
    }
    SignalSpy {
        id: saveSpy

        signalName: "saveFileRequested"
    }

    function test_fileIsACardWithOpenAndSave() {
        const item = createTemporaryObject(bubble, testCase, {
                "body": "",
                "authorName": "Ada",
                "authorRole": "visitor",
                "hasFile": true,
                "fileName": "<i>invoice</i>.pdf",
                "fileSizeText": "12.3 KB"
            });
        openSpy.target = item;
        saveSpy.target = item;
        openSpy.clear();
        saveSpy.clear();
        const name = findChild(item, "fileNameLabel");
        compare(name.text, "<i>invoice</i>.pdf");
        compare(name.textFormat, Text.PlainText);
        compare(findChild(item, "fileSizeLabel").text, "12.3 KB");
        verify(!findChild(item, "bodyLabel").visible); // no caption, no empty line
        verify(!findChild(item, "thumbnailImage"));
        mouseClick(findChild(item, "openFileButton"));
        compare(openSpy.count, 1);
        mouseClick(findChild(item, "saveFileButton"));
        compare(saveSpy.count, 1);
        item.fileBusy = true;
        verify(!findChild(item, "openFileButton").enabled);
    }

    function test_imageIsAThumbnailInItsProportionsThatOpens() {
        const item = createTemporaryObject(bubble, testCase, {
                "body": "The box arrived like this",
                "authorRole": "visitor",
                "hasFile": true,
                "fileName": "parcel.png",
                "fileIsImage": true,
                "imageWidth": 800,
                "imageHeight": 600,
                "thumbnail": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAgAAAAGCAIAAABxZ0isAAAAEUlEQVR4nGO4Wc6GFTEMpAQA8pRAIeP7o28AAAAASUVORK5CYII="
            });
        openSpy.target = item;
        openSpy.clear();
        const image = findChild(item, "thumbnailImage");
        verify(image);
        tryCompare(image, "status", Image.Ready);
        compare(image.sourceSize.width, 8);
        compare(image.width, 240); // at most 240 wide, in the image's proportions
        compare(image.height, 180);
        verify(findChild(item, "bodyLabel").visible); // the caption under it
        verify(!findChild(item, "fileNameLabel"));
        mouseClick(findChild(item, "thumbnailArea"));
        compare(openSpy.count, 1);
    }
}
