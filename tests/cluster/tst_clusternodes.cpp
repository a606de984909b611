// Two real nodes in one process, sharing a private PostgreSQL database and a real redis-server
// bus (--bus): a visitor on one node chats with an agent on the other, presence and grace
// periods count every node's connections, and the database decides every assignment, so two
// nodes assigning at the same moment never give one chat to two agents or an agent more than
// its max_chats.
#include <chatscenario.h>
#include <postgresserver.h>
#include <redisprocess.h>

#include <core/conversationrouter.h>
#include <metrics/livemetrics.h>
#include <storage/sqlstore.h>

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSqlQuery>
#include <QtTest>

using namespace ChatScenario;

namespace {
/// A second node on @p first's database and bus.
std::unique_ptr<TestServer> secondNodeOf(TestServer &first)
{
    auto node
        = std::make_unique<TestServer>(first.config().agentGraceMs, first.config().visitorGraceMs);
    node->config().databasePath = first.databasePath();
    node->config().filesFolder = first.filesFolder();
    node->config().busUrl = first.config().busUrl;
    node->config().nodeSilenceMs = first.config().nodeSilenceMs;
    return node;
}

/// The body of GET @p path on @p node's port, and its status in @p status.
QByteArray httpGet(TestServer &node, const QString &path, int *status)
{
    QNetworkAccessManager http;
    QNetworkReply *reply = http.get(
        QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(node.port()).arg(path))));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    finished.wait(5'000);
    *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

/// The `cluster` part of @p node's /healthz, which answers 200 whatever the bus does.
QJsonObject clusterHealthOf(TestServer &node)
{
    int status = 0;
    const QByteArray body = httpGet(node, QStringLiteral("/healthz"), &status);
    if (status != 200)
        return {};
    return QJsonDocument::fromJson(body).object().value("cluster").toObject();
}

/// (status, agent id) of every conversation, as stored.
QList<std::pair<QString, QString>> storedConversations(const QString &database)
{
    QList<std::pair<QString, QString>> rows;
    SqlStore store(database);
    if (store.open())
        return rows;
    store.runBlocking([&rows](QSqlDatabase &db) {
        QSqlQuery q(db);
        q.exec(QStringLiteral("SELECT status, COALESCE(agent_id, '') FROM conversations"));
        while (q.next())
            rows.append({ q.value(0).toString(), q.value(1).toString() });
        return true;
    });
    return rows;
}
} // namespace

class TestClusterNodes : public QObject
{
    Q_OBJECT

    RedisProcess m_redis;

    /// A first node on a fresh database, with the bus (not started).
    std::unique_ptr<TestServer> firstNode(int agentGraceMs = 60'000, int visitorGraceMs = 60'000)
    {
        auto node = std::make_unique<TestServer>(agentGraceMs, visitorGraceMs);
        node->config().busUrl = m_redis.url();
        node->config().nodeSilenceMs = 1'000;
        return node;
    }

    /// Starts @p first and a second node on its database and bus; returns the second once
    /// both have heard each other (their first heartbeats), null if any step failed.
    static std::unique_ptr<TestServer> startPair(TestServer &first)
    {
        if (!first.start())
            return nullptr;
        auto second = secondNodeOf(first);
        if (!second->start())
            return nullptr;
        const auto met = [&first, &second] {
            return first.server().clusterPeers().size() == 1
                && second->server().clusterPeers().size() == 1;
        };
        return QTest::qWaitFor(met, 5'000) ? std::move(second) : nullptr;
    }

private slots:
    void initTestCase()
    {
        if (RedisProcess::program().isEmpty())
            QSKIP("redis-server is not installed (scripts/install-deps.sh --test installs it)");
        qputenv("CHAT_TEST_DB", "postgres");
        QString error;
        QVERIFY2(PostgresServer::shared(&error), qPrintable(error));
        QVERIFY2(m_redis.start(), qPrintable(m_redis.output()));
    }

    void aConversationAcrossTwoNodes()
    {
        auto a = firstNode();
        const QString siteKey = a->addSite();
        const QString agentId = a->addAgent("grace@example.com", "Grace");
        auto b = startPair(*a);
        QVERIFY(b);

        auto agent = signedInAgent(*b, "grace@example.com");
        QVERIFY(agent);
        TestClient visitor;
        QVERIFY(visitor.open(a->port(), "/ws/visitor"));
        const auto welcome = visitor.hello(siteKey);
        QVERIFY(welcome);
        // Told by node B: node A's visitor sees the agent online.
        QVERIFY(QTest::qWaitFor([&] { return a->server().router().agentsOnline(); }, 5'000));

        const QJsonObject started = startConversation(visitor);
        const QString id = started.value("id").toString();
        QVERIFY(!id.isEmpty());
        QVERIFY(visitor.waitFor(updateWith("assigned", agentId)));
        QVERIFY(agent->waitFor(updateWith("assigned", agentId)));
        QVERIFY(agent->waitFor(messageWithBody("Grace joined the chat")));

        const auto ack = visitor.request({ { "type", "message.send" }, { "conversationId", id },
            { "clientId", "v-1" }, { "body", "Where is my order?" } });
        QVERIFY(ack && ack->value("type").toString() == u"message.ack");
        QVERIFY(agent->waitFor(messageWithBody("Where is my order?")));

        visitor.send({ { "type", "typing" }, { "conversationId", id }, { "active", true } });
        const auto typing = agent->waitForType("typing");
        QVERIFY(typing);
        QCOMPARE(typing->value("role").toString(), QStringLiteral("visitor"));
        agent->send({ { "type", "typing" }, { "conversationId", id }, { "active", true } });
        QVERIFY(visitor.waitForType("typing"));

        const auto reply = agent->request({ { "type", "message.send" }, { "conversationId", id },
            { "clientId", "a-1" }, { "body", "It ships today." } });
        QVERIFY(reply && reply->value("type").toString() == u"message.ack");
        const auto atVisitor = visitor.waitFor(messageWithBody("It ships today."));
        QVERIFY(atVisitor);
        QCOMPARE(atVisitor->value("seq").toInteger(), reply->value("seq").toInteger());

        // An internal note stays with the agents on every node.
        QVERIFY(agent->request({ { "type", "message.send" }, { "conversationId", id },
            { "clientId", "a-2" }, { "body", "check the warehouse" }, { "internal", true } }));

        const auto closed
            = agent->request({ { "type", "conversation.close" }, { "conversationId", id } });
        QVERIFY(closed);
        QVERIFY(visitor.waitFor(updateWith("closed")));
        QVERIFY(visitor.waitFor(messageWithBody("Grace closed the chat")));
        QCOMPARE(visitor.count(messageWithBody("check the warehouse")), 0);
        // Each stored once, in one order, whichever node wrote it.
        const QJsonArray history = historyOf(*agent, id);
        QStringList bodies;
        for (const QJsonValue &m : history)
            bodies.append(m.toObject().value("body").toString());
        QCOMPARE(bodies,
            QStringList({ "Grace joined the chat", "Where is my order?", "It ships today.",
                "check the warehouse", "Grace closed the chat" }));
        // Each node's /metrics counts the cluster's events once: the start node A made and the
        // close node B made.
        for (TestServer *node : { a.get(), b.get() }) {
            QTRY_VERIFY(node->server().liveMetrics().prometheusText().contains(
                "\nchat_conversations_created_total 1\n"));
            QTRY_VERIFY(node->server().liveMetrics().prometheusText().contains(
                "\nchat_conversations_closed_total{outcome=\"answered\"} 1\n"));
        }
    }

    void offlineMessagesRatingsAndVisitorDetailsAcrossNodes()
    {
        auto a = firstNode();
        const QString siteKey = a->addSite();
        const QString graceId = a->addAgent("grace@example.com", "Grace");
        a->addAgent("alan@example.com", "Alan");
        auto b = startPair(*a);
        QVERIFY(b);
        const auto offlineUpdate = [](const QString &id, const QString &state) {
            return [id, state](const QJsonObject &m) {
                const QJsonObject c = m.value("conversation").toObject();
                return m.value("type").toString() == u"conversation.updated"
                    && c.value("id").toString() == id
                    && c.value("offlineState").toString() == state;
            };
        };

        // Nobody online: a visitor on node A leaves an offline message; Grace, away on node B,
        // sees it arrive in her inbox, and Alan, away on node A, sees her claim it.
        auto grace = signedInAgent(*b, "grace@example.com", "away");
        auto alan = signedInAgent(*a, "alan@example.com", "away");
        QVERIFY(grace && alan);
        auto visitor = arrivedVisitor(*a, siteKey);
        QVERIFY(visitor);
        const auto received
            = visitor->request({ { "type", "offline.message" }, { "name", "Dana Keyboard" },
                { "email", "dana@example.com" }, { "body", "Do you ship to Norway?" } });
        QVERIFY(received && received->value("type").toString() == u"offline.received");
        const QString offlineId = received->value("conversationId").toString();
        QVERIFY(grace->waitFor(offlineUpdate(offlineId, "new")));
        QVERIFY(grace->request({ { "type", "offline.claim" }, { "conversationId", offlineId } }));
        QVERIFY(alan->waitFor(offlineUpdate(offlineId, "claimed")));

        // Her answer, stored on node B, reaches the visitor on node A live.
        QVERIFY(grace->request({ { "type", "message.send" }, { "conversationId", offlineId },
            { "clientId", "g-1" }, { "body", "Yes, we ship to Norway." } }));
        QVERIFY(visitor->waitFor(messageWithBody("Yes, we ship to Norway.")));

        // Done on node B: out of node A's inbox too, for the next agent signing in there.
        QVERIFY(grace->request({ { "type", "offline.done" }, { "conversationId", offlineId } }));
        QVERIFY(alan->waitFor(offlineUpdate(offlineId, "done")));
        auto later = signedInAgent(*a, "alan@example.com", QString());
        QVERIFY(later);
        QCOMPARE(snapshotOf(*later).value("offline").toArray().size(), 0);

        // A chat: the visitor on node A tells its name; Grace, online on node B, sees it, then
        // the visitor's rating once she has closed it.
        QVERIFY(grace->request({ { "type", "presence.set" }, { "status", "online" } }));
        QVERIFY(QTest::qWaitFor([&] { return a->server().router().agentsOnline(); }, 5'000));
        const QString id = startConversation(*visitor).value("id").toString();
        QVERIFY(!id.isEmpty());
        QVERIFY(grace->waitFor(updateWith("assigned", graceId)));
        QVERIFY(visitor->request({ { "type", "visitor.update" }, { "name", "Dana K." } }));
        QVERIFY(grace->waitFor([&id](const QJsonObject &m) {
            const QJsonObject c = m.value("conversation").toObject();
            return c.value("id").toString() == id
                && c.value("visitor").toObject().value("name").toString() == u"Dana K.";
        }));
        QVERIFY(grace->request({ { "type", "conversation.close" }, { "conversationId", id } }));
        QVERIFY(visitor->waitFor(updateWith("closed")));
        QVERIFY(visitor->request(
            { { "type", "conversation.rate" }, { "conversationId", id }, { "rating", "good" } }));
        QVERIFY(grace->waitFor([&id](const QJsonObject &m) {
            const QJsonObject c = m.value("conversation").toObject();
            return c.value("id").toString() == id
                && c.value("rating").toObject().value("value").toString() == u"good";
        }));
        // Each node's /metrics counts the offline message and the rating once.
        for (TestServer *node : { a.get(), b.get() }) {
            QTRY_VERIFY(node->server().liveMetrics().prometheusText().contains(
                "\nchat_offline_messages_total 1\n"));
            QTRY_VERIFY(node->server().liveMetrics().prometheusText().contains(
                "\nchat_ratings_total{rating=\"good\"} 1\n"));
        }
    }

    void presenceAcrossNodes()
    {
        auto a = firstNode();
        a->addSite();
        const QString graceId = a->addAgent("grace@example.com", "Grace");
        a->addAgent("alan@example.com", "Alan");
        auto b = startPair(*a);
        QVERIFY(b);

        auto alan = signedInAgent(*a, "alan@example.com");
        QVERIFY(alan);
        auto grace = signedInAgent(*b, "grace@example.com");
        QVERIFY(grace);
        const auto isGrace = [&graceId](const QString &status) {
            return [graceId, status](const QJsonObject &m) {
                const QJsonObject agent = m.value("agent").toObject();
                return m.value("type").toString() == u"presence"
                    && agent.value("id").toString() == graceId
                    && agent.value("status").toString() == status;
            };
        };
        QVERIFY(alan->waitFor(isGrace("online")));
        QVERIFY(grace->request({ { "type", "presence.set" }, { "status", "away" } }));
        QVERIFY(alan->waitFor(isGrace("away")));
        // Node B stops: Grace's connection there is gone, and node A shows her away.
        QVERIFY(grace->request({ { "type", "presence.set" }, { "status", "online" } }));
        QVERIFY(alan->waitFor(isGrace("online")));
        b->stop();
        QVERIFY(alan->waitFor(isGrace("away"), 10'000));
    }

    void aNodeStoppingSaysGoodbye()
    {
        // A silence bound far longer than the test: only the goodbye can make A forget B.
        auto a = firstNode();
        a->config().nodeSilenceMs = 60'000;
        a->addSite();
        const QString graceId = a->addAgent("grace@example.com", "Grace");
        a->addAgent("alan@example.com", "Alan");
        auto b = startPair(*a);
        QVERIFY(b);
        auto alan = signedInAgent(*a, "alan@example.com");
        auto grace = signedInAgent(*b, "grace@example.com");
        QVERIFY(alan && grace);
        QVERIFY(QTest::qWaitFor(
            [&] { return a->server().router().roster().isReachable(graceId); }, 5'000));
        b->stop();
        QTRY_VERIFY_WITH_TIMEOUT(a->server().clusterPeers().isEmpty(), 5'000);
        QVERIFY(!a->server().router().roster().isReachable(graceId));
    }

    void aChatFollowsTheGracePeriodWhenTheAgentsNodeIsGone()
    {
        auto a = firstNode(/*agentGraceMs*/ 1'500);
        const QString siteKey = a->addSite();
        const QString graceId = a->addAgent("grace@example.com", "Grace");
        const QString alanId = a->addAgent("alan@example.com", "Alan");
        auto b = startPair(*a);
        QVERIFY(b);

        auto grace = signedInAgent(*b, "grace@example.com");
        QVERIFY(grace);
        QVERIFY(QTest::qWaitFor([&] { return a->server().router().agentsOnline(); }, 5'000));
        TestClient visitor;
        const QJsonObject started = visitorStarts(visitor, *a, siteKey);
        QVERIFY(visitor.waitFor(updateWith("assigned", graceId)));

        // Grace's node is gone (its connections with it); after her grace period, node A puts
        // the chat back in the queue and gives it to Alan, signed in there.
        b->stop();
        auto alan = signedInAgent(*a, "alan@example.com", "online");
        QVERIFY(alan);
        QVERIFY(visitor.waitFor(updateWith("assigned", alanId), 10'000));
        QVERIFY(visitor.waitFor(messageWithBody("Grace left the chat")));
        Q_UNUSED(started);
    }

    void aVisitorBackOnTheOtherNodeKeepsItsPlace()
    {
        auto a = firstNode(60'000, /*visitorGraceMs*/ 1'000);
        const QString siteKey = a->addSite();
        const QString agentId = a->addAgent("grace@example.com", "Grace");
        auto b = startPair(*a);
        QVERIFY(b);

        auto visitor = std::make_unique<TestClient>();
        QVERIFY(visitor->open(a->port(), "/ws/visitor"));
        const auto welcome = visitor->hello(siteKey);
        QVERIFY(welcome);
        const QString token = welcome->value("visitorToken").toString();
        const QString id = startConversation(*visitor).value("id").toString();
        QVERIFY(!id.isEmpty());
        visitor.reset(); // a navigation: its connection to node A drops
        auto back = arrivedVisitor(*b, siteKey, token);
        QVERIFY(back);
        // Longer than the visitor grace period: node A must not close the chat, its visitor
        // is on node B.
        QTest::qWait(2'000);
        auto agent = signedInAgent(*a, "grace@example.com");
        QVERIFY(agent);
        QVERIFY(back->waitFor(updateWith("assigned", agentId)));
    }

    void aNodeCatchesUpAfterItsBusWasAway()
    {
        auto a = firstNode();
        const QString siteKey = a->addSite();
        const QString agentId = a->addAgent("grace@example.com", "Grace");
        auto b = startPair(*a);
        QVERIFY(b);
        auto agent = signedInAgent(*b, "grace@example.com");
        QVERIFY(agent);
        QVERIFY(QTest::qWaitFor([&] { return a->server().router().agentsOnline(); }, 5'000));
        TestClient visitor;
        const QString id = visitorStarts(visitor, *a, siteKey).value("id").toString();
        QVERIFY(agent->waitFor(updateWith("assigned", agentId)));

        // Health and metrics tell each node's bus and peers.
        QTRY_COMPARE(clusterHealthOf(*a).value("peers").toInt(), 1);
        QCOMPARE(clusterHealthOf(*a).value("busConnected").toBool(), true);
        int status = 0;
        QVERIFY(httpGet(*b, QStringLiteral("/metrics"), &status)
                    .contains("\nchat_cluster_bus_connected 1\n"));

        // Redis goes away: what node A stores is not heard on node B...
        m_redis.kill();
        QVERIFY(QTest::qWaitFor(
            [&] {
                return !a->server().clusterBusConnected() && !b->server().clusterBusConnected();
            },
            5'000));
        // ... which health tells (still 200: each node serves its own clients) ...
        const QJsonObject away = clusterHealthOf(*a);
        QCOMPARE(away.value("busConnected").toBool(), false);
        QVERIFY(!away.value("busError").toString().isEmpty());
        QVERIFY(httpGet(*b, QStringLiteral("/metrics"), &status)
                    .contains("\nchat_cluster_bus_connected 0\n"));
        QVERIFY(visitor.request({ { "type", "message.send" }, { "conversationId", id },
            { "clientId", "while-away" }, { "body", "are you there?" } }));
        QVERIFY(visitor.request({ { "type", "conversation.close" }, { "conversationId", id } }));
        QVERIFY(!agent->waitFor(messageWithBody("are you there?"), 300));

        // ... until it is back: node B reads what it missed from the database and tells its
        // agent, the message from history and the close as a state.
        QVERIFY2(m_redis.start(), qPrintable(m_redis.output()));
        QVERIFY(agent->waitFor(messageWithBody("are you there?"), 15'000));
        QVERIFY(agent->waitFor(updateWith("closed"), 5'000));
        QVERIFY(QTest::qWaitFor(
            [&] { return b->server().router().openConversations().isEmpty(); }, 5'000));
    }

    void concurrentAssignmentNeverOverrunsCapacity()
    {
        // Two agents taking one chat each, one on each node; visitors start on both nodes at
        // once, round after round: the database decides, so no chat has two agents and no
        // agent more than one chat.
        auto a = firstNode();
        const QString siteKey = a->addSite();
        const QString oneId = a->addAgent("one@example.com", "One", 1);
        const QString twoId = a->addAgent("two@example.com", "Two", 1);
        auto b = startPair(*a);
        QVERIFY(b);
        auto one = signedInAgent(*a, "one@example.com");
        auto two = signedInAgent(*b, "two@example.com");
        QVERIFY(one && two);
        QVERIFY(QTest::qWaitFor(
            [&] {
                return a->server().router().roster().isReachable(twoId)
                    && b->server().router().roster().isReachable(oneId);
            },
            5'000));

        for (int round = 0; round < 10; ++round) {
            std::vector<std::unique_ptr<TestClient>> visitors;
            for (int i = 0; i < 6; ++i) {
                auto v = arrivedVisitor(i % 2 ? *b : *a, siteKey);
                QVERIFY(v);
                visitors.push_back(std::move(v));
            }
            // All at once: each node assigns from its own view, then the database decides.
            QStringList ids;
            for (auto &v : visitors)
                v->send({ { "type", "conversation.start" } });
            for (auto &v : visitors) {
                const auto started = v->waitForType("conversation.started");
                QVERIFY(started);
                ids.append(started->value("conversation").toObject().value("id").toString());
            }
            QVERIFY(one->waitFor(updateWith("assigned", oneId)));
            QVERIFY(two->waitFor(updateWith("assigned", twoId)));
            // Each node's view comes to agree with the database (conflicts read back, the
            // other node's assignment heard)...
            for (TestServer *node : { a.get(), b.get() }) {
                const ConversationRouter &router = node->server().router();
                QTRY_COMPARE_WITH_TIMEOUT(router.roster().view(oneId).activeChats, 1, 5'000);
                QTRY_COMPARE_WITH_TIMEOUT(router.roster().view(twoId).activeChats, 1, 5'000);
                QTRY_COMPARE_WITH_TIMEOUT(router.queue().size(), 4, 5'000);
            }
            // ... which gave each agent exactly its one chat.
            const auto rows = storedConversations(a->databasePath());
            int assignedToOne = 0, assignedToTwo = 0, queued = 0;
            for (const auto &[status, agent] : rows) {
                if (status == u"assigned")
                    (agent == oneId ? assignedToOne : assignedToTwo) += 1;
                queued += status == u"queued";
            }
            QCOMPARE(assignedToOne, 1);
            QCOMPARE(assignedToTwo, 1);
            QCOMPARE(queued, 4);
            // Every visitor closes its chat before the next round.
            for (int i = 0; i < int(visitors.size()); ++i)
                QVERIFY(visitors[i]->request(
                    { { "type", "conversation.close" }, { "conversationId", ids[i] } }));
            const bool settled = QTest::qWaitFor(
                [&] {
                    return a->server().router().openConversations().isEmpty()
                        && b->server().router().openConversations().isEmpty();
                },
                10'000);
            if (!settled) {
                for (TestServer *node : { a.get(), b.get() })
                    for (const ConversationView &c : node->server().router().openConversations())
                        qWarning() << "open on a node:" << c.id << wireName(c.status) << c.agentId;
                for (const auto &[status, agent] : storedConversations(a->databasePath()))
                    qWarning() << "stored:" << status << agent;
            }
            QVERIFY(settled);
            one->consumeAll();
            two->consumeAll();
        }
    }
};

QTEST_GUILESS_MAIN(TestClusterNodes)
#include "tst_clusternodes.moc"
