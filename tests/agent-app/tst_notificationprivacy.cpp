#include "deskharness.h"

#include <conversationactions.h>
#include <conversationlistmodel.h>
#include <currentconversation.h>
#include <transfertargetmodel.h>

#include <QDBusConnection>
#include <QProcess>
#include <QtTest>

/// @brief The desktop's screen saver service as KDE or Xfce offer it, on the test's own bus.
class FakeScreenSaver : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.ScreenSaver")

public:
    bool active = false;

    void setActive(bool isActive)
    {
        active = isActive;
        emit ActiveChanged(isActive);
    }

public slots:
    bool GetActive() const { return active; }

signals:
    void ActiveChanged(bool active);
};

// What desktop notifications show of what was written, against the real server: by default
// only who wrote; the words when the agent asks for them, and never over a locked screen. A
// notification is read by whoever passes the desk.
class TestNotificationPrivacy : public QObject
{
    Q_OBJECT

    QProcess m_busDaemon;
    QString m_busAddress;

    static QString shownBody(const QSignalSpy &notified)
    {
        return notified.last().at(1).toString();
    }

private slots:
    void initTestCase()
    {
        // A session bus of the test's own, set before any desk asks for the session bus: the
        // screen saver here is the fake one, never the developer's real (maybe locked) screen.
        m_busDaemon.start(QStringLiteral("dbus-daemon"),
            { QStringLiteral("--session"), QStringLiteral("--nofork"),
                QStringLiteral("--print-address=1") });
        if (!m_busDaemon.waitForStarted(5000))
            return; // no D-Bus here: the lock test says so and skips
        QVERIFY(m_busDaemon.waitForReadyRead(5000));
        m_busAddress = QString::fromUtf8(m_busDaemon.readLine()).trimmed();
        QVERIFY(!m_busAddress.isEmpty());
        qputenv("DBUS_SESSION_BUS_ADDRESS", m_busAddress.toUtf8());
    }

    void cleanupTestCase()
    {
        if (m_busDaemon.state() == QProcess::Running) {
            m_busDaemon.terminate();
            m_busDaemon.waitForFinished(5000);
        }
    }

    void visitorsWordsAreShownOnlyWhenTheAgentAsks()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper");
        DeskHarness grace; // the agent works in another window: every message notifies
        QVERIFY(!grace.settings->showMessageText());
        QVERIFY(grace.signIn(server, "grace@example.com"));
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        QTRY_COMPARE(grace.desk->current()->conversationId(), ada.conversationId);
        QSignalSpy notified(grace.desk->notifier(), &DeskNotifier::notified);

        QVERIFY(ada.say("My card is 4111 1111 1111 1111"));
        QTRY_COMPARE(notified.size(), 1);
        QCOMPARE(notified.last().at(0).toString(), QStringLiteral("Ada"));
        QCOMPARE(shownBody(notified), QStringLiteral("New message from Ada"));

        grace.settings->setShowMessageText(true);
        QVERIFY(ada.say("Hello?"));
        QTRY_COMPARE(notified.size(), 2);
        QCOMPARE(shownBody(notified), QStringLiteral("Hello?"));

        grace.settings->setShowMessageText(false);
        QVERIFY(ada.say("Still there?"));
        QTRY_COMPARE(notified.size(), 3);
        QCOMPARE(shownBody(notified), QStringLiteral("New message from Ada"));
    }

    void transferNoteIsShownOnlyWhenTheAgentAsks()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        const QString graceId = server.addAgent("grace@example.com", "Grace Hopper");
        const QString alanId = server.addAgent("alan@example.com", "Alan Turing");
        DeskHarness grace, alan;
        grace.settings->setShowMessageText(true);
        QVERIFY(grace.signIn(server, "grace@example.com"));
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        QTRY_VERIFY(grace.desk->conversations()->contains(ada.conversationId));
        QVERIFY(alan.signIn(server, "alan@example.com"));
        QTRY_COMPARE(grace.desk->transferTargets()->count(), 1); // Alan is online
        QSignalSpy alanNotified(alan.desk->notifier(), &DeskNotifier::notified);
        QSignalSpy graceNotified(grace.desk->notifier(), &DeskNotifier::notified);

        // Alan left the setting alone: who, not what the note says.
        grace.desk->conversationActions()->transferToAgent(
            ada.conversationId, alanId, "Refund to card 4111 1111 1111 1111");
        QTRY_COMPARE(alanNotified.size(), 1);
        QCOMPARE(alanNotified.last().at(0).toString(), QStringLiteral("Chat transferred to you"));
        QCOMPARE(shownBody(alanNotified), QStringLiteral("Ada is now in your chats."));

        // Grace asked for the words.
        QTRY_COMPARE(alan.desk->current()->conversationId(), ada.conversationId);
        QTRY_COMPARE(alan.desk->transferTargets()->count(), 1); // Grace is online
        alan.desk->conversationActions()->transferToAgent(ada.conversationId, graceId, "Yours");
        QTRY_COMPARE(graceNotified.size(), 1);
        QCOMPARE(shownBody(graceNotified), QStringLiteral("Ada: \"Yours\""));
    }

    void lockedScreenHidesTheWordsEvenWhenAsked()
    {
        if (m_busAddress.isEmpty())
            QSKIP("dbus-daemon is not installed: no session bus to lock the screen on");
        QDBusConnection bus = QDBusConnection::connectToBus(m_busAddress, "screensaver");
        QVERIFY(bus.isConnected());
        FakeScreenSaver saver;
        saver.active = true; // locked before the app starts
        QVERIFY(bus.registerObject(QStringLiteral("/org/freedesktop/ScreenSaver"), &saver,
            QDBusConnection::ExportAllSlots | QDBusConnection::ExportAllSignals));
        QVERIFY(bus.registerService(QStringLiteral("org.freedesktop.ScreenSaver")));

        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper");
        DeskHarness grace;
        grace.settings->setShowMessageText(true);
        QTRY_VERIFY(grace.desk->notifier()->screenLocked()); // asked at start
        QVERIFY(grace.signIn(server, "grace@example.com"));
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        QTRY_COMPARE(grace.desk->current()->conversationId(), ada.conversationId);
        QSignalSpy notified(grace.desk->notifier(), &DeskNotifier::notified);

        QVERIFY(ada.say("My card is 4111 1111 1111 1111"));
        QTRY_COMPARE(notified.size(), 1);
        QCOMPARE(shownBody(notified), QStringLiteral("New message from Ada"));

        saver.setActive(false); // unlocked: the words again
        QTRY_VERIFY(!grace.desk->notifier()->screenLocked());
        QVERIFY(ada.say("Hello?"));
        QTRY_COMPARE(notified.size(), 2);
        QCOMPARE(shownBody(notified), QStringLiteral("Hello?"));

        saver.setActive(true); // locked again while the app runs
        QTRY_VERIFY(grace.desk->notifier()->screenLocked());
        QVERIFY(ada.say("Are you there?"));
        QTRY_COMPARE(notified.size(), 3);
        QCOMPARE(shownBody(notified), QStringLiteral("New message from Ada"));

        bus.unregisterService(QStringLiteral("org.freedesktop.ScreenSaver"));
        QDBusConnection::disconnectFromBus(QStringLiteral("screensaver"));
    }
};

QTEST_MAIN(TestNotificationPrivacy)
#include "tst_notificationprivacy.moc"
