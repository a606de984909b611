#include <testclient.h>
#include <testserver.h>

#include <QtTest>

// The delivery guarantee of docs/protocol.md: each clientId stored once with gap-free seq,
// acknowledged after commit, resends answered with the original ack, and a reconnecting
// client gets exactly what it missed, in order — across a server restart too.
class TestDeliveryGuarantee : public QObject
{
    Q_OBJECT

    struct Fixture
    {
        // seq 1 of every conversation here is the server's line "Delia joined the chat".
        static constexpr int joinedLine = 1;

        TestServer server;
        QString siteKey;
        QString agentId;
        std::unique_ptr<TestClient> agent;
        std::unique_ptr<TestClient> visitor;
        QString visitorToken;
        QString conversationId;

        bool setUp()
        {
            siteKey = server.addSite();
            agentId = server.addAgent("dg@example.com", "Delia");
            if (!server.start())
                return false;
            return connectAgent() && connectVisitor(true);
        }

        bool connectAgent()
        {
            agent = std::make_unique<TestClient>();
            if (!agent->open(server.port(), "/ws/agent")
                || !agent->login("dg@example.com", TestServer::password()))
                return false;
            agent->send({ { "type", "presence.set" }, { "status", "online" } });
            return true;
        }

        bool connectVisitor(bool start)
        {
            visitor = std::make_unique<TestClient>();
            if (!visitor->open(server.port(), "/ws/visitor"))
                return false;
            const auto welcome = visitor->hello(siteKey, visitorToken);
            if (!welcome)
                return false;
            visitorToken = welcome->value("visitorToken").toString();
            if (!start)
                return true;
            const auto started = visitor->request({ { "type", "conversation.start" } });
            conversationId = started->value("conversation").toObject().value("id").toString();
            return visitor
                ->waitFor([](const QJsonObject &m) {
                    return m.value("conversation").toObject().value("status").toString()
                        == u"assigned";
                })
                .has_value();
        }

        std::optional<QJsonObject> send(
            TestClient &client, const QString &clientId, const QString &body)
        {
            return client.request({ { "type", "message.send" },
                { "conversationId", conversationId }, { "clientId", clientId }, { "body", body } });
        }

        QJsonArray history(
            TestClient &client, qint64 afterSeq, int limit = 50, bool *hasMore = nullptr)
        {
            const auto page = client.request(
                { { "type", "history.fetch" }, { "conversationId", conversationId },
                    { "afterSeq", afterSeq }, { "limit", limit } });
            if (hasMore)
                *hasMore = page->value("hasMore").toBool();
            return page->value("messages").toArray();
        }
    };

    static std::function<bool(const QJsonObject &)> messageWithClientId(const QString &clientId)
    {
        return [clientId](const QJsonObject &m) {
            return m.value("type").toString() == u"message" && m.value("clientId") == clientId;
        };
    }

private slots:
    void resentClientIdIsStoredOnce()
    {
        Fixture f;
        QVERIFY(f.setUp());
        const auto first = f.send(*f.visitor, "same-id", "Hello once");
        const auto second = f.send(*f.visitor, "same-id", "Hello once");
        QVERIFY(first && second);
        QCOMPARE(first->value("seq").toInt(), Fixture::joinedLine + 1);
        QCOMPARE(second->value("seq").toInt(), Fixture::joinedLine + 1);
        QCOMPARE(second->value("at").toInteger(), first->value("at").toInteger());
        QCOMPARE(first->value("duplicate").toBool(), false);
        QCOMPARE(second->value("duplicate").toBool(), true);

        // A later message proves the agent has seen everything it will get.
        QVERIFY(f.send(*f.visitor, "next-id", "Then this"));
        QVERIFY(f.agent->waitFor(messageWithClientId("next-id")));
        QCOMPARE(f.agent->count(messageWithClientId("same-id")), 1);
        const QJsonArray stored = f.history(*f.agent, Fixture::joinedLine);
        QCOMPARE(stored.size(), 2);
        QCOMPARE(stored[0].toObject().value("seq").toInt(), 2);
        QCOMPARE(stored[1].toObject().value("seq").toInt(), 3);
    }

    void resendAfterTheConversationClosedGetsTheOriginalAck()
    {
        Fixture f;
        QVERIFY(f.setUp());
        const auto original = f.send(*f.visitor, "before-close", "Are you there?");
        QVERIFY(f.agent->request(
            { { "type", "conversation.close" }, { "conversationId", f.conversationId } }));
        const auto resent = f.send(*f.visitor, "before-close", "Are you there?");
        QCOMPARE(resent->value("type").toString(), QStringLiteral("message.ack"));
        QCOMPARE(resent->value("seq").toInt(), original->value("seq").toInt());
        QVERIFY(resent->value("duplicate").toBool());
    }

    void seqNumbersHaveNoGapsUnderABurst_data()
    {
        QTest::addColumn<int>("writerBacklogPause");
        QTest::newRow("writer keeps up") << 4096;
        // Every write waiting closes the read gate: connections pause between messages.
        QTest::newRow("connections paused while the writer is behind") << 1;
    }

    void seqNumbersHaveNoGapsUnderABurst()
    {
        QFETCH(int, writerBacklogPause);
        Fixture f;
        f.server.config().writerBacklogPause = writerBacklogPause;
        QVERIFY(f.setUp());
        // Both sides write at once without waiting for acks.
        for (int i = 0; i < 100; ++i) {
            f.visitor->send({ { "type", "message.send" }, { "conversationId", f.conversationId },
                { "clientId", QStringLiteral("v%1").arg(i) },
                { "body", QStringLiteral("visitor %1").arg(i) } });
            f.agent->send({ { "type", "message.send" }, { "conversationId", f.conversationId },
                { "clientId", QStringLiteral("a%1").arg(i) },
                { "body", QStringLiteral("agent %1").arg(i) } });
        }
        QVERIFY(f.visitor->waitFor(messageWithClientId("v99")));
        QVERIFY(f.visitor->waitFor(messageWithClientId("a99"), 10000));
        QList<qint64> seen;
        for (const QJsonObject &m : f.visitor->received())
            if (m.value("type").toString() == u"message")
                seen.append(m.value("seq").toInteger());
        QCOMPARE(seen.size(), 200 + Fixture::joinedLine);
        for (int i = 0; i < seen.size(); ++i)
            QCOMPARE(seen[i], qint64(i + 1)); // delivered in seq order, no gaps, no repeats
        bool hasMore = false;
        QCOMPARE(f.history(*f.agent, Fixture::joinedLine, 200, &hasMore).size(), 200);
        QVERIFY(!hasMore);
        if (writerBacklogPause == 1)
            QVERIFY(f.server.server().readGateClosings() > 0);
    }

    void reconnectingClientReceivesExactlyTheMissedMessages()
    {
        Fixture f;
        QVERIFY(f.setUp());
        QVERIFY(f.send(*f.visitor, "v-1", "first"));
        QVERIFY(f.visitor->waitFor(messageWithClientId("v-1")));
        const qint64 lastSeen = Fixture::joinedLine + 1; // v-1
        f.visitor->close();

        for (int i = 1; i <= 5; ++i)
            QCOMPARE(f.send(*f.agent, QStringLiteral("a-%1").arg(i),
                          QStringLiteral("while away %1").arg(i))
                         ->value("seq")
                         .toInt(),
                lastSeen + i);

        QVERIFY(f.connectVisitor(false));
        const auto welcome = f.visitor->received().first();
        const QJsonArray conversations = welcome.value("conversations").toArray();
        QCOMPARE(conversations.size(), 1);
        QCOMPARE(conversations[0].toObject().value("id").toString(), f.conversationId);
        QCOMPARE(conversations[0].toObject().value("lastSeq").toInt(), lastSeen + 5);

        // Paged catch-up: exactly the five missed, in order.
        bool hasMore = false;
        QJsonArray page = f.history(*f.visitor, lastSeen, 3, &hasMore);
        QCOMPARE(page.size(), 3);
        QVERIFY(hasMore);
        QCOMPARE(page[0].toObject().value("seq").toInt(), lastSeen + 1);
        QCOMPARE(page[2].toObject().value("seq").toInt(), lastSeen + 3);
        page = f.history(*f.visitor, lastSeen + 3, 3, &hasMore);
        QCOMPARE(page.size(), 2);
        QVERIFY(!hasMore);
        QCOMPARE(page[0].toObject().value("body").toString(), QStringLiteral("while away 4"));
        QCOMPARE(page[1].toObject().value("body").toString(), QStringLiteral("while away 5"));

        // Older pages, newest first by page but ascending inside.
        const auto older = f.visitor->request(
            { { "type", "history.fetch" }, { "conversationId", f.conversationId },
                { "beforeSeq", lastSeen + 3 }, { "limit", 2 } });
        QCOMPARE(
            older->value("messages").toArray()[0].toObject().value("seq").toInt(), lastSeen + 1);
        QCOMPARE(
            older->value("messages").toArray()[1].toObject().value("seq").toInt(), lastSeen + 2);
        QVERIFY(older->value("hasMore").toBool());
    }

    void acknowledgedMessagesAndOpenChatsSurviveARestart()
    {
        Fixture f;
        QVERIFY(f.setUp());
        for (int i = 1; i <= 3; ++i)
            QVERIFY(f.send(
                *f.visitor, QStringLiteral("r-%1").arg(i), QStringLiteral("kept %1").arg(i)));
        f.visitor.reset();
        f.agent.reset();
        f.server.stop();

        QVERIFY(f.server.start());
        QVERIFY(f.connectAgent());
        const auto snapshot = f.agent->received().at(1);
        QCOMPARE(snapshot.value("type").toString(), QStringLiteral("agent.snapshot"));
        QCOMPARE(snapshot.value("mine").toArray().size(), 1);
        QVERIFY(f.connectVisitor(false));
        QCOMPARE(f.history(*f.visitor, Fixture::joinedLine).size(), 3);
        // The sequence continues where it stopped; a resend is still recognised.
        QCOMPARE(f.send(*f.visitor, "r-4", "after restart")->value("seq").toInt(),
            Fixture::joinedLine + 4);
        QVERIFY(f.send(*f.visitor, "r-2", "kept 2")->value("duplicate").toBool());
    }
};

QTEST_GUILESS_MAIN(TestDeliveryGuarantee)
#include "tst_deliveryguarantee.moc"
