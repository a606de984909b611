#include "deskharness.h"

#include <QImage>
#include <QProcess>
#include <QSignalSpy>
#include <QtTest>

// The real chat-agent binary, started offscreen as a person would start it: it must load its
// QML (a missing QML module fails here, not in front of an agent), sign in to a real server and
// show the agent's conversation.
class TestAgentStartup : public QObject
{
    Q_OBJECT

    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };

    QTemporaryDir m_home;

    Run runApp(const QStringList &arguments, const QString &password = {})
    {
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("QT_QPA_PLATFORM", "offscreen");
        env.insert("XDG_CONFIG_HOME", m_home.filePath("config"));
        env.insert("XDG_DATA_HOME", m_home.filePath("data"));
        env.insert("XDG_RUNTIME_DIR", m_home.path());
        if (!password.isEmpty())
            env.insert("CHAT_AGENT_PASSWORD", password);
        app.setProcessEnvironment(env);
        QSignalSpy finished(&app, &QProcess::finished);
        app.start(QStringLiteral(CHAT_AGENT_BIN),
            QStringList { "--settings", m_home.filePath("settings.ini") } + arguments);
        // Wait with the event loop running: the test server lives in this process.
        if (!app.waitForStarted(10'000) || !finished.wait(60'000)) {
            app.kill();
            app.waitForFinished();
        }
        return Run { app.exitStatus() == QProcess::NormalExit ? app.exitCode() : -1,
            QString::fromUtf8(app.readAllStandardOutput()),
            QString::fromUtf8(app.readAllStandardError()) };
    }

    static bool looksLikeAScreen(const QString &path, const QSize &atLeast)
    {
        const QImage image(path);
        if (image.isNull() || image.width() < atLeast.width() || image.height() < atLeast.height())
            return false;
        QSet<QRgb> colours; // a blank or failed window has one or two colours
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        return colours.size() > 20;
    }

private slots:
    void startsOnTheSignInPage()
    {
        const QString shot = m_home.filePath("signin.png");
        const Run run = runApp({ "--server", "chat.example.com", "--screenshot", shot });
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QVERIFY2(run.out.contains("signedIn=0"), qPrintable(run.out));
        QVERIFY(looksLikeAScreen(shot, { 900, 560 }));
        QVERIFY2(!run.err.contains("is not installed") && !run.err.contains("qml:"),
            qPrintable(run.err));
    }

    void firstFrameCanEndTheRunForTheStartupBenchmark()
    {
        const Run run = runApp({ "--server", "chat.example.com", "--quit-after-first-frame" });
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QVERIFY2(run.out.contains("chat-agent: first frame"), qPrintable(run.out));
    }

    void signsInAndShowsTheAgentsConversation()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        const QString agentId = server.addAgent("grace@example.com", "Grace Hopper");
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        QVERIFY(ada.say("Hello, I need help with my order"));

        const QString shot = m_home.filePath("desk.png");
        const Run run = runApp({ "--server", DeskHarness::serverAddress(server), "--email",
                                   "grace@example.com", "--autologin", "--screenshot", shot },
            TestServer::password());
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QVERIFY2(run.out.contains("signedIn=1"), qPrintable(run.out));
        QVERIFY2(run.out.contains("conversations=1"), qPrintable(run.out));
        QVERIFY2(run.out.contains("current=" + ada.conversationId), qPrintable(run.out));
        // "Grace Hopper joined the chat" and Ada's message.
        QVERIFY2(run.out.contains("messages=2"), qPrintable(run.out));
        QVERIFY(looksLikeAScreen(shot, { 900, 560 }));
        // The app went online on sign-in, so the server gave it Ada's chat.
        QVERIFY(ada.client.waitFor([&agentId](const QJsonObject &m) {
            return m.value("type").toString() == u"conversation.updated"
                && m.value("conversation").toObject().value("agent").toObject().value("id")
                == agentId;
        }));
    }

    void wrongPasswordEndsWithTheReason()
    {
        TestServer server;
        QVERIFY(server.start());
        server.addAgent("grace@example.com", "Grace Hopper");
        const Run run = runApp(
            { "--server", DeskHarness::serverAddress(server), "--email", "grace@example.com",
                "--autologin", "--screenshot", m_home.filePath("never.png") },
            "wrong password");
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("do not match"), qPrintable(run.err));
    }

    void badServerAddressIsRefusedAtOnce()
    {
        const Run run = runApp({ "--server", "ftp://nowhere" });
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains("not a server address"));
    }
};

QTEST_MAIN(TestAgentStartup)
#include "tst_agentstartup.moc"
