#include "messageflood.h"
#include "serverprocess.h"

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QWebSocketProtocol>
#include <QtTest>

using namespace ChatScenario;

// Shutdown (docs/operations.md, "Stopping the server" and "Failure modes"): SIGTERM in the
// middle of a flood of messages. The server stops reading, lets the database answer what it
// was asked, sends every committed message's ack, closes each WebSocket with 1001 "going away"
// and exits 0 within its shutdown timeout. Afterwards the database and the acks agree exactly:
// no message is stored that its sender was not told of (it would resend it as new), and no
// ack names a message that is not stored.
class TestShutdown : public QObject
{
    Q_OBJECT

    static constexpr int visitors = 6;
    static constexpr int messagesEach = 4000;
    static constexpr int shutdownTimeoutSeconds = 10;

private slots:
    void sigtermMidFloodAcksEveryStoredMessageAndClosesWith1001()
    {
        TestServer setup;
        const QString siteKey = setup.addSite();
        ServerProcess server;
        QVERIFY(server.start(setup.databasePath(),
            MessageFlood::serverOptions()
                + QStringList { "--shutdown-timeout-seconds",
                    QString::number(shutdownTimeoutSeconds),
                    // As under overload: the sockets pause while the writer is behind, so at the
                    // signal there are writes in flight and messages not read yet (a fast
                    // server would otherwise have read the whole flood before the signal).
                    "--writer-backlog-pause", "64" }));
        MessageFlood flood;
        QVERIFY(flood.connect(server.port(), siteKey, visitors));
        QVERIFY(flood.sendAndWaitForTheFirstAck(messagesEach));

        QElapsedTimer stopping;
        stopping.start();
        const std::optional<int> exitCode = server.terminate((shutdownTimeoutSeconds + 20) * 1000);
        QVERIFY2(exitCode, "the server did not exit, or crashed");
        QCOMPARE(*exitCode, 0);
        // The documented bound, with room for a loaded machine to notice the exit.
        QVERIFY2(stopping.elapsed() < (shutdownTimeoutSeconds + 5) * 1000,
            qPrintable(QStringLiteral("exited after %1 ms").arg(stopping.elapsed())));

        for (const auto &client : flood.clients()) {
            QTRY_VERIFY_WITH_TIMEOUT(!client->isOpen(), 5000);
            QCOMPARE(client->socket().closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
        }
        const QSet<QString> acked = flood.acked();
        QVERIFY2(acked.size() < flood.sent(),
            "the flood was over before the signal: nothing was in flight");

        const auto stored = MessageFlood::storedIn(setup.databasePath());
        QVERIFY(stored);
        const QSet<QString> storedNotAcked = QSet<QString>(*stored).subtract(acked);
        const QSet<QString> ackedNotStored = QSet<QString>(acked).subtract(*stored);
        QVERIFY2(storedNotAcked.isEmpty(),
            qPrintable(QStringLiteral("%1 of %2 stored messages were never acked, e.g. %3")
                           .arg(storedNotAcked.size())
                           .arg(stored->size())
                           .arg(MessageFlood::someOf(storedNotAcked))));
        QVERIFY2(ackedNotStored.isEmpty(),
            qPrintable(QStringLiteral("%1 acks name messages not stored, e.g. %2")
                           .arg(ackedNotStored.size())
                           .arg(MessageFlood::someOf(ackedNotStored))));
    }

    void aSecondSignalEndsTheDrainAtOnce()
    {
        TestServer setup;
        ServerProcess server;
        QVERIFY(server.start(setup.databasePath(), { "--shutdown-timeout-seconds", "60" }));
        // A peer that never answers a close keeps the drain waiting for it (2 s).
        QTcpSocket silent;
        silent.connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(silent.waitForConnected(5000));
        silent.write("GET /ws/agent HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                     "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                     "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: chat.v1\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(silent.peek(12).startsWith("HTTP/1.1 101"), 5000);

        // The second signal does not wait for the drain: the server exits at once, with
        // status 1 (a drain that finishes exits 0). Two different signals, as the kernel
        // merges a signal sent again before the first was handled.
        server.sendSignal(SIGTERM);
        server.sendSignal(SIGINT);
        const std::optional<int> exitCode = server.waitForExit(30'000);
        QVERIFY2(exitCode, "the server did not exit, or crashed");
        QCOMPARE(*exitCode, 1);
    }

    void aPeerThatIgnoresTheCloseDoesNotHoldTheExit()
    {
        TestServer setup;
        ServerProcess server;
        QVERIFY(server.start(setup.databasePath(), { "--shutdown-timeout-seconds", "60" }));
        QTcpSocket silent;
        silent.connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(silent.waitForConnected(5000));
        silent.write("GET /ws/agent HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                     "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                     "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: chat.v1\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(silent.peek(12).startsWith("HTTP/1.1 101"), 5000);
        // Nothing was in flight: a peer that does not answer the close is cut after 2 s, and
        // the drain still ends well (exit 0).
        const std::optional<int> exitCode = server.terminate(30'000);
        QVERIFY2(exitCode, "the server did not exit, or crashed");
        QCOMPARE(*exitCode, 0);
    }

    void aDrainThatRunsOutOfTimeExitsWithStatus1AndAcksNothingUnstored()
    {
        TestServer setup;
        const QString siteKey = setup.addSite();
        ServerProcess server;
        QVERIFY(server.start(setup.databasePath(), { "--shutdown-timeout-seconds", "1" }));
        TestClient visitor;
        QVERIFY(visitor.open(server.port(), "/ws/visitor"));
        QVERIFY(visitor.hello(siteKey));
        const QString conversationId = startConversation(visitor).value("id").toString();
        QVERIFY(!conversationId.isEmpty());

        // Another process holds the database's write lock: the server's writes wait (5 s).
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "lock");
        db.setDatabaseName(setup.databasePath());
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db).exec(QStringLiteral("BEGIN IMMEDIATE")));
        for (int n = 0; n < 20; ++n)
            visitor.send({ { "type", "message.send" }, { "rid", QString::number(n) },
                { "conversationId", conversationId },
                { "clientId", QStringLiteral("stuck-%1").arg(n) }, { "body", "hello" } });
        // Frames are handled in order: the pong says the messages went to the database.
        QVERIFY(visitor.request({ { "type", "ping" } }));

        const std::optional<int> exitCode = server.terminate(30'000);
        QVERIFY2(exitCode, "the server did not exit, or crashed");
        QCOMPARE(*exitCode, 1);
        QTRY_VERIFY_WITH_TIMEOUT(!visitor.isOpen(), 5000);
        QCOMPARE(visitor.socket().closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
        QCOMPARE(visitor.count(ofType("message.ack")), 0);
        QVERIFY(QSqlQuery(db).exec(QStringLiteral("ROLLBACK")));
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("lock"));
        const auto stored = MessageFlood::storedIn(setup.databasePath());
        QVERIFY(stored && stored->isEmpty());
    }

    void agentsBackWithinTheGraceKeepTheirStatusAfterASigtermRestart()
    {
        TestServer setup;
        const QString siteKey = setup.addSite();
        const QString graceId = setup.addAgent("grace@example.com", "Grace");
        setup.addAgent("alan@example.com", "Alan");
        ServerProcess server;
        QVERIFY(server.start(setup.databasePath(), { "--agent-grace-seconds", "60" }));
        auto signIn = [&server](const QString &email, const QString &status) {
            auto agent = std::make_unique<TestClient>();
            const bool ok = agent->open(server.port(), "/ws/agent")
                && agent->login(email, TestServer::password())
                && agent->request({ { "type", "presence.set" }, { "status", status } });
            return ok ? std::move(agent) : nullptr;
        };
        auto grace = signIn("grace@example.com", "online");
        auto alan = signIn("alan@example.com", "away");
        QVERIFY(grace && alan);
        const QString graceToken = grace->received().first().value("sessionToken").toString();
        const QString alanToken = alan->received().first().value("sessionToken").toString();
        QVERIFY(!graceToken.isEmpty() && !alanToken.isEmpty());

        QCOMPARE(server.terminate(), std::optional<int>(0));
        for (TestClient *agent : { grace.get(), alan.get() }) {
            QTRY_VERIFY_WITH_TIMEOUT(!agent->isOpen(), 5000);
            QCOMPARE(agent->socket().closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
        }
        QVERIFY(server.start(setup.databasePath(), { "--agent-grace-seconds", "60" }));

        // Both resume (as the app does after 1001) within the grace, and keep their status.
        const QList<std::pair<QString, QString>> resumes { { graceToken, "online" },
            { alanToken, "away" } };
        std::vector<std::unique_ptr<TestClient>> resumed;
        for (const auto &[token, status] : resumes) {
            auto agent = std::make_unique<TestClient>();
            QVERIFY(agent->open(server.port(), "/ws/agent"));
            const auto ok
                = agent->request({ { "type", "auth.resume" }, { "sessionToken", token } }, 10000);
            QVERIFY(ok);
            QCOMPARE(ok->value("type").toString(), QStringLiteral("auth.ok"));
            QCOMPARE(ok->value("agent").toObject().value("status").toString(), status);
            resumed.push_back(std::move(agent));
        }
        // A new chat goes to the agent who was online, without another presence.set.
        TestClient visitor;
        QVERIFY(visitor.open(server.port(), "/ws/visitor"));
        QVERIFY(visitor.hello(siteKey));
        QVERIFY(!startConversation(visitor).isEmpty());
        QVERIFY(visitor.waitFor(updateWith("assigned", graceId)));
        QCOMPARE(server.terminate(), std::optional<int>(0));
    }
};

QTEST_MAIN(TestShutdown)
#include "tst_shutdown.moc"
