#include "appwindow.h"
#include "deskharness.h"

#include <cannedresponsemodel.h>
#include <conversationlistmodel.h>
#include <currentconversation.h>
#include <idlemonitor.h>
#include <messagemodel.h>
#include <offlineinboxmodel.h>
#include <outbox.h>
#include <queuemodel.h>
#include <teammodel.h>

#include <QDesktopServices>
#include <QGuiApplication>
#include <QPalette>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTcpServer>
#include <QtQml/qqmlextensionplugin.h>
#include <QtTest>

Q_IMPORT_QML_PLUGIN(ChatAgentPlugin)

// The real window (Main.qml, as chat-agent shows it) on a real server, driven with the mouse
// and keyboard: the sign-in page with the remembered server and email and the reasons a
// sign-in failed, the keyboard shortcuts, the connection banner, the settings dialog, managing
// canned responses, the unread count in the title and tray, notifications following the
// window's real focus, the theme following the system, automatic away ended by real input, and
// the offline messages inbox worked with the mouse.

/// Stands in for the system's mail client: QDesktopServices hands it mailto: links.
class MailClient : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> opened;
public slots:
    void open(const QUrl &url) { opened.append(url); }
};

class TestDeskWindow : public QObject
{
    Q_OBJECT

    static QString lastBody(const MessageModel *messages)
    {
        return messages && messages->count() > 0 ? messages->messageAt(messages->count() - 1).body
                                                 : QString();
    }

    static std::optional<Presence> teamStatus(const AgentDesk &desk, const QString &agentId)
    {
        const auto agent = desk.team()->agent(agentId);
        return agent ? std::optional(agent->status) : std::nullopt;
    }

private slots:
    void initTestCase() { QQuickStyle::setStyle(QStringLiteral("Basic")); }

    void signInPageRemembersTheServerAndEmailAndSaysWhatWentWrong()
    {
        TestServer server;
        QVERIFY(server.start());
        server.addAgent("grace@example.com", "Grace Hopper");
        DeskHarness grace;
        QVERIFY(grace.signIn(server, "grace@example.com"));
        grace.desk->signOut();

        // The next start of the app: a new desk on the same settings file.
        const QString settingsFile = grace.dir.filePath(QStringLiteral("settings.ini"));
        grace.desk.reset();
        grace.settings = std::make_unique<SessionSettings>(settingsFile);
        grace.desk = std::make_unique<AgentDesk>(grace.settings.get());
        grace.desk->setDataDirectory(grace.dir.filePath(QStringLiteral("data")));
        grace.desk->notifier()->setAudible(false);

        AppWindow app;
        QVERIFY(app.load());
        QVERIFY(app.activate());
        QQuickItem *serverField = app.item("serverField");
        QQuickItem *emailField = app.item("emailField");
        QVERIFY(serverField && emailField);
        QCOMPARE(serverField->property("text").toString(), DeskHarness::serverAddress(server));
        QCOMPARE(emailField->property("text").toString(), QStringLiteral("grace@example.com"));
        QCOMPARE(app.item("passwordField")->property("text").toString(), QString()); // never kept

        // A wrong password: the page says so.
        QVERIFY(app.click(app.item("passwordField")));
        app.type("not my password");
        app.key(Qt::Key_Return);
        QTRY_VERIFY(app.item("errorLabel"));
        QVERIFY2(app.item("errorLabel")->property("text").toString().contains("do not match"),
            qPrintable(app.item("errorLabel")->property("text").toString()));
        QVERIFY(!grace.desk->isSignedIn());

        // No server at that address: the page names it.
        quint16 freePort = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            freePort = probe.serverPort();
        }
        const QString nowhere = QStringLiteral("127.0.0.1:%1").arg(freePort);
        serverField->setProperty("text", QStringLiteral("http://") + nowhere);
        QVERIFY(app.click(app.item("signInButton")));
        QTRY_VERIFY(grace.desk->connection()->problem() == Connection::Problem::Unreachable);
        QTRY_VERIFY2(app.item("errorLabel")
                && app.item("errorLabel")->property("text").toString().contains(nowhere),
            qPrintable(grace.desk->connection()->problemMessage()));

        // The right server and password: the desk replaces the page.
        serverField->setProperty("text", DeskHarness::serverAddress(server));
        app.item("passwordField")->setProperty("text", TestServer::password());
        QVERIFY(app.click(app.item("signInButton")));
        QTRY_VERIFY(grace.desk->isReady());
        QTRY_VERIFY(!app.item("signInButton"));
    }

    void keyboardShortcutsDoTheDailyMoves()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper", 5);
        DeskHarness grace;
        QVERIFY(grace.signIn(server, "grace@example.com", false)); // offline: chats wait
        ScriptedVisitor bob, ada;
        QVERIFY(bob.arrive(server, site, "Bob"));
        QVERIFY(ada.arrive(server, site, "Ada"));
        QTRY_COMPARE(grace.desk->queue()->count(), 2);
        AppWindow app;
        QVERIFY(app.load());
        QVERIFY(app.activate());
        ConversationListModel *mine = grace.desk->conversations();

        // Ctrl+N: the visitor who waited longest, then the next.
        app.key(Qt::Key_N, Qt::ControlModifier);
        QTRY_VERIFY(mine->contains(bob.conversationId));
        QTRY_COMPARE(grace.desk->current()->conversationId(), bob.conversationId);
        app.key(Qt::Key_N, Qt::ControlModifier);
        QTRY_VERIFY(mine->contains(ada.conversationId));
        QTRY_COMPARE(grace.desk->current()->conversationId(), ada.conversationId);
        QCOMPARE(grace.desk->queue()->count(), 0);

        // Switching between my chats, both ways.
        QTRY_COMPARE(mine->count(), 2);
        const QString first = mine->idAt(0);
        const QString second = mine->idAt(1);
        grace.desk->navigator()->open(first);
        app.key(Qt::Key_Tab, Qt::ControlModifier);
        QCOMPARE(grace.desk->current()->conversationId(), second);
        app.key(Qt::Key_Backtab, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(grace.desk->current()->conversationId(), first);
        app.key(Qt::Key_Down, Qt::AltModifier);
        QCOMPARE(grace.desk->current()->conversationId(), second);
        app.key(Qt::Key_PageUp, Qt::ControlModifier);
        QCOMPARE(grace.desk->current()->conversationId(), first);

        // Ctrl+W closes the chat on screen; the visitor is told.
        const QString closing = grace.desk->current()->conversationId();
        ScriptedVisitor &visitor = closing == bob.conversationId ? bob : ada;
        QTRY_VERIFY(grace.desk->current()->isMine());
        app.key(Qt::Key_W, Qt::ControlModifier);
        QTRY_VERIFY(!mine->contains(closing));
        QVERIFY(visitor.client.waitFor([](const QJsonObject &m) {
            return m.value("type").toString() == u"conversation.updated"
                && m.value("conversation").toObject().value("status").toString() == u"closed";
        }));
        QCOMPARE(mine->count(), 1);
    }

    void connectionStateStaysVisibleAndTheOutboxEmptiesOnReconnect()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper");
        DeskHarness grace;
        QVERIFY(grace.signIn(server, "grace@example.com"));
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        QTRY_COMPARE(grace.desk->current()->conversationId(), ada.conversationId);
        AppWindow app;
        QVERIFY(app.load());
        QVERIFY(app.activate());
        QVERIFY(!app.item("bannerLabel"));

        server.stop();
        QTRY_VERIFY(app.item("bannerLabel"));
        QVERIFY(app.item("bannerLabel")->property("text").toString().contains("reconnecting"));
        QVERIFY(grace.desk->sendMessage("Written while the server is away"));
        QTRY_VERIFY(app.item("bannerLabel")->property("text").toString().contains("1 message"));

        QVERIFY(server.start()); // a new port: point the app at it, as a restarted server
        grace.desk->connection()->setServerUrl(QUrl(DeskHarness::serverAddress(server)));
        QTRY_VERIFY(!app.item("bannerLabel"));
        QTRY_COMPARE(grace.desk->outbox()->size(), 0);
        ada.client.close();
        QVERIFY(ada.hello(server, site, "Ada"));
        int stored = 0;
        for (const QJsonObject &m : ada.history())
            stored += m.value("body").toString() == u"Written while the server is away" ? 1 : 0;
        QCOMPARE(stored, 1);
    }

    void settingsDialogMutesSetsAwayTimeAndSignsOut()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString graceId = server.addAgent("grace@example.com", "Grace Hopper");
        server.addAgent("alan@example.com", "Alan Turing");
        DeskHarness grace, alan;
        grace.settings->setMuted(false);
        QVERIFY(grace.signIn(server, "grace@example.com"));
        QVERIFY(alan.signIn(server, "alan@example.com", false));
        AppWindow app;
        QVERIFY(app.load());
        QVERIFY(app.activate());

        app.key(Qt::Key_Comma, Qt::ControlModifier); // Ctrl+, opens the settings
        QTRY_VERIFY(app.item("mutedSwitch"));
        QTRY_VERIFY(app.item("signOutButton"));
        QVERIFY(app.click(app.item("mutedSwitch")));
        QVERIFY(grace.settings->isMuted());
        QVERIFY(!grace.settings->showMessageText());
        QVERIFY(app.click(app.item("messageTextSwitch")));
        QVERIFY(grace.settings->showMessageText());

        const int before = grace.settings->autoAwayMinutes();
        QQuickItem *spinBox = app.item("autoAwaySpinBox");
        QVERIFY(spinBox);
        spinBox->forceActiveFocus();
        app.key(Qt::Key_Up);
        QCOMPARE(grace.settings->autoAwayMinutes(), before + 1);
        QCOMPARE(grace.desk->idleMonitor()->timeout(), (before + 1) * 60'000);

        QVERIFY(app.click(app.item("themeButton2")));
        QCOMPARE(grace.settings->theme(), SessionSettings::ThemeChoice::Dark);
        QTRY_VERIFY(!app.isLight());

        QVERIFY(app.click(app.item("signOutButton")));
        QTRY_VERIFY(!grace.desk->isSignedIn());
        QTRY_VERIFY(app.item("signInButton"));
        QTRY_COMPARE(teamStatus(*alan.desk, graceId), Presence::Offline);
    }

    void cannedResponsesAreManagedInTheApp()
    {
        TestServer server;
        QVERIFY(server.start());
        server.addAgent("grace@example.com", "Grace Hopper", 3, true); // shares with the team
        server.addAgent("alan@example.com", "Alan Turing");
        DeskHarness grace, alan;
        QVERIFY(grace.signIn(server, "grace@example.com"));
        QVERIFY(alan.signIn(server, "alan@example.com", false));
        QTRY_VERIFY(grace.desk->canned()->isAvailable());
        AppWindow app;
        QVERIFY(app.load());
        QVERIFY(app.activate());

        QVERIFY(app.click(app.item("cannedButton")));
        QTRY_VERIFY(app.item("shortcutField"));
        QVERIFY(app.click(app.item("shortcutField")));
        app.type("refund");
        QVERIFY(app.click(app.item("titleField")));
        app.type("Refund policy");
        QVERIFY(app.click(app.item("bodyField")));
        app.type("Refunds reach you within 5 working days.");
        QVERIFY(app.click(app.item("saveButton")));
        // Stored on the server: a colleague's app has it, and "/refund" expands there.
        QTRY_COMPARE(alan.desk->canned()->expand("/refund"),
            QStringLiteral("Refunds reach you within 5 working days."));
        QTRY_VERIFY(app.item("deleteButton"));
        QVERIFY(app.click(app.item("deleteButton")));
        QTRY_COMPARE(alan.desk->canned()->count(), 0);
    }

    void offlineMessageIsClaimedAnsweredAndDoneFromTheSidebar()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper");
        DeskHarness grace;
        QVERIFY(grace.signIn(server, "grace@example.com", false));
        ScriptedVisitor dana;
        QVERIFY(dana.hello(server, site, "Dana Keyboard"));
        const auto received
            = dana.client.request({ { "type", "offline.message" }, { "name", "Dana Keyboard" },
                { "email", "dana@example.com" }, { "body", "Please call me about order 4821" } });
        QVERIFY(received);
        const QString id = received->value("conversationId").toString();
        OfflineInboxModel *inbox = grace.desk->offlineInbox();
        QTRY_COMPARE(inbox->count(), 1);
        AppWindow app;
        QVERIFY(app.load());
        QVERIFY(app.activate());

        // The sidebar's section counts it; the item opens it.
        QQuickItem *section = app.item("offlineSection");
        QVERIFY(section);
        QQuickItem *badge = AppWindow::findVisible(section, "sectionBadge");
        QVERIFY(badge);
        QCOMPARE(badge->property("count").toInt(), 1);
        QTRY_VERIFY(app.item("preview"));
        QVERIFY(app.click(app.item("preview")));
        QTRY_COMPARE(grace.desk->current()->conversationId(), id);
        QTRY_VERIFY(app.item("claimButton"));

        // Claim, answer in the composer, reply by email, mark done: all with the mouse.
        QVERIFY(app.click(app.item("claimButton")));
        QTRY_COMPARE(grace.desk->current()->offlineState(), QStringLiteral("claimed"));
        QTRY_COMPARE(badge->property("count").toInt(), 0);
        QVERIFY(!app.item("claimButton"));
        QVERIFY(app.click(app.item("composerInput")));
        app.type("Calling you at 3 pm");
        app.key(Qt::Key_Return);
        QTRY_COMPARE(grace.desk->outbox()->size(), 0);
        QTRY_COMPARE(
            lastBody(grace.desk->current()->messages()), QStringLiteral("Calling you at 3 pm"));
        MailClient mail;
        QDesktopServices::setUrlHandler("mailto", &mail, "open");
        QVERIFY(app.click(app.item("emailReplyButton")));
        QDesktopServices::unsetUrlHandler("mailto");
        QCOMPARE(mail.opened.size(), 1);
        QCOMPARE(mail.opened.first().path(), QStringLiteral("dana@example.com"));
        QVERIFY(app.click(app.item("markDoneButton")));
        QTRY_COMPARE(inbox->count(), 0);
        QTRY_VERIFY(!app.item("markDoneButton"));
    }

    void transferDialogOffersTheSitesDepartmentsAndOnlineColleagues()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite("Shop");
        const QString other = server.addSite("Other shop");
        server.addDepartment(site, "Sales");
        const QString billing = server.addDepartment(site, "Billing");
        server.addDepartment(other, "Ventas");
        server.addAgent("grace@example.com", "Grace Hopper");
        server.addAgent("alan@example.com", "Alan Turing");
        DeskHarness grace, alan;
        QVERIFY(grace.signIn(server, "grace@example.com"));
        QVERIFY(alan.signIn(server, "alan@example.com", false));
        alan.desk->me()->setPresence("away");
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        QTRY_VERIFY(grace.desk->current()->isMine());
        AppWindow app;
        QVERIFY(app.load());
        QVERIFY(app.activate());

        app.key(Qt::Key_T, Qt::ControlModifier);
        QTRY_VERIFY(app.item("agentList"));
        QTRY_COMPARE(app.item("agentList")->property("count").toInt(), 1); // Alan, away
        QQuickItem *choices = app.item("departmentChoices");
        QVERIFY(choices);
        QMap<QString, QQuickItem *> buttons;
        for (QQuickItem *child : choices->childItems()) {
            if (child->isVisible() && child->property("checkable").toBool())
                buttons.insert(child->property("text").toString(), child);
        }
        QCOMPARE(buttons.keys(), (QStringList { "Billing", "Sales" }));

        grace.desk->me()->setPresence("away"); // so the chat waits in Billing's queue
        QVERIFY(app.click(buttons.value("Billing")));
        // The dialog's own "Transfer" button (the header has one of that name too).
        QQuickItem *confirm = nullptr;
        const std::function<void(QQuickItem *)> find = [&](QQuickItem *item) {
            if (!item->isVisible())
                return;
            if (item->inherits("QQuickAbstractButton")
                && item->property("text").toString() == u"Transfer"
                && item->objectName() != u"transferButton")
                confirm = item;
            for (QQuickItem *child : item->childItems())
                find(child);
        };
        find(app.window->contentItem());
        QVERIFY(app.click(confirm));
        QTRY_VERIFY(!grace.desk->conversations()->contains(ada.conversationId));
        QTRY_COMPARE(grace.desk->current()->departmentName(), QStringLiteral("Billing"));
        Q_UNUSED(billing);
    }

    void unreadCountReachesTheTitleAndTrayWhileTheWindowIsNotActive()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper");
        DeskHarness grace;
        grace.settings->setMuted(false);
        grace.desk->setWindowActiveOverride(std::nullopt); // the window's real focus decides
        QVERIFY(grace.signIn(server, "grace@example.com"));
        AppWindow app;
        QVERIFY(app.load());
        QVERIFY(app.activate());
        QTRY_COMPARE(QGuiApplication::applicationState(), Qt::ApplicationActive);
        const QImage quietTray = grace.desk->notifier()->trayImage();
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        QTRY_COMPARE(grace.desk->current()->conversationId(), ada.conversationId);
        DeskNotifier *notifier = grace.desk->notifier();
        QSignalSpy notified(notifier, &DeskNotifier::notified);
        const int sounds = notifier->soundCount();

        // Looking at the chat: no interruption, nothing unread.
        QVERIFY(ada.say("Hello?"));
        QTRY_VERIFY(lastBody(grace.desk->current()->messages()) == u"Hello?");
        QCOMPARE(notified.size(), 0);
        QCOMPARE(notifier->unread(), 0);
        QCOMPARE(app.window->title(), QStringLiteral("Chat Agent"));

        // The agent works in another program: a notification with a sound, and the count.
        // (The offscreen platform cannot make the application inactive, so the desk is told.)
        grace.desk->setWindowActiveOverride(false);
        QVERIFY(ada.say("Is anyone there?"));
        QTRY_COMPARE(notified.size(), 1);
        QCOMPARE(notified.first().at(1).toString(), QStringLiteral("New message from Ada"));
        QCOMPARE(notifier->soundCount(), sounds + 1);
        QVERIFY(ada.say("My order number is 1234"));
        QTRY_COMPARE(notifier->unread(), 2);
        QCOMPARE(app.window->title(), QStringLiteral("(2) Chat Agent"));
        QCOMPARE(notifier->trayToolTip(), QStringLiteral("Chat agent: 2 unread"));
        QVERIFY(notifier->trayImage() != quietTray); // the badge

        // Back in the window, on that chat: read. The platform reports the application active
        // again (applicationStateChanged); the desk reads the real state.
        grace.desk->setWindowActiveOverride(std::nullopt);
        QVERIFY(app.activate());
        QCOMPARE(QGuiApplication::applicationState(), Qt::ApplicationActive);
        emit qGuiApp->applicationStateChanged(Qt::ApplicationActive);
        QTRY_COMPARE(notifier->unread(), 0);
        QCOMPARE(app.window->title(), QStringLiteral("Chat Agent"));
        QCOMPARE(notifier->trayImage(), quietTray);
    }

    void themeFollowsTheSystemUnlessTheAgentChose()
    {
        const QPalette original = QGuiApplication::palette();
        DeskHarness grace;
        AppWindow app;
        QVERIFY(app.load());
        QPalette light = original;
        light.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
        light.setColor(QPalette::WindowText, Qt::black);
        QGuiApplication::setPalette(light);
        QTRY_VERIFY(app.isLight());

        // The system switches to dark (as a desktop's dark mode changes the palette).
        QPalette dark = original;
        dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
        dark.setColor(QPalette::WindowText, QColor(0xf0, 0xf0, 0xf0));
        QGuiApplication::setPalette(dark);
        QTRY_VERIFY(!app.isLight());

        // The agent's own choice wins over the system's.
        grace.settings->setTheme(SessionSettings::ThemeChoice::Light);
        QTRY_VERIFY(app.isLight());
        grace.settings->setTheme(SessionSettings::ThemeChoice::System);
        QTRY_VERIFY(!app.isLight());
        QGuiApplication::setPalette(light);
        QTRY_VERIFY(app.isLight());
        QGuiApplication::setPalette(original);
    }

    void idleAgentIsSetAwayAndComesBackWithRealInput()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString graceId = server.addAgent("grace@example.com", "Grace Hopper");
        server.addAgent("alan@example.com", "Alan Turing");
        DeskHarness grace, alan;
        QVERIFY(grace.signIn(server, "grace@example.com"));
        QVERIFY(alan.signIn(server, "alan@example.com", false));
        AppWindow app;
        QVERIFY(app.load());
        QVERIFY(app.activate());

        grace.settings->setAutoAwayMinutes(0); // "never"
        QCOMPARE(grace.desk->idleMonitor()->timeout(), 0);
        grace.settings->setAutoAwayMinutes(5);
        QCOMPARE(grace.desk->idleMonitor()->timeout(), 5 * 60'000);

        grace.desk->idleMonitor()->setTimeout(400); // minutes are too long for a test
        QTRY_COMPARE(grace.desk->me()->presence(), QStringLiteral("away"));
        QTRY_COMPARE(teamStatus(*alan.desk, graceId), Presence::Away);
        QTRY_COMPARE(
            app.item("presenceLabel")->property("text").toString(), QStringLiteral("Away (idle)"));

        // A key press in the window brings the agent back. (A long timeout from here on, so a
        // slow machine cannot see the agent go idle again before the team is told.)
        grace.desk->idleMonitor()->setTimeout(60'000);
        app.key(Qt::Key_Shift);
        QTRY_COMPARE(grace.desk->me()->presence(), QStringLiteral("online"));
        QTRY_COMPARE(teamStatus(*alan.desk, graceId), Presence::Online);

        // So does moving the mouse over it.
        grace.desk->idleMonitor()->setTimeout(400);
        QTRY_COMPARE(grace.desk->me()->presence(), QStringLiteral("away"));
        grace.desk->idleMonitor()->setTimeout(60'000);
        QTest::mouseMove(app.window, QPoint(200, 200));
        QTest::mouseMove(app.window, QPoint(220, 210));
        QTRY_COMPARE(grace.desk->me()->presence(), QStringLiteral("online"));
        grace.desk->idleMonitor()->setTimeout(0);
    }
};

QTEST_MAIN(TestDeskWindow)
#include "tst_deskwindow.moc"
