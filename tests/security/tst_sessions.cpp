#include "rawhttp.h"

#include <chatscenario.h>
#include <testclient.h>
#include <testserver.h>

#include <core/clock.h>
#include <core/passwordhasher.h>

#include <QElapsedTimer>
#include <QProcess>
#include <QtTest>

using namespace ChatScenario;

// Sessions as an attacker, a fired employee or a stolen laptop would try them: a session ends on
// the server when the agent signs out, when an administrator disables the agent, changes its
// password or signs it out (from another process, against the database), or when it is idle or
// old; its live connections close within a second (4001 and the reason), its chats go back to
// the queue, and its tokens are refused. Tokens rotate on resume; visitor tokens expire. And a
// sign-in probe with an unknown email holds up no other client.
class TestSessions : public QObject
{
    Q_OBJECT

    static constexpr char ada[] = "ada@example.com";
    static constexpr char ben[] = "ben@example.com";
    static constexpr qint64 hourMs = 3600 * 1000;
    static constexpr qint64 dayMs = 24 * hourMs;

    std::vector<std::unique_ptr<TestClient>> m_clients; // connections a test leaves open

    /// A fresh connection to /ws/agent that sends @p auth; its reply (auth.ok or error).
    std::optional<QJsonObject> authenticate(TestServer &server, const QJsonObject &auth)
    {
        auto client = std::make_unique<TestClient>();
        if (!client->open(server.port(), "/ws/agent"))
            return std::nullopt;
        auto reply = client->request(auth, 10'000);
        m_clients.push_back(std::move(client));
        return reply;
    }
    std::optional<QJsonObject> resume(TestServer &server, const QString &token)
    {
        return authenticate(server, { { "type", "auth.resume" }, { "sessionToken", token } });
    }
    bool resumes(TestServer &server, const QString &token)
    {
        const auto reply = resume(server, token);
        return reply && reply->value("type").toString() == u"auth.ok";
    }
    static QString tokenOf(const std::optional<QJsonObject> &authOk)
    {
        return authOk ? authOk->value("sessionToken").toString() : QString();
    }

    /// An agent signed in on its own connection; its auth.ok in @p authOk.
    static std::unique_ptr<TestClient> signIn(
        TestServer &server, const QString &email, QJsonObject *authOk = nullptr)
    {
        auto client = std::make_unique<TestClient>();
        if (!client->open(server.port(), "/ws/agent"))
            return nullptr;
        const auto reply = client->login(email, TestServer::password());
        if (!reply || reply->value("type").toString() != u"auth.ok")
            return nullptr;
        if (authOk)
            *authOk = *reply;
        return client;
    }

    /// Runs `chat-server agent <args> --db <the server's database>` as another process would,
    /// while the server goes on serving; @p input is its standard input. Its exit code.
    static int runAgentCommand(
        TestServer &server, const QStringList &args, const QByteArray &input = {})
    {
        QProcess process;
        QSignalSpy finished(&process, &QProcess::finished);
        process.start(QStringLiteral(CHAT_SERVER_BIN),
            QStringList { QStringLiteral("agent") } + args
                + QStringList { QStringLiteral("--db"), server.databasePath() });
        process.write(input);
        process.closeWriteChannel();
        if (!finished.wait(60'000))
            return -1;
        if (process.exitCode() != 0)
            qWarning().noquote() << process.readAllStandardError();
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    }

    /// Waits for the server to close @p client; the close code and reason, or nothing.
    static std::optional<std::pair<int, QString>> closedBy(TestClient &client, int timeoutMs)
    {
        if (client.isOpen()) {
            QSignalSpy disconnected(&client.socket(), &QWebSocket::disconnected);
            if (!disconnected.wait(timeoutMs))
                return std::nullopt;
        }
        return std::pair { int(client.socket().closeCode()), client.socket().closeReason() };
    }

    /// The HTTP status of an admin request with @p token as its bearer token.
    static int metricsStatus(TestServer &server, const QString &token)
    {
        RawHttp http;
        if (!http.connectTo(server.port()))
            return -1;
        const auto response = http.exchange(
            "GET /api/v1/metrics/queue HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + token.toUtf8() + "\r\n\r\n");
        return response ? response->status : -1;
    }

private slots:
    void cleanup() { m_clients.clear(); }

    // Runs first on purpose: before the fix, the first sign-in of the process computed the
    // decoy hash on the event loop (so no agent signs in before it here).
    void unknownEmailLoginDoesNotStallOtherClients()
    {
        // What one password hash costs on this machine: the stall no client may see.
        QElapsedTimer hashClock;
        hashClock.start();
        PasswordHasher::hash(QStringLiteral("reference"));
        const qint64 hashMs = hashClock.elapsed();

        TestServer server;
        const QString siteKey = server.addSite();
        // The visitor pings back to back as a probe: lift the per-connection limits for it
        // (they are attacked in tst_abuselimits_messages).
        server.config().messageLimits.visitorFrames = {};
        server.config().messageLimits.pings = {};
        QVERIFY(server.start());
        auto other = arrivedVisitor(server, siteKey);
        QVERIFY(other);
        TestClient prober;
        QVERIFY(prober.open(server.port(), "/ws/agent"));

        QElapsedTimer login;
        login.start();
        prober.send({ { "type", "auth.login" }, { "rid", "probe" },
            { "email", "nobody@example.com" }, { "password", "guess" } });
        // A visitor's ping round trips while the unknown email is checked.
        qint64 worstRoundTrip = 0;
        int pings = 0;
        while (!prober.count(
            [](const QJsonObject &m) { return m.value("rid").toString() == u"probe"; })) {
            QElapsedTimer roundTrip;
            roundTrip.start();
            const auto pong = other->request({ { "type", "ping" } });
            QVERIFY(pong && pong->value("type").toString() == u"pong");
            worstRoundTrip = std::max(worstRoundTrip, roundTrip.elapsed());
            ++pings;
            QVERIFY2(login.elapsed() < 60'000, "the login was never answered");
        }
        const auto answer = prober.waitFor(
            [](const QJsonObject &m) { return m.value("rid").toString() == u"probe"; });
        QVERIFY(answer);
        QCOMPARE(answer->value("code").toString(), QStringLiteral("auth_failed"));
        // The check costs a password hash on a worker thread; the event loop goes on answering
        // meanwhile (before: one round trip took as long as the hash).
        qInfo() << "a password hash takes" << hashMs << "ms; during the unknown-email login"
                << pings << "pings, the slowest" << worstRoundTrip << "ms";
        // Blocked, a round trip would last a whole hash; on a loaded machine (the browser
        // suites beside it) an unblocked one has taken 45% of one: two thirds is the bound.
        QVERIFY2(worstRoundTrip * 3 < hashMs * 2,
            qPrintable(QStringLiteral("a ping took %1 ms; a password hash takes %2 ms")
                           .arg(worstRoundTrip)
                           .arg(hashMs)));
    }

    void logoutEndsTheSessionOnTheServer()
    {
        TestServer server;
        server.addAgent(ada, "Ada", 3, true);
        QVERIFY(server.start());
        QJsonObject authOk;
        auto desk = signIn(server, ada, &authOk);
        QVERIFY(desk);
        const QString token = tokenOf(authOk);
        // A second connection of the same session (the app on a dropped link, resumed).
        auto laptop = std::make_unique<TestClient>();
        QVERIFY(laptop->open(server.port(), "/ws/agent"));
        const auto resumed
            = laptop->request({ { "type", "auth.resume" }, { "sessionToken", token } });
        QVERIFY(resumed && resumed->value("type").toString() == u"auth.ok");
        const QString rotated = tokenOf(resumed);
        QVERIFY(metricsStatus(server, rotated) != 401);

        const auto reply = desk->request({ { "type", "auth.logout" } });
        QVERIFY(reply);
        QCOMPARE(reply->value("type").toString(), QStringLiteral("auth.logged_out"));
        for (TestClient *connection : { desk.get(), laptop.get() }) {
            const auto closed = closedBy(*connection, 1000);
            QVERIFY(closed);
            QCOMPARE(closed->first, 4001);
            QCOMPARE(closed->second, QStringLiteral("signed out"));
        }
        // Every token of the session is refused, on both endpoints that take one.
        for (const QString &t : { token, rotated }) {
            const auto refused = resume(server, t);
            QVERIFY(refused);
            QCOMPARE(refused->value("code").toString(), QStringLiteral("auth_failed"));
            QCOMPARE(metricsStatus(server, t), 401);
        }
    }

    void signedOutAgentsChatsGoBackToTheQueueAtOnce()
    {
        TestServer server; // the grace period (60 s) does not apply to a sign-out
        const QString siteKey = server.addSite();
        server.addAgent(ada, "Ada");
        server.addAgent(ben, "Ben");
        QVERIFY(server.start());
        auto adaDesk = signedInAgent(server, ada);
        QVERIFY(adaDesk);
        auto visitor = arrivedVisitor(server, siteKey);
        QVERIFY(visitor);
        const QString id = startConversation(*visitor).value("id").toString();
        QVERIFY(visitor->waitFor(updateWith("assigned")));
        auto benDesk = signedInAgent(server, ben);
        QVERIFY(benDesk);
        benDesk->consumeAll();

        QVERIFY(adaDesk->request({ { "type", "auth.logout" } }));
        QElapsedTimer handedOver;
        handedOver.start();
        const auto toBen = benDesk->waitFor(
            [id](const QJsonObject &m) {
                const QJsonObject c = m.value("conversation").toObject();
                return m.value("type").toString() == u"conversation.updated"
                    && c.value("id").toString() == id
                    && c.value("status").toString() == u"assigned";
            },
            2000);
        QVERIFY2(toBen, "the signed-out agent's chat did not go back to the queue");
        QCOMPARE(toBen->value("conversation").toObject().value("agent").toObject().value("name"),
            QJsonValue("Ben"));
        QVERIFY(handedOver.elapsed() < 1000);
    }

    void disabledAgentIsCutOffWithinASecondAndGetsNoNewChats()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        server.addAgent(ada, "Ada");
        QVERIFY(server.start());
        QJsonObject authOk;
        auto adaDesk = signIn(server, ada, &authOk);
        QVERIFY(adaDesk);
        QVERIFY(adaDesk->request({ { "type", "presence.set" }, { "status", "online" } }));
        auto visitor = arrivedVisitor(server, siteKey);
        QVERIFY(visitor);
        startConversation(*visitor);
        QVERIFY(visitor->waitFor(updateWith("assigned")));

        QCOMPARE(runAgentCommand(server, { "disable", "--email", ada }), 0);
        QElapsedTimer cutOff;
        cutOff.start();
        const auto closed = closedBy(*adaDesk, 3000);
        QVERIFY2(closed, "the disabled agent's connection stayed open");
        qInfo() << "closed" << cutOff.elapsed() << "ms after the command finished";
        QVERIFY(cutOff.elapsed() < 1000);
        QCOMPARE(closed->first, 4001);
        QCOMPARE(closed->second, QStringLiteral("account disabled"));
        // Its chat is back in the queue, and the next one waits there too: nobody is online.
        QVERIFY(visitor->waitFor(updateWith("queued"), 1000));
        auto next = arrivedVisitor(server, siteKey);
        QVERIFY(next);
        QCOMPARE(startConversation(*next).value("status").toString(), QStringLiteral("queued"));
        // Its token and password are refused.
        QCOMPARE(resume(server, tokenOf(authOk))->value("code").toString(),
            QStringLiteral("auth_failed"));
        QCOMPARE(authenticate(server,
                     { { "type", "auth.login" }, { "email", ada },
                         { "password", TestServer::password() } })
                     ->value("code")
                     .toString(),
            QStringLiteral("auth_failed"));
    }

    void disabledAgentInItsGracePeriodLosesItsChatsAtOnce()
    {
        TestServer server; // 60 s grace: the chat would wait that long for Ada to come back
        const QString siteKey = server.addSite();
        server.addAgent(ada, "Ada");
        QVERIFY(server.start());
        auto adaDesk = signedInAgent(server, ada);
        QVERIFY(adaDesk);
        auto visitor = arrivedVisitor(server, siteKey);
        QVERIFY(visitor);
        startConversation(*visitor);
        QVERIFY(visitor->waitFor(updateWith("assigned")));
        adaDesk->close(); // a dropped link: her chats wait for her
        QVERIFY(closedBy(*adaDesk, 2000));

        QCOMPARE(runAgentCommand(server, { "disable", "--email", ada }), 0);
        QVERIFY2(visitor->waitFor(updateWith("queued"), 1000),
            "the disabled agent kept its chat for its grace period");
    }

    void passwordChangeEndsEverySessionOfTheAgent()
    {
        TestServer server;
        server.addAgent(ada, "Ada");
        QVERIFY(server.start());
        QJsonObject desktopAuth;
        QJsonObject laptopAuth;
        auto desktop = signIn(server, ada, &desktopAuth);
        auto laptop = signIn(server, ada, &laptopAuth); // another sign-in: another session
        QVERIFY(desktop && laptop);

        QCOMPARE(runAgentCommand(server, { "passwd", "--email", ada }, "a new long password\n"), 0);
        QElapsedTimer cutOff;
        cutOff.start();
        for (TestClient *connection : { desktop.get(), laptop.get() }) {
            const auto closed = closedBy(*connection, 3000);
            QVERIFY2(closed, "a connection of the agent stayed open");
            QCOMPARE(closed->first, 4001);
            QCOMPARE(closed->second, QStringLiteral("password changed: sign in again"));
        }
        QVERIFY(cutOff.elapsed() < 1000);
        QVERIFY(!resumes(server, tokenOf(desktopAuth)));
        QVERIFY(!resumes(server, tokenOf(laptopAuth)));
        const auto oldPassword = authenticate(server,
            { { "type", "auth.login" }, { "email", ada }, { "password", TestServer::password() } });
        QCOMPARE(oldPassword->value("code").toString(), QStringLiteral("auth_failed"));
        const auto newPassword = authenticate(server,
            { { "type", "auth.login" }, { "email", ada }, { "password", "a new long password" } });
        QCOMPARE(newPassword->value("type").toString(), QStringLiteral("auth.ok"));
    }

    void administratorSignOutClosesTheAgentsConnections()
    {
        TestServer server;
        server.addAgent(ada, "Ada");
        QVERIFY(server.start());
        QJsonObject authOk;
        auto desk = signIn(server, ada, &authOk);
        QVERIFY(desk);

        QCOMPARE(runAgentCommand(server, { "sign-out", "--email", ada }), 0);
        const auto closed = closedBy(*desk, 1000);
        QVERIFY2(closed, "the agent's connection stayed open");
        QCOMPARE(closed->first, 4001);
        QCOMPARE(closed->second, QStringLiteral("signed out by an administrator"));
        QVERIFY(!resumes(server, tokenOf(authOk)));
        // The account itself is fine: signing in again works.
        QVERIFY(signIn(server, ada));
    }

    void resumedSessionGetsAFreshTokenAndTheOldOneStopsAfterAnOverlap()
    {
        ManualClock clock;
        TestServer server;
        server.addAgent(ada, "Ada");
        QVERIFY(server.start(&clock));
        QJsonObject authOk;
        QVERIFY(signIn(server, ada, &authOk));
        const QString first = tokenOf(authOk);

        const auto resumed = resume(server, first);
        QVERIFY(resumed && resumed->value("type").toString() == u"auth.ok");
        const QString second = tokenOf(resumed);
        QVERIFY(!second.isEmpty());
        QVERIFY(second != first);
        // A client that lost that auth.ok may retry with the token it had, for a short while.
        clock.advance(60'000);
        QVERIFY(resumes(server, first));
        clock.advance(61'000); // two minutes after it was replaced
        QVERIFY(!resumes(server, first));
        QVERIFY(resumes(server, second));
    }

    void idleSessionExpires()
    {
        ManualClock clock;
        TestServer server;
        server.addAgent(ada, "Ada");
        QVERIFY(server.start(&clock));
        QJsonObject authOk;
        {
            auto desk = signIn(server, ada, &authOk);
            QVERIFY(desk);
        } // the app is closed for the night
        clock.advance(11 * hourMs);
        const auto morning = resume(server, tokenOf(authOk));
        QVERIFY(morning && morning->value("type").toString() == u"auth.ok");
        m_clients.clear();
        clock.advance(12 * hourMs + 60'000); // 12 hours unused (the default)
        QVERIFY(!resumes(server, tokenOf(morning)));
    }

    void idleLimitIsConfigurable()
    {
        ManualClock clock;
        TestServer server;
        server.config().sessionIdleMs = hourMs;
        server.addAgent(ada, "Ada");
        QVERIFY(server.start(&clock));
        QJsonObject authOk;
        QVERIFY(signIn(server, ada, &authOk));
        clock.advance(hourMs + 1);
        QVERIFY(!resumes(server, tokenOf(authOk)));
    }

    void sessionEndsAtItsLifetimeEvenWhileInUse()
    {
        ManualClock clock;
        TestServer server;
        server.config().sessionLifetimeMs = dayMs;
        server.addAgent(ada, "Ada");
        QVERIFY(server.start(&clock));
        QJsonObject authOk;
        auto desk = signIn(server, ada, &authOk);
        QVERIFY(desk);
        // Used all along: resumed every few hours on other connections.
        QString token = tokenOf(authOk);
        for (int i = 0; i < 3; ++i) {
            clock.advance(7 * hourMs);
            const auto resumed = resume(server, token);
            QVERIFY(resumed && resumed->value("type").toString() == u"auth.ok");
            token = tokenOf(resumed);
        }
        clock.advance(4 * hourMs); // 25 hours after the sign-in
        const auto closed = closedBy(*desk, 1000);
        QVERIFY2(closed, "a connection outlived its session");
        QCOMPARE(closed->first, 4001);
        QCOMPARE(closed->second, QStringLiteral("session expired: sign in again"));
        QVERIFY(!resumes(server, token));
    }

    void visitorTokenIsNotHonouredPastItsLifetime()
    {
        ManualClock clock;
        TestServer server;
        const QString siteKey = server.addSite();
        QVERIFY(server.start(&clock));
        TestClient first;
        QVERIFY(first.open(server.port(), "/ws/visitor"));
        const auto welcome = first.hello(siteKey);
        QVERIFY(welcome);
        const QString visitorId = welcome->value("visitorId").toString();
        const QString token = welcome->value("visitorToken").toString();

        clock.advance(89 * dayMs);
        TestClient returning;
        QVERIFY(returning.open(server.port(), "/ws/visitor"));
        QCOMPARE(returning.hello(siteKey, token)->value("visitorId").toString(), visitorId);

        clock.advance(2 * dayMs); // 91 days after it was issued (the default is 90)
        TestClient late;
        QVERIFY(late.open(server.port(), "/ws/visitor"));
        const auto renewed = late.hello(siteKey, token);
        QVERIFY(renewed);
        QVERIFY(renewed->value("visitorId").toString() != visitorId);
        QVERIFY(renewed->value("visitorToken").toString() != token);
    }
};

QTEST_GUILESS_MAIN(TestSessions)
#include "tst_sessions.moc"
