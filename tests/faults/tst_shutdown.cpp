#include "serverprocess.h"

#include <chatscenario.h>

#include <QElapsedTimer>
#include <QSet>
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
    static constexpr int messagesEach = 1500;
    static constexpr int shutdownTimeoutSeconds = 10;

    /// Limits off: one machine floods, and a refusal would only thin the flood.
    static QStringList floodOptions()
    {
        return { "--limit-visitor-frames", "0", "--limit-visitor-messages", "0",
            "--limit-flood-close", "0", "--shutdown-timeout-seconds",
            QString::number(shutdownTimeoutSeconds) };
    }

    using MessageKey = QString; // conversationId/clientId

    static QSet<MessageKey> ackedBy(const TestClient &client)
    {
        QSet<MessageKey> acked;
        for (const QJsonObject &m : client.received())
            if (m.value("type").toString() == u"message.ack")
                acked.insert(
                    m.value("conversationId").toString() + u'/' + m.value("clientId").toString());
        return acked;
    }

    /// The visitors' messages in the database at @p path (the server has exited).
    static QSet<MessageKey> storedVisitorMessages(const QString &path)
    {
        QSet<MessageKey> stored;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "check");
            db.setDatabaseName(path);
            if (db.open()) {
                QSqlQuery query(db);
                query.exec(QStringLiteral("SELECT conversation_id, client_id FROM messages "
                                          "WHERE author_role = 'visitor'"));
                while (query.next())
                    stored.insert(query.value(0).toString() + u'/' + query.value(1).toString());
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
        return stored;
    }

    static QStringList firstFew(const QSet<MessageKey> &keys)
    {
        QStringList list = keys.values();
        list.sort();
        return list.mid(0, 5);
    }

private slots:
    void sigtermMidFloodAcksEveryStoredMessageAndClosesWith1001()
    {
        TestServer setup;
        const QString siteKey = setup.addSite();
        ServerProcess server;
        QVERIFY(server.start(setup.databasePath(), floodOptions()));

        std::vector<std::unique_ptr<TestClient>> clients;
        QStringList conversations;
        for (int i = 0; i < visitors; ++i) {
            auto client = std::make_unique<TestClient>();
            QVERIFY(client->open(server.port(), "/ws/visitor"));
            QVERIFY(client->hello(siteKey));
            const QString conversationId = startConversation(*client).value("id").toString();
            QVERIFY(!conversationId.isEmpty());
            conversations.append(conversationId);
            clients.push_back(std::move(client));
        }
        // Every visitor puts its whole flood on the wire at once: thousands in flight.
        const QString body(120, u'x');
        for (int i = 0; i < visitors; ++i)
            for (int n = 0; n < messagesEach; ++n)
                clients[i]->send({ { "type", "message.send" }, { "rid", QString::number(n) },
                    { "conversationId", conversations[i] },
                    { "clientId", QStringLiteral("v%1-%2").arg(i).arg(n) }, { "body", body } });
        auto ackCount = [&clients] {
            qsizetype count = 0;
            for (const auto &client : clients)
                count += ackedBy(*client).size();
            return count;
        };
        QTRY_VERIFY_WITH_TIMEOUT(ackCount() >= 50, 20'000);

        QElapsedTimer stopping;
        stopping.start();
        const std::optional<int> exitCode = server.terminate((shutdownTimeoutSeconds + 20) * 1000);
        QVERIFY2(exitCode, "the server did not exit, or crashed");
        QCOMPARE(*exitCode, 0);
        // The documented bound, with room for a loaded machine to notice the exit.
        QVERIFY2(stopping.elapsed() < (shutdownTimeoutSeconds + 5) * 1000,
            qPrintable(QStringLiteral("exited after %1 ms").arg(stopping.elapsed())));

        QSet<MessageKey> acked;
        for (const auto &client : clients) {
            QTRY_VERIFY_WITH_TIMEOUT(!client->isOpen(), 5000);
            QCOMPARE(client->socket().closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
            acked.unite(ackedBy(*client));
        }
        QVERIFY2(acked.size() < visitors * messagesEach,
            "the flood was over before the signal: nothing was in flight");

        const QSet<MessageKey> stored = storedVisitorMessages(setup.databasePath());
        const QSet<MessageKey> storedNotAcked = QSet<MessageKey>(stored).subtract(acked);
        const QSet<MessageKey> ackedNotStored = QSet<MessageKey>(acked).subtract(stored);
        QVERIFY2(storedNotAcked.isEmpty(),
            qPrintable(QStringLiteral("%1 of %2 stored messages were never acked, e.g. %3")
                           .arg(storedNotAcked.size())
                           .arg(stored.size())
                           .arg(firstFew(storedNotAcked).join(u", "))));
        QVERIFY2(ackedNotStored.isEmpty(),
            qPrintable(QStringLiteral("%1 acks name messages not stored, e.g. %2")
                           .arg(ackedNotStored.size())
                           .arg(firstFew(ackedNotStored).join(u", "))));
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
        QVERIFY(storedVisitorMessages(setup.databasePath()).isEmpty());
    }
};

QTEST_MAIN(TestShutdown)
#include "tst_shutdown.moc"
