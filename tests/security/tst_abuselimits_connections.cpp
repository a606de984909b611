#include "rawwebsocket.h"

#include <testserver.h>

#include <QElapsedTimer>
#include <QtTest>

// Per-address connection limits as a socket flood would meet them: beyond the sockets one
// address may hold open, or faster than its new connections per second, a connection is
// answered 429 with a JSON reason as soon as it is accepted and closed, while another address
// (127.0.0.2, a second loopback address) connects as usual; a closed socket frees its place.
class TestAbuseLimitsConnections : public QObject
{
    Q_OBJECT

    static inline const QHostAddress flooder = QHostAddress::LocalHost;
    static inline const QHostAddress other { QStringLiteral("127.0.0.2") };

    /// A connection from @p source that asked to upgrade to /ws/agent and got its answer; null if
    /// none came within 10 s.
    static std::unique_ptr<RawWebSocket> upgrade(TestServer &server, const QHostAddress &source)
    {
        auto socket = std::make_unique<RawWebSocket>();
        socket->connectFrom(source, server.port());
        if (!QTest::qWaitFor([&] { return socket->connected() || socket->closed(); }, 10'000))
            return nullptr;
        socket->startUpgrade("/ws/agent");
        if (!QTest::qWaitFor([&] { return socket->answered() || socket->closed(); }, 10'000))
            return nullptr;
        socket->answered();
        return socket;
    }

    /// The JSON body of a refusal.
    static QJsonObject bodyOf(RawWebSocket &socket)
    {
        const QByteArray &answer = socket.answer();
        return QJsonDocument::fromJson(answer.mid(answer.indexOf("\r\n\r\n") + 4)).object();
    }

private slots:
    void socketsBeyondTheLimitOfOneAddressAreRefused()
    {
        TestServer server;
        server.config().addressLimits = { 20, 0, 0 };
        QVERIFY(server.start());

        std::vector<std::unique_ptr<RawWebSocket>> open;
        for (int i = 0; i < 20; ++i) {
            open.push_back(upgrade(server, flooder));
            QVERIFY(open.back());
            QCOMPARE(open.back()->status(), 101);
        }
        // The 21st from the same address: 429, a JSON reason, then closed.
        auto refused = upgrade(server, flooder);
        QVERIFY(refused);
        QCOMPARE(refused->status(), 429);
        QCOMPARE(bodyOf(*refused).value("error").toString(), "too_many_connections");
        QTRY_VERIFY(refused->closed());
        // Plain HTTP from there is refused as well: the limit is on sockets.
        auto http = std::make_unique<RawWebSocket>();
        http->connectFrom(flooder, server.port());
        QTRY_VERIFY(http->answered());
        QCOMPARE(http->status(), 429);

        // Another address connects as usual.
        auto neighbour = upgrade(server, other);
        QVERIFY(neighbour);
        QCOMPARE(neighbour->status(), 101);

        // A socket closed frees its place.
        open.front()->socket().disconnectFromHost();
        open.erase(open.begin());
        QVERIFY(QTest::qWaitFor(
            [&] {
                auto again = upgrade(server, flooder);
                return again && again->status() == 101 && (open.push_back(std::move(again)), true);
            },
            5000));
    }

    void newConnectionsFasterThanTheRateAreRefused()
    {
        TestServer server;
        // 10 at once, then one a second.
        server.config().addressLimits = { 0, 1, 10 };
        QVERIFY(server.start());

        QElapsedTimer timer;
        timer.start();
        std::vector<std::unique_ptr<RawWebSocket>> sockets;
        for (int i = 0; i < 20; ++i) {
            sockets.push_back(upgrade(server, flooder));
            QVERIFY(sockets.back());
        }
        const qint64 elapsedMs = timer.elapsed();
        int accepted = 0;
        QJsonObject refusal;
        QByteArray refusalHead;
        for (const auto &s : sockets) {
            if (s->status() == 101)
                ++accepted;
            else if (s->status() == 429) {
                refusal = bodyOf(*s);
                refusalHead = s->answer();
            }
        }
        qInfo() << accepted << "of 20 connections in" << elapsedMs << "ms accepted";
        // The burst, plus one a second for the time the test took.
        QVERIFY(accepted >= 10);
        QVERIFY(accepted <= 10 + elapsedMs / 1000 + 1);
        QCOMPARE(refusal.value("error").toString(), "connecting_too_fast");
        QVERIFY(refusalHead.toLower().contains("retry-after: 1\r\n"));

        // Another address is not affected.
        auto neighbour = upgrade(server, other);
        QVERIFY(neighbour);
        QCOMPARE(neighbour->status(), 101);
    }

    void defaultsLetAnOfficeBehindOneAddressConnect()
    {
        // A hundred agents and their browsers behind one NAT reconnect at once after a restart.
        TestServer server;
        QVERIFY(server.start());
        std::vector<std::unique_ptr<RawWebSocket>> sockets;
        for (int i = 0; i < 100; ++i) {
            sockets.push_back(std::make_unique<RawWebSocket>());
            sockets.back()->connectFrom(flooder, server.port());
        }
        QVERIFY(QTest::qWaitFor(
            [&] {
                return std::all_of(sockets.begin(), sockets.end(),
                    [](const auto &s) { return s->connected() || s->closed(); });
            },
            10'000));
        for (auto &s : sockets)
            s->startUpgrade("/ws/agent");
        QVERIFY(QTest::qWaitFor(
            [&] {
                return std::all_of(sockets.begin(), sockets.end(),
                    [](const auto &s) { return s->answered() || s->closed(); });
            },
            10'000));
        for (auto &s : sockets)
            QCOMPARE(s->status(), 101);
    }
};

QTEST_GUILESS_MAIN(TestAbuseLimitsConnections)
#include "tst_abuselimits_connections.moc"
