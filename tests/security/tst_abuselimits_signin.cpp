#include "rawwebsocket.h"

#include <testclient.h>
#include <testserver.h>

#include <core/clock.h>
#include <core/passwordhasher.h>
#include <storage/sqlstore.h>
#include <storage/tables/agenttable.h>

#include <QElapsedTimer>
#include <QtTest>

// Sign-in limits as a password guesser would meet them: a burst of wrong passwords from one
// address is refused beyond a few (rate_limited, with the time to wait) before it costs a hash,
// and holds up no other address's sign-in; guesses at one account back off from any address and
// the right password works once the back-off is over; bad session tokens back off further
// resumes from their address.
class TestAbuseLimitsSignIn : public QObject
{
    Q_OBJECT

    static constexpr char ada[] = "ada@example.com";
    static constexpr char ben[] = "ben@example.com";
    static inline const QHostAddress attacker { QStringLiteral("127.0.0.2") };

    /// Gives @p email the password hash of a real account (the production cost), so checking
    /// it takes as long as it would in production.
    static bool useRealPasswordCost(TestServer &server, const QString &email)
    {
        const QString hash = PasswordHasher::hash(TestServer::password());
        SqlStore store(server.databasePath());
        return !store.open() && store.runBlocking([&](QSqlDatabase &db) {
            return AgentTable(db).setPasswordHash(email, hash);
        });
    }

    /// How long a fresh connection's auth.login for @p email takes to be answered, in ms; -1 if it
    /// is not auth.ok within a minute.
    static qint64 timedSignIn(TestServer &server, const QString &email)
    {
        TestClient client;
        if (!client.open(server.port(), "/ws/agent"))
            return -1;
        QElapsedTimer timer;
        timer.start();
        const auto reply = client.request({ { "type", "auth.login" }, { "email", email },
                                              { "password", TestServer::password() } },
            60'000);
        const qint64 elapsed = timer.elapsed();
        return reply && reply->value("type").toString() == u"auth.ok" ? elapsed : -1;
    }

    /// @p count raw connections from @p source upgraded to /ws/agent.
    static std::vector<std::unique_ptr<RawWebSocket>> openAgents(
        TestServer &server, const QHostAddress &source, int count)
    {
        std::vector<std::unique_ptr<RawWebSocket>> sockets;
        for (int i = 0; i < count; ++i) {
            sockets.push_back(std::make_unique<RawWebSocket>());
            sockets.back()->connectFrom(source, server.port());
        }
        if (!QTest::qWaitFor(
                [&] {
                    return std::all_of(sockets.begin(), sockets.end(),
                        [](const auto &s) { return s->connected(); });
                },
                20'000))
            return {};
        for (auto &s : sockets)
            s->startUpgrade("/ws/agent");
        if (!QTest::qWaitFor(
                [&] {
                    return std::all_of(sockets.begin(), sockets.end(),
                        [](const auto &s) { return s->answered(); });
                },
                20'000))
            return {};
        for (const auto &s : sockets)
            if (s->status() != 101)
                return {};
        return sockets;
    }

    static QJsonObject login(const QString &email, const QString &password)
    {
        return { { "type", "auth.login" }, { "rid", "a" }, { "email", email },
            { "password", password } };
    }

    /// Waits until each of @p sockets has its sign-in answered; the answers' codes by count.
    static QHash<QString, int> answers(
        std::vector<std::unique_ptr<RawWebSocket>> &sockets, QList<QJsonObject> *errors = nullptr)
    {
        const bool all = QTest::qWaitFor(
            [&] {
                return std::all_of(sockets.begin(), sockets.end(),
                    [](const auto &s) { return !s->messages().isEmpty(); });
            },
            120'000);
        QHash<QString, int> codes;
        for (auto &s : sockets) {
            if (s->messages().isEmpty())
                continue;
            const QJsonObject &m = s->messages().first();
            ++codes[m.value("type").toString() == u"error" ? m.value("code").toString()
                                                           : m.value("type").toString()];
            if (errors && m.value("type").toString() == u"error")
                errors->append(m);
        }
        if (!all)
            codes[QStringLiteral("unanswered")] = 1;
        return codes;
    }

private slots:
    void burstOfWrongPasswordsDoesNotDelayAnotherAddressesSignIn()
    {
        TestServer server;
        server.config().addressLimits = { 0, 0, 0 }; // only the sign-in limits at work here
        server.addAgent(ada, "Ada");
        QVERIFY(useRealPasswordCost(server, ada));
        QVERIFY(server.start());

        // Quiet: the sign-in costs one password hash (twice, the slower counts).
        const qint64 quiet = std::max(timedSignIn(server, ada), timedSignIn(server, ada));
        QVERIFY(quiet > 0);

        // 200 wrong passwords, each on its own connection from the attacker's address, sent at
        // once; then a real agent signs in from another address.
        auto guesses = openAgents(server, attacker, 200);
        QCOMPARE(guesses.size(), size_t(200));
        for (size_t i = 0; i < guesses.size(); ++i)
            guesses[i]->sendJson(login(QStringLiteral("guess%1@example.com").arg(i), "hunter2"));
        for (auto &g : guesses)
            g->socket().flush();
        const qint64 attacked = timedSignIn(server, ada);
        QVERIFY2(attacked > 0, "the real sign-in failed or took over a minute");

        QList<QJsonObject> errors;
        const QHash<QString, int> codes = answers(guesses, &errors);
        qInfo() << "quiet sign-in" << quiet << "ms; during 200 wrong passwords" << attacked
                << "ms; the attacker's answers" << codes;
        QVERIFY2(!codes.contains("unanswered"), "some guesses were never answered");
        QVERIFY2(attacked <= 2 * quiet + 1000,
            qPrintable(QStringLiteral("quiet %1 ms, under attack %2 ms").arg(quiet).arg(attacked)));
        // Beyond a few checked at once, the guesses are refused unchecked, with a time to wait.
        QVERIFY(codes.value("rate_limited") >= 150);
        QCOMPARE(codes.value("rate_limited") + codes.value("auth_failed"), 200);
        for (const QJsonObject &e : std::as_const(errors))
            if (e.value("code").toString() == u"rate_limited")
                QVERIFY(e.value("retryAfterMs").toInteger() > 0);
    }

    void guessesAtOneAccountBackOffFromAnyAddress()
    {
        ManualClock clock;
        TestServer server;
        server.addAgent(ben, "Ben");
        QVERIFY(server.start(&clock));

        // Ten wrong passwords for one account at once, over ten connections from two addresses:
        // five are checked (the account's free failures), the others are refused unchecked.
        auto guesses = openAgents(server, QHostAddress::LocalHost, 5);
        auto moreGuesses = openAgents(server, attacker, 5);
        QCOMPARE(guesses.size() + moreGuesses.size(), size_t(10));
        for (auto &g : moreGuesses)
            guesses.push_back(std::move(g));
        for (auto &g : guesses)
            g->sendJson(login(ben, "wrong password"));
        const QHash<QString, int> codes = answers(guesses);
        QCOMPARE(codes.value("auth_failed"), 5);
        QCOMPARE(codes.value("rate_limited"), 5);

        // Now the account is backing off: even the right password, from another address, waits.
        auto other = openAgents(server, attacker, 1);
        QCOMPARE(other.size(), size_t(1));
        other[0]->sendJson(login(QString(ben).toUpper(), TestServer::password()));
        QList<QJsonObject> errors;
        QCOMPARE(answers(other, &errors).value("rate_limited"), 1);
        const qint64 retryAfterMs = errors.first().value("retryAfterMs").toInteger();
        QVERIFY(retryAfterMs > 0 && retryAfterMs <= 1000);

        // Once the wait is over the right password works, and clears the account's count.
        clock.advance(retryAfterMs);
        TestClient agent;
        QVERIFY(agent.open(server.port(), "/ws/agent"));
        QCOMPARE(agent.login(ben, TestServer::password())->value("type").toString(), "auth.ok");
        TestClient typo;
        QVERIFY(typo.open(server.port(), "/ws/agent"));
        QCOMPARE(typo.login(ben, "typo")->value("code").toString(), "auth_failed");

        // Each further failure past the free ones doubles the wait.
        for (int i = 0; i < 4; ++i) {
            TestClient guess;
            QVERIFY(guess.open(server.port(), "/ws/agent"));
            QCOMPARE(guess.login(ben, "typo")->value("code").toString(), "auth_failed");
        }
        clock.advance(1000);
        TestClient sixth;
        QVERIFY(sixth.open(server.port(), "/ws/agent"));
        QCOMPARE(sixth.login(ben, "typo")->value("code").toString(), "auth_failed");
        TestClient seventh;
        QVERIFY(seventh.open(server.port(), "/ws/agent"));
        const auto refused = seventh.login(ben, TestServer::password());
        QCOMPARE(refused->value("code").toString(), "rate_limited");
        QCOMPARE(refused->value("retryAfterMs").toInteger(), 2000);
    }

    void badSessionTokensAreCountedPerAddress()
    {
        ManualClock clock;
        TestServer server;
        server.addAgent(ada, "Ada");
        QVERIFY(server.start(&clock));
        auto tokens = openAgents(server, attacker, 22);
        QCOMPARE(tokens.size(), size_t(22));
        for (int i = 0; i < 20; ++i) {
            tokens[i]->sendJson({ { "type", "auth.resume" }, { "rid", "r" },
                { "sessionToken", QStringLiteral("stolen-%1").arg(i) } });
            QVERIFY(QTest::qWaitFor([&] { return !tokens[i]->messages().isEmpty(); }, 5000));
            QCOMPARE(tokens[i]->messages().first().value("code").toString(), "auth_failed");
        }
        tokens[20]->sendJson(
            { { "type", "auth.resume" }, { "rid", "r" }, { "sessionToken", "stolen-20" } });
        QVERIFY(QTest::qWaitFor([&] { return !tokens[20]->messages().isEmpty(); }, 5000));
        const QJsonObject refused = tokens[20]->messages().first();
        QCOMPARE(refused.value("code").toString(), "rate_limited");
        QVERIFY(refused.value("retryAfterMs").toInteger() > 0);
        // Bad tokens back off only resumes: a password sign-in from the same address goes on.
        tokens[21]->sendJson(login(ada, TestServer::password()));
        QVERIFY(QTest::qWaitFor([&] { return !tokens[21]->messages().isEmpty(); }, 10'000));
        QCOMPARE(tokens[21]->messages().first().value("type").toString(), "auth.ok");
    }
};

QTEST_GUILESS_MAIN(TestAbuseLimitsSignIn)
#include "tst_abuselimits_signin.moc"
