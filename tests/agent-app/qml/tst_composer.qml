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
