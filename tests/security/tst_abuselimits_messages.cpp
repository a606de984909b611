#include "serverprocess.h"

#include <chatscenario.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QUuid>
#include <QtTest>
#include <algorithm>

using namespace ChatScenario;

// Abuse limits on messages and requests (docs/security.md, "Abuse limits"), with the server's
// default limits: a socket that floods is refused with rate_limited (retryAfterMs, the
// request's rid) and then closed with 1008; pings, offline messages and new conversations are
// limited per connection or per visitor, also across a reconnect of the same visitor; and a
// flood does not slow down other clients' chats (2× the quiet round trip + 25 ms, for a
// noisy machine).
class TestAbuseLimitsMessages : public QObject
{
    Q_OBJECT

    static Match rateLimited()
    {
        return [](const QJsonObject &m) {
            return m.value("type").toString() == u"error"
                && m.value("code").toString() == u"rate_limited";
        };
    }

    static QJsonObject messageSend(const QString &conversationId, const QString &body)
    {
        return { { "type", "message.send" }, { "conversationId", conversationId },
            { "clientId", QUuid::createUuid().toString(QUuid::WithoutBraces) }, { "body", body } };
    }

    /// Sends @p count copies of @p request (each with rid "f<i>") without waiting.
    static void flood(TestClient &client, QJsonObject request, int count, bool newClientIds)
    {
        for (int i = 0; i < count; ++i) {
            request.insert("rid", QStringLiteral("f%1").arg(i));
            if (newClientIds)
                request.insert("clientId", QStringLiteral("flood-%1").arg(i));
            client.send(request);
        }
    }

private slots:
    void aFloodingSocketIsRefusedThenClosedAndNothingRefusedIsStored()
    {
        TestServer server;
        const QString site = server.addSite();
        QVERIFY(server.start());
        TestClient visitor;
        const QString conversationId = visitorStarts(visitor, server, site).value("id").toString();
        QVERIFY(!conversationId.isEmpty());
        QSignalSpy closed(&visitor.socket(), &QWebSocket::disconnected);

        flood(visitor, messageSend(conversationId, "spam"), 2000, true);
        const auto refused = visitor.waitFor(rateLimited(), 10'000);
        QVERIFY(refused);
        QVERIFY(refused->value("retryAfterMs").toInteger() > 0);
        QVERIFY(refused->value("rid").toString().startsWith(u'f'));
        QTRY_VERIFY_WITH_TIMEOUT(closed.count() == 1, 10'000);
        QCOMPARE(int(visitor.socket().closeCode()), 1008);

        // Only what was accepted was stored (the accepted messages' acks may not have made it
        // before the close; the client resends those and gets them as duplicates). The visitor's
        // message budget is 100 at once, a few more refilled while the flood lasted.
        const QString token = visitor.received().first().value("visitorToken").toString();
        const auto back = arrivedVisitor(server, site, token);
        QVERIFY(back);
        int stored = 0;
        for (const QJsonValue &m : historyOf(*back, conversationId))
            stored += m.toObject().value("body").toString() == u"spam";
        QVERIFY2(stored > 0 && stored <= 120, qPrintable(QString::number(stored)));
    }

    void aVisitorsMessageBudgetSurvivesAReconnect()
    {
        TestServer server;
        const QString site = server.addSite();
        QVERIFY(server.start());
        TestClient first;
        const QString conversationId = visitorStarts(first, server, site).value("id").toString();
        QVERIFY(!conversationId.isEmpty());
        // Within the connection's frame budget, over the visitor's message budget.
        int acked = 0;
        for (int i = 0; i < 150; ++i) {
            const auto reply = first.request(messageSend(conversationId, "hello"));
            QVERIFY(reply);
            if (reply->value("type").toString() != u"message.ack") {
                QCOMPARE(reply->value("code").toString(), QStringLiteral("rate_limited"));
                break;
            }
            ++acked;
        }
        QVERIFY(acked < 150);
        const QString token = first.received().first().value("visitorToken").toString();
        first.close();
        const auto again = arrivedVisitor(server, site, token);
        QVERIFY(again);
        // A fresh budget would take 100 again; the spent one has refilled only a few.
        int ackedAgain = 0;
        for (; ackedAgain < 100; ++ackedAgain) {
            const auto reply = again->request(messageSend(conversationId, "hello again"));
            QVERIFY(reply);
            if (reply->value("type").toString() != u"message.ack") {
                QCOMPARE(reply->value("code").toString(), QStringLiteral("rate_limited"));
                QVERIFY(reply->value("retryAfterMs").toInteger() > 0);
                break;
            }
        }
        QVERIFY2(ackedAgain < 20, qPrintable(QString::number(ackedAgain)));
    }

    void pingsAreLimitedPerConnection()
    {
        TestServer server;
        const QString site = server.addSite();
        QVERIFY(server.start());
        const auto visitor = arrivedVisitor(server, site);
        QVERIFY(visitor);
        flood(*visitor, { { "type", "ping" } }, 50, false);
        QVERIFY(visitor->waitFor(
            [](const QJsonObject &m) { return m.value("rid").toString() == u"f49"; }));
        const int pongs = visitor->count(ofType("pong"));
        QVERIFY2(pongs <= 20, qPrintable(QString::number(pongs)));
        QCOMPARE(visitor->count(rateLimited()), 50 - pongs);
        const auto refused = visitor->waitFor(rateLimited());
        QVERIFY(refused->value("retryAfterMs").toInteger() > 0);
        QVERIFY(visitor->isOpen()); // refused, not yet flooding
    }

    void offlineMessagesPerHourAreLimitedAcrossReconnects()
    {
        TestServer server;
        const QString site = server.addSite();
        QVERIFY(server.start()); // no agent online: the offline form
        auto visitor = arrivedVisitor(server, site);
        QVERIFY(visitor);
        const QString token = visitor->received().first().value("visitorToken").toString();
        const QJsonObject offline { { "type", "offline.message" }, { "email", "spam@example.com" },
            { "body", "Buy now" } };
        int received = 0;
        std::optional<QJsonObject> reply;
        for (; received < 1000; ++received) {
            reply = visitor->request(offline);
            QVERIFY(reply);
            if (reply->value("type").toString() != u"offline.received")
                break;
        }
        QCOMPARE(reply->value("code").toString(), QStringLiteral("rate_limited"));
        QVERIFY(received >= 1 && received <= 20);
        QVERIFY(reply->value("retryAfterMs").toInteger() > 60'000); // per hour
        visitor->close();
        visitor = arrivedVisitor(server, site, token);
        QVERIFY(visitor);
        reply = visitor->request(offline);
        QCOMPARE(reply->value("code").toString(), QStringLiteral("rate_limited"));
    }

    void newConversationsPerHourAreLimitedAcrossReconnects()
    {
        TestServer server;
        const QString site = server.addSite();
        QVERIFY(server.start());
        auto visitor = arrivedVisitor(server, site);
        QVERIFY(visitor);
        const QString token = visitor->received().first().value("visitorToken").toString();
        int started = 0;
        std::optional<QJsonObject> reply;
        for (; started < 1000; ++started) {
            reply = visitor->request({ { "type", "conversation.start" } });
            QVERIFY(reply);
            if (reply->value("type").toString() != u"conversation.started")
                break;
            const QString id = reply->value("conversation").toObject().value("id").toString();
            QVERIFY(
                visitor->request({ { "type", "conversation.close" }, { "conversationId", id } }));
        }
        QCOMPARE(reply->value("code").toString(), QStringLiteral("rate_limited"));
        QVERIFY(started >= 1 && started <= 50);
        QVERIFY(reply->value("retryAfterMs").toInteger() > 60'000);
        visitor->close();
        visitor = arrivedVisitor(server, site, token);
        QVERIFY(visitor);
        reply = visitor->request({ { "type", "conversation.start" } });
        QCOMPARE(reply->value("code").toString(), QStringLiteral("rate_limited"));
    }

    void otherChatsKeepTheirLatencyWhileOneClientFloods()
    {
        // The server runs as its own process: its event loop carries the flood, not the test's.
        TestServer setup;
        const QString site = setup.addSite();
        setup.addAgent("grace@example.com", "Grace", 50);
        ServerProcess server;
        QVERIFY(server.start(setup.databasePath()));
        const auto grace = std::make_unique<TestClient>();
        QVERIFY(grace->open(server.port(), "/ws/agent"));
        QVERIFY(grace->login("grace@example.com", TestServer::password()));
        QVERIFY(grace->request({ { "type", "presence.set" }, { "status", "online" } }));
        TestClient ada;
        QVERIFY(ada.open(server.port(), "/ws/visitor") && ada.hello(site));
        const QString chat = startConversation(ada).value("id").toString();
        QVERIFY(!chat.isEmpty());
        QVERIFY(grace->waitFor(updateWith("assigned")));

        int sample = 0;
        const auto roundTrip = [&]() -> double {
            const QString body = QStringLiteral("sample %1").arg(++sample);
            QElapsedTimer timer;
            timer.start();
            ada.send(messageSend(chat, body));
            if (!grace->waitFor(messageWithBody(body), 30'000))
                return 30'000;
            return timer.nsecsElapsed() / 1e6;
        };
        const auto median = [](QList<double> v) {
            std::sort(v.begin(), v.end());
            return v.at(v.size() / 2);
        };
        QList<double> quiet;
        for (int i = 0; i < 15; ++i)
            quiet.append(roundTrip());

        // One attacker (one visitor identity) floods again and again: each time it connects
        // anew, writes 1,000 messages at once into a chat of its own, and Ada's message goes
        // right behind them.
        QString flooderToken;
        QString own;
        QList<double> flooded;
        for (int i = 0; i < 15; ++i) {
            TestClient flooder;
            QVERIFY(
                flooder.open(server.port(), "/ws/visitor") && flooder.hello(site, flooderToken));
            if (own.isEmpty()) {
                flooderToken = flooder.received().first().value("visitorToken").toString();
                own = startConversation(flooder).value("id").toString();
                QVERIFY(!own.isEmpty());
            }
            flood(flooder, messageSend(own, QString(500, QLatin1Char('x'))), 1000, true);
            flooder.socket().flush();
            flooded.append(roundTrip());
        }
        const double quietMs = median(quiet);
        const double floodedMs = median(flooded);
        qInfo("round trip Ada → Grace: quiet median %.2f ms, during floods %.2f ms", quietMs,
            floodedMs);
        QVERIFY2(floodedMs <= 2 * quietMs + 25,
            qPrintable(QStringLiteral("quiet %1 ms, flooded %2 ms").arg(quietMs).arg(floodedMs)));
    }
};

QTEST_GUILESS_MAIN(TestAbuseLimitsMessages)
#include "tst_abuselimits_messages.moc"
