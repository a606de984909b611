#include <chatscenario.h>
#include <testclient.h>
#include <testserver.h>

#include <core/passwordhasher.h>

#include <QElapsedTimer>
#include <QtTest>

using namespace ChatScenario;

// Agents' sessions as an attacker (or a fired employee) would try them: sign-in probes must not
// hold up other clients.
class TestSessions : public QObject
{
    Q_OBJECT

    static constexpr char ada[] = "ada@example.com";

private slots:
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
        QVERIFY2(worstRoundTrip * 3 < hashMs,
            qPrintable(QStringLiteral("a ping took %1 ms; a password hash takes %2 ms")
                           .arg(worstRoundTrip)
                           .arg(hashMs)));
    }
};

QTEST_GUILESS_MAIN(TestSessions)
#include "tst_sessions.moc"
