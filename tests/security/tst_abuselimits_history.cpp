#include "serverprocess.h"

#include <chatscenario.h>

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QtTest>

using namespace ChatScenario;

// Memory amplification (docs/security.md, "Abuse limits"): a visitor with a long history asks
// for it 300 times on a connection it never reads. The server reads history pages one at a
// time per connection and bounds each in bytes, so the unread replies stop at the send
// backlog's bound: the connection is dropped (1008 on the server's side, a reset on the wire)
// and the server's memory stays under a bound, while a normal client keeps working.
class TestAbuseLimitsHistory : public QObject
{
    Q_OBJECT

    static constexpr int historyLength = 200;
    /// How much the server's RSS may grow during the attack (docs/security.md).
    static constexpr qint64 maxGrowthKiB = 96 * 1024;

    /// One masked text frame (mask key 0, so the payload reads as is), as a client sends.
    static QByteArray clientFrame(const QJsonObject &message)
    {
        const QByteArray payload = QJsonDocument(message).toJson(QJsonDocument::Compact);
        QByteArray frame;
        frame.append(char(0x81));
        if (payload.size() < 126) {
            frame.append(char(0x80 | payload.size()));
        } else {
            frame.append(char(0x80 | 126));
            frame.append(char(payload.size() >> 8));
            frame.append(char(payload.size() & 0xff));
        }
        frame.append(QByteArray(4, '\0'));
        return frame + payload;
    }

    static bool upgrade(QTcpSocket &socket, quint16 port)
    {
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (!socket.waitForConnected(5000))
            return false;
        socket.write(QStringLiteral("GET /ws/visitor HTTP/1.1\r\nHost: 127.0.0.1:%1\r\n"
                                    "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                    "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: "
                                    "chat.v1\r\nOrigin: %2\r\n\r\n")
                         .arg(port)
                         .arg(TestClient::siteOrigin())
                         .toLatin1());
        QByteArray head;
        QElapsedTimer timer;
        timer.start();
        while (!head.contains("\r\n\r\n") && timer.elapsed() < 5000)
            if (socket.waitForReadyRead(100))
                head += socket.read(4096 - head.size());
        return head.startsWith("HTTP/1.1 101");
    }

private slots:
    void aClientThatNeverReadsIsDroppedBeforeMemoryGrows_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::newRow("default limits") << QStringList();
        // Without the frame limits the flood close does not end it early: the pages read one at
        // a time and the send backlog's bound alone keep the memory down.
        QTest::newRow("no frame limits")
            << QStringList { "--limit-visitor-frames", "0", "--limit-flood-close", "0" };
    }

    void aClientThatNeverReadsIsDroppedBeforeMemoryGrows()
    {
        QFETCH(QStringList, options);
        TestServer setup;
        const QString site = setup.addSite();
        setup.addAgent("grace@example.com", "Grace", 3);
        ServerProcess server;
        QVERIFY(server.start(setup.databasePath(), options));

        TestClient grace;
        QVERIFY(grace.open(server.port(), "/ws/agent"));
        QVERIFY(grace.login("grace@example.com", TestServer::password()));
        QVERIFY(grace.request({ { "type", "presence.set" }, { "status", "online" } }));
        TestClient ada;
        QVERIFY(ada.open(server.port(), "/ws/visitor") && ada.hello(site));
        const QString token = ada.received().first().value("visitorToken").toString();
        const QString chat = startConversation(ada).value("id").toString();
        QVERIFY(!chat.isEmpty());
        QVERIFY(grace.waitFor(updateWith("assigned")));
        // A long history of long messages: 200 × 4,000 three-byte characters, 2.4 MB a page.
        const QString body(4000, QChar(0x20AC));
        for (int i = 0; i < historyLength; ++i) {
            const auto ack = grace.request({ { "type", "message.send" }, { "conversationId", chat },
                { "clientId", QStringLiteral("g%1").arg(i) }, { "body", body } });
            QVERIFY(ack && ack->value("type").toString() == u"message.ack");
        }
        const qint64 before = server.rssKiB();
        QVERIFY(before > 0);

        // The attack: Ada's identity on a raw socket that asks and never reads.
        QTcpSocket attacker;
        attacker.setReadBufferSize(64 * 1024); // Qt stops reading from the kernel past this
        QVERIFY(upgrade(attacker, server.port()));
        attacker.write(
            clientFrame({ { "type", "hello" }, { "siteKey", site }, { "visitorToken", token } }));
        QByteArray welcome; // its one read: the welcome, so that the requests count as Ada's
        QElapsedTimer waited;
        waited.start();
        while (!welcome.contains("\"welcome\"") && waited.elapsed() < 5000)
            if (attacker.waitForReadyRead(100))
                welcome += attacker.readAll();
        QVERIFY(welcome.contains("\"welcome\""));
        QByteArray frames;
        for (int i = 0; i < 300; ++i)
            frames += clientFrame({ { "type", "history.fetch" }, { "rid", QString::number(i) },
                { "conversationId", chat }, { "limit", historyLength } });
        attacker.write(frames);
        QVERIFY(attacker.waitForBytesWritten(5000));

        qint64 peak = before;
        QElapsedTimer timer;
        timer.start();
        bool dropped = false;
        while (timer.elapsed() < 20'000 && !dropped) {
            QTest::qWait(20);
            peak = std::max(peak, server.rssKiB());
            // Read what is there: a reset (or the end) shows once the buffer is drained.
            if (attacker.state() != QAbstractSocket::ConnectedState)
                dropped = true;
            else if (timer.elapsed() > 3000) {
                attacker.setReadBufferSize(0);
                attacker.readAll();
            }
        }
        qInfo("server RSS %lld KiB before, peak %lld KiB during the attack (+%lld KiB)", before,
            peak, peak - before);
        QVERIFY2(dropped, "the client that never reads was not dropped");
        QVERIFY2(peak - before < maxGrowthKiB,
            qPrintable(QStringLiteral("grew by %1 KiB").arg(peak - before)));

        // A normal client keeps working, and pages through the whole history.
        QVERIFY(server.isRunning());
        QVERIFY(grace.request({ { "type", "message.send" }, { "conversationId", chat },
            { "clientId", "after" }, { "body", "Still there?" } }));
        QVERIFY(ada.waitFor(messageWithBody("Still there?")));
        int fetched = 0;
        QJsonObject fetch { { "type", "history.fetch" }, { "conversationId", chat },
            { "afterSeq", 0 }, { "limit", historyLength } };
        for (int pages = 0; pages < 100; ++pages) {
            const auto page = ada.request(fetch);
            QVERIFY(page && page->value("type").toString() == u"history");
            QVERIFY(QJsonDocument(*page).toJson(QJsonDocument::Compact).size() < 300 * 1024);
            const QJsonArray messages = page->value("messages").toArray();
            QVERIFY(!messages.isEmpty());
            fetched += messages.size();
            if (!page->value("hasMore").toBool())
                break;
            fetch.insert("afterSeq", messages.last().toObject().value("seq"));
        }
        QVERIFY(fetched > historyLength); // every message, over several bounded pages
    }
};

QTEST_GUILESS_MAIN(TestAbuseLimitsHistory)
#include "tst_abuselimits_history.moc"
