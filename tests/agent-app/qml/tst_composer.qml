import QtQuick
import QtTest
import ChatAgent

TestCase {
    id: testCase

    name: "Composer"
    width: 800
    height: 300
    when: windowShown
    visible: true // TestCase items are hidden by default; the components under test must show

    Component {
        id: composerComponent

        Composer {
            width: 800
            y: 150
            conversationId: "c1"
            canSend: true
        }
    }

    SignalSpy {
        id: sendSpy

        signalName: "sendRequested"
    }

    function init() {
        sendSpy.clear();
    }

    function make(props) {
        const composer = createTemporaryObject(composerComponent, testCase, props || {});
        sendSpy.target = composer;
        const input = findChild(composer, "composerInput");
        input.forceActiveFocus();
        return composer;
    }

    function test_enterSendsShiftEnterBreaksTheLine() {
        const composer = make();
        composer.text = "Hello Ada";
        const input = findChild(composer, "composerInput");
        input.cursorPosition = input.length;
        keyClick(Qt.Key_Return, Qt.ShiftModifier);
        compare(sendSpy.count, 0);
        keyClick(Qt.Key_Return);
        compare(sendSpy.count, 1);
        compare(sendSpy.signalArguments[0][0], "Hello Ada\n"); // the desk trims before sending
        compare(sendSpy.signalArguments[0][1], false);
    }

    SignalSpy {
        id: cancelSpy

        signalName: "uploadCancelRequested"
    }
    SignalSpy {
        id: pasteSpy

        signalName: "imagePasteRequested"
    }

    function test_uploadShowsProgressAndCanBeCancelled() {
        const composer = make({
                "uploading": true,
                "uploadName": "invoice.pdf",
                "uploadProgress": 0.25,
                "uploadText": "1 MB of 4 MB",
                "uploadsWaiting": 2
            });
        cancelSpy.target = composer;
        cancelSpy.clear();
        verify(findChild(composer, "uploadRow").visible);
        compare(findChild(composer, "uploadNameLabel").text, "Sending invoice.pdf (2 more waiting)");
        compare(findChild(composer, "uploadProgressBar").value, 0.25);
        compare(findChild(composer, "uploadProgressLabel").text, "1 MB of 4 MB");
        mouseClick(findChild(composer, "cancelUploadButton"));
        compare(cancelSpy.count, 1);
        composer.uploading = false;
        verify(!findChild(composer, "uploadRow").visible);
    }

    function test_uploadErrorIsShownUntilDismissed() {
        const composer = make({
                "uploadError": "“huge.iso” is too large to send: files can be at most 10 MB."
            });
        const label = findChild(composer, "uploadErrorLabel");
        verify(label.visible);
        compare(label.textFormat, Text.PlainText);
        const dismissed = createTemporaryObject(spyComponent, testCase, {
                "target": composer,
                "signalName": "uploadErrorDismissed"
            });
        mouseClick(findChild(composer, "dismissUploadErrorButton"));
        compare(dismissed.count, 1);
    }

    function test_pastingAnImageAsksToAttachIt() {
        const composer = make({
                "clipboardHasImage": true
            });
        pasteSpy.target = composer;
        pasteSpy.clear();
        keySequence(StandardKey.Paste);
        compare(pasteSpy.count, 1);
        compare(pasteSpy.signalArguments[0][0], false);
        composer.noteMode = true;
        composer.notesAvailable = true;
        findChild(composer, "composerInput").forceActiveFocus();
        keySequence(StandardKey.Paste);
        compare(pasteSpy.count, 2);
        compare(pasteSpy.signalArguments[1][0], true); // a note's image stays with the team
        compare(composer.text, "");
    }

    function test_attachIsOfferedOnlyWhereTheAgentCanWrite() {
        const composer = make();
        verify(findChild(composer, "attachButton").visible);
        composer.canSend = false;
        verify(!findChild(composer, "attachButton").visible);
    }

    Component {
        id: spyComponent

        SignalSpy {
        }
    }

    function test_blankTextIsNotSent() {
        const composer = make();
        composer.text = "   ";
        keyClick(Qt.Key_Return);
        compare(sendSpy.count, 0);
        verify(!findChild(composer, "sendButton").enabled);
    }

    function test_internalNoteMode() {
        const composer = make({
                "notesAvailable": true
            });
        verify(findChild(composer, "noteModeButton").visible);
        mouseClick(findChild(composer, "noteModeButton"));
        composer.text = "VIP customer";
        mouseClick(findChild(composer, "sendButton"));
        compare(sendSpy.count, 1);
        compare(sendSpy.signalArguments[0][1], true);
    }

    function test_noNotesWithoutServerSupport() {
        const composer = make({
                "notesAvailable": false
            });
        verify(!findChild(composer, "noteModeButton").visible);
        composer.noteMode = true;
        composer.text = "would leak";
        composer.send();
        compare(sendSpy.signalArguments[0][1], false);
    }

    function test_readOnlyChatShowsWhy() {
        const composer = make({
                "canSend": false,
                "hint": "Accept this chat to reply."
            });
        const hint = findChild(composer, "hintLabel");
        verify(hint.visible);
        compare(hint.text, "Accept this chat to reply.");
        composer.text = "x";
        composer.send();
        compare(sendSpy.count, 0);
    }

    function test_enterPicksTheFirstCannedSuggestion() {
        const composer = make({
                "suggestions": [{
                        "shortcut": "refund",
                        "title": "Refund",
                        "body": "Refunds take 5 days."
                    }]
            });
        composer.text = "/ref";
        keyClick(Qt.Key_Return);
        compare(sendSpy.count, 0);
        compare(composer.text, "Refunds take 5 days.");
    }

    function test_switchingConversationClearsTheDraft() {
        const composer = make();
        composer.text = "draft for c1";
        composer.conversationId = "c2";
        compare(composer.text, "");
    }
}
