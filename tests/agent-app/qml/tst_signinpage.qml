import QtQuick
import QtTest
import ChatAgent

TestCase {
    id: testCase

    name: "SignInPage"
    width: 900
    height: 700
    when: windowShown
    visible: true // TestCase items are hidden by default; the components under test must show

    Component {
        id: pageComponent

        SignInPage {
            anchors.fill: parent
        }
    }

    SignalSpy {
        id: spy

        signalName: "signInRequested"
    }

    function test_signInNeedsAllThreeFields() {
        const page = createTemporaryObject(pageComponent, testCase, {
                "serverUrl": "chat.example.com",
                "email": "grace@example.com"
            });
        spy.target = page;
        spy.clear();
        const button = findChild(page, "signInButton");
        verify(!button.enabled);
        findChild(page, "passwordField").text = "secret";
        verify(button.enabled);
        findChild(page, "emailField").text = "  grace@example.com ";
        mouseClick(button);
        compare(spy.count, 1);
        compare(spy.signalArguments[0][0], "chat.example.com");
        compare(spy.signalArguments[0][1], "grace@example.com");
        compare(spy.signalArguments[0][2], "secret");
    }

    function test_problemIsShownAsPlainText() {
        const page = createTemporaryObject(pageComponent, testCase, {
                "errorText": "That email and <b>password</b> do not match."
            });
        const label = findChild(page, "errorLabel");
        verify(findChild(page, "errorBox").visible);
        compare(label.textFormat, Text.PlainText);
        compare(label.text, "That email and <b>password</b> do not match.");
        page.busy = true;
        verify(!findChild(page, "errorBox").visible);
        verify(!findChild(page, "signInButton").enabled);
    }

    function test_enterInThePasswordFieldSignsIn() {
        const page = createTemporaryObject(pageComponent, testCase, {
                "serverUrl": "s",
                "email": "e@x"
            });
        spy.target = page;
        spy.clear();
        const password = findChild(page, "passwordField");
        password.forceActiveFocus();
        password.text = "pw";
        keyClick(Qt.Key_Return);
        compare(spy.count, 1);
    }
}
