#include <chatscenario.h>

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QtTest>

// A real server on a loopback port, driven by real WebSocket clients: conversations from start
// to close, the queue and automatic assignment, transfer, grace period, errors.
using namespace ChatScenario;

class TestConversationFlow : public QObject
{
    Q_OBJECT

private slots:
    void healthzReportsVersionAndDatabase()
    {
        TestServer server;
        QVERIFY(server.start());
        QNetworkAccessManager http;
        QNetworkReply *reply = http.get(QNetworkRequest(
            QUrl(QStringLiteral("http://127.0.0.1:%1/healthz").arg(server.port()))));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(5000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
        QCOMPARE(body.value("database").toString(), QStringLiteral("ok"));
        QCOMPARE(body.value("version").toString(), QStringLiteral(CHAT_VERSION));
        QVERIFY(body.contains("uptimeSeconds"));
        reply->deleteLater();
    }

    void handshakeWithoutTheSubprotocolIsRefused()
    {
        TestServer server;
        server.addSite(); // visitors come from pages of a site's origin
        QVERIFY(server.start());
        TestClient client;
        QVERIFY(!client.open(server.port(), "/ws/visitor", {}));
        TestClient wrongPath;
        QVERIFY(!wrongPath.open(server.port(), "/ws/other"));
        TestClient good;
        QVERIFY(good.open(server.port(), "/ws/visitor"));
        QCOMPARE(good.socket().subprotocol(), QStringLiteral("chat.v1"));
    }

    void wholeConversationBetweenVisitorAndAgent()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        const QString agentId = server.addAgent("grace@example.com", "Grace");
        QVERIFY(server.start());
        auto agent = signedInAgent(server, "grace@example.com");
        QVERIFY(agent);

        TestClient visitor;
        QVERIFY(visitor.open(server.port(), "/ws/visitor"));
        const auto welcome = visitor.hello(siteKey);
        QVERIFY(welcome);
        QCOMPARE(welcome->value("type").toString(), QStringLiteral("welcome"));
        QVERIFY(welcome->value("agentsOnline").toBool());
        QCOMPARE(welcome->value("site").toObject().value("name").toString(),
            QStringLiteral("Test shop"));
        QVERIFY(welcome->value("visitorToken").toString().size() >= 32);

        const auto started = visitor.request({ { "type", "conversation.start" } });
        QVERIFY(started);
        QCOMPARE(started->value("type").toString(), QStringLiteral("conversation.started"));
        const QString id = started->value("conversation").toObject().value("id").toString();
        // Assigned automatically to the only online agent.
        QVERIFY(visitor.waitFor(updateWith("assigned", agentId)));
        QVERIFY(agent->waitFor(updateWith("assigned", agentId)));

        const auto ack = visitor.request({ { "type", "message.send" }, { "conversationId", id },
            { "clientId", "v-1" }, { "body", "Where is my order?" } });
        QVERIFY(ack);
        QCOMPARE(ack->value("type").toString(), QStringLiteral("message.ack"));
        QCOMPARE(ack->value("seq").toInt(), 2); // seq 1: the server's line "… joined the chat"
        QCOMPARE(ack->value("duplicate").toBool(), false);
        const auto atAgent = agent->waitFor([](const QJsonObject &m) {
            return m.value("type").toString() == u"message"
                && m.value("author").toObject().value("role") == QStringLiteral("visitor");
        });
        QVERIFY(atAgent);
        QCOMPARE(atAgent->value("body").toString(), QStringLiteral("Where is my order?"));
        QCOMPARE(atAgent->value("author").toObject().value("role").toString(),
            QStringLiteral("visitor"));

        // Typing both ways, only to the other side.
        visitor.send({ { "type", "typing" }, { "conversationId", id }, { "active", true } });
        const auto visitorTyping = agent->waitForType("typing");
        QVERIFY(visitorTyping);
        QCOMPARE(visitorTyping->value("role").toString(), QStringLiteral("visitor"));
        agent->send({ { "type", "typing" }, { "conversationId", id }, { "active", true } });
        const auto agentTyping = visitor.waitForType("typing");
        QVERIFY(agentTyping);
        QCOMPARE(agentTyping->value("name").toString(), QStringLiteral("Grace"));

        const auto agentAck = agent->request({ { "type", "message.send" }, { "conversationId", id },
            { "clientId", "a-1" }, { "body", "It ships today." } });
        QVERIFY(agentAck && agentAck->value("seq").toInt() == 3);
        const auto atVisitor = visitor.waitFor([](const QJsonObject &m) {
            return m.value("type").toString() == u"message" && m.value("seq").toInt() == 3;
        });
        QVERIFY(atVisitor);
        QCOMPARE(atVisitor->value("author").toObject().value("name").toString(),
            QStringLiteral("Grace"));

        const auto history
            = agent->request({ { "type", "history.fetch" }, { "conversationId", id } });
        QVERIFY(history);
        const QJsonArray messages = history->value("messages").toArray();
        QCOMPARE(messages.size(), 3);
        QCOMPARE(messages[0].toObject().value("body").toString(),
            QStringLiteral("Grace joined the chat"));
        QCOMPARE(
            messages[1].toObject().value("body").toString(), QStringLiteral("Where is my order?"));
        QCOMPARE(
            messages[2].toObject().value("body").toString(), QStringLiteral("It ships today."));
        QCOMPARE(history->value("hasMore").toBool(), false);

        const auto closed
            = visitor.request({ { "type", "conversation.close" }, { "conversationId", id } });
        QVERIFY(closed);
        QCOMPARE(closed->value("conversation").toObject().value("status").toString(),
            QStringLiteral("closed"));
        QVERIFY(agent->waitFor(updateWith("closed")));
        const auto late = visitor.request({ { "type", "message.send" }, { "conversationId", id },
            { "clientId", "v-2" }, { "body", "one more" } });
        QVERIFY(late);
        QCOMPARE(late->value("code").toString(), QStringLiteral("conversation_closed"));
    }

    void queueingAndAutoAssignmentAtCapacity()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        const QString agentId = server.addAgent("one@example.com", "One", 1);
        QVERIFY(server.start());
        auto agent = signedInAgent(server, "one@example.com");
        QVERIFY(agent);

        TestClient a, b, c;
        const QJsonObject first = visitorStarts(a, server, siteKey);
        QVERIFY(a.waitFor(updateWith("assigned", agentId)));
        const QJsonObject second = visitorStarts(b, server, siteKey);
        QCOMPARE(second.value("status").toString(), QStringLiteral("queued"));
        QCOMPARE(second.value("queuePosition").toInt(), 1);
        const QJsonObject third = visitorStarts(c, server, siteKey);
        QCOMPARE(third.value("queuePosition").toInt(), 2);
        // Agents see the queue.
        QVERIFY(agent->waitFor([&](const QJsonObject &m) {
            return updateWith("queued")(m)
                && m.value("conversation").toObject().value("id") == third.value("id");
        }));

        // Capacity frees up: the front of the queue is assigned, the rest moves up.
        QVERIFY(agent->request(
            { { "type", "conversation.close" }, { "conversationId", first.value("id") } }));
        QVERIFY(b.waitFor(updateWith("assigned", agentId)));
        QVERIFY(c.waitFor([](const QJsonObject &m) {
            return updateWith("queued")(m)
                && m.value("conversation").toObject().value("queuePosition").toInt() == 1;
        }));

        // An agent may take a chat from the queue by hand.
        const auto accepted = agent->request(
            { { "type", "queue.accept" }, { "conversationId", third.value("id") } });
        QVERIFY(accepted);
        QCOMPARE(accepted->value("conversation").toObject().value("status").toString(),
            QStringLiteral("assigned"));
        const auto again = agent->request(
            { { "type", "queue.accept" }, { "conversationId", third.value("id") } });
        QCOMPARE(again->value("code").toString(), QStringLiteral("conflict"));
    }

    void leastLoadedAgentGetsTheNextChat()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        const QString first = server.addAgent("first@example.com", "First", 3);
        const QString second = server.addAgent("second@example.com", "Second", 3);
        QVERIFY(server.start());
        auto agentOne = signedInAgent(server, "first@example.com");
        QVERIFY(agentOne);
        TestClient v1, v2, v3;
        visitorStarts(v1, server, siteKey);
        QVERIFY(v1.waitFor(updateWith("assigned", first)));
        auto agentTwo = signedInAgent(server, "second@example.com");
        QVERIFY(agentTwo);
        visitorStarts(v2, server, siteKey);
        QVERIFY(v2.waitFor(updateWith("assigned", second)));
        // Both have one chat now; First has been idle longer.
        visitorStarts(v3, server, siteKey);
        QVERIFY(v3.waitFor(updateWith("assigned", first)));
    }

    void transferMovesTheChatToAnotherAgent()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        const QString from = server.addAgent("from@example.com", "From");
        const QString to = server.addAgent("to@example.com", "To");
        QVERIFY(server.start());
        auto agentFrom = signedInAgent(server, "from@example.com");
        QVERIFY(agentFrom);
        TestClient visitor;
        const QString id = visitorStarts(visitor, server, siteKey).value("id").toString();
        QVERIFY(visitor.waitFor(updateWith("assigned", from)));

        auto agentTo = std::make_unique<TestClient>();
        QVERIFY(agentTo->open(server.port(), "/ws/agent"));
        QVERIFY(agentTo->login("to@example.com", TestServer::password()));
        // Offline agents cannot receive transfers.
        const auto refused = agentFrom->request(
            { { "type", "conversation.transfer" }, { "conversationId", id }, { "toAgentId", to } });
        QCOMPARE(refused->value("code").toString(), QStringLiteral("agent_unavailable"));
        agentTo->send({ { "type", "presence.set" }, { "status", "away" } });
        QVERIFY(agentFrom->waitFor([&to](const QJsonObject &m) {
            return m.value("type").toString() == u"presence"
                && m.value("agent").toObject().value("id") == to
                && m.value("agent").toObject().value("status").toString() == u"away";
        }));

        const auto moved = agentFrom->request({ { "type", "conversation.transfer" },
            { "conversationId", id }, { "toAgentId", to }, { "note", "VIP customer" } });
        QVERIFY(moved);
        QCOMPARE(moved->value("conversation")
                     .toObject()
                     .value("agent")
                     .toObject()
                     .value("id")
                     .toString(),
            to);
        const auto arrived = agentTo->waitFor(updateWith("assigned", to));
        QVERIFY(arrived);
        QCOMPARE(arrived->value("note").toString(), QStringLiteral("VIP customer"));
        QVERIFY(visitor.waitFor(updateWith("assigned", to)));

        // The new agent answers; the old one may no longer write.
        QVERIFY(agentTo
                    ->request({ { "type", "message.send" }, { "conversationId", id },
                        { "clientId", "t-1" }, { "body", "Hi, I'm To" } })
                    ->value("seq")
                    .toInt()
            == 4); // after the joined and transferred lines and the note
        const auto forbidden = agentFrom->request({ { "type", "message.send" },
            { "conversationId", id }, { "clientId", "f-1" }, { "body", "still here" } });
        QCOMPARE(forbidden->value("code").toString(), QStringLiteral("forbidden"));
    }

    void droppedAgentsChatsReturnToTheFrontOfTheQueueAfterGrace()
    {
        TestServer server(300);
        const QString siteKey = server.addSite();
        const QString gone = server.addAgent("gone@example.com", "Gone", 1);
        const QString stays = server.addAgent("stays@example.com", "Stays", 1);
        QVERIFY(server.start());
        auto leaving = signedInAgent(server, "gone@example.com");
        QVERIFY(leaving);
        TestClient first, second;
        visitorStarts(first, server, siteKey);
        QVERIFY(first.waitFor(updateWith("assigned", gone)));
        visitorStarts(second, server, siteKey);

        leaving->close();
        // Within the grace period nothing moves; afterwards the chat goes back to the front.
        const auto requeued = first.waitFor(updateWith("queued"), 5000);
        QVERIFY(requeued);
        QCOMPARE(requeued->value("conversation").toObject().value("queuePosition").toInt(), 1);
        auto staying = signedInAgent(server, "stays@example.com");
        QVERIFY(staying);
        QVERIFY(first.waitFor(updateWith("assigned", stays)));
    }

    void agentReconnectingWithinGraceKeepsItsChats()
    {
        TestServer server(60'000);
        const QString siteKey = server.addSite();
        const QString agentId = server.addAgent("back@example.com", "Back");
        QVERIFY(server.start());
        auto agent = signedInAgent(server, "back@example.com");
        QVERIFY(agent);
        const QString token = agent->received().first().value("sessionToken").toString();
        TestClient visitor;
        const QString id = visitorStarts(visitor, server, siteKey).value("id").toString();
        QVERIFY(visitor.waitFor(updateWith("assigned", agentId)));
        agent->close();

        TestClient again;
        QVERIFY(again.open(server.port(), "/ws/agent"));
        const auto resumed
            = again.request({ { "type", "auth.resume" }, { "sessionToken", token } });
        QVERIFY(resumed);
        QCOMPARE(resumed->value("type").toString(), QStringLiteral("auth.ok"));
        const auto snapshot = again.waitForType("agent.snapshot");
        QVERIFY(snapshot);
        QCOMPARE(snapshot->value("mine").toArray().size(), 1);
        QCOMPARE(snapshot->value("mine").toArray()[0].toObject().value("id").toString(), id);
    }

    void signInErrorsAreClear()
    {
        TestServer server;
        server.addAgent("real@example.com", "Real");
        QVERIFY(server.start());
        TestClient agent;
        QVERIFY(agent.open(server.port(), "/ws/agent"));
        const auto early = agent.request({ { "type", "presence.set" }, { "status", "online" } });
        QCOMPARE(early->value("code").toString(), QStringLiteral("not_authenticated"));
        const auto wrong = agent.login("real@example.com", "wrong password");
        QCOMPARE(wrong->value("code").toString(), QStringLiteral("auth_failed"));
        const auto nobody = agent.login("nobody@example.com", TestServer::password());
        QCOMPARE(nobody->value("code").toString(), QStringLiteral("auth_failed"));
        const auto badToken
            = agent.request({ { "type", "auth.resume" }, { "sessionToken", "made-up" } });
        QCOMPARE(badToken->value("code").toString(), QStringLiteral("auth_failed"));
        QCOMPARE(agent.login("real@example.com", TestServer::password())->value("type").toString(),
            QStringLiteral("auth.ok"));
        // Visitor messages are not accepted on the agent endpoint.
        const auto misplaced = agent.request({ { "type", "hello" }, { "siteKey", "x" } });
        QCOMPARE(misplaced->value("code").toString(), QStringLiteral("unknown_type"));
    }

    void malformedFramesAreAnsweredAndTheConnectionGoesOn()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        QVERIFY(server.start());
        TestClient visitor;
        QVERIFY(visitor.open(server.port(), "/ws/visitor"));
        visitor.sendRaw("{this is not json");
        QCOMPARE(
            visitor.waitForType("error")->value("code").toString(), QStringLiteral("bad_json"));
        const auto beforeHello = visitor.request({ { "type", "conversation.start" } });
        QCOMPARE(beforeHello->value("code").toString(), QStringLiteral("not_authenticated"));
        const auto badSite = visitor.request({ { "type", "hello" }, { "siteKey", "sk_nope" } });
        QCOMPARE(badSite->value("code").toString(), QStringLiteral("unknown_site"));
        QVERIFY(visitor.hello(siteKey));
        const auto missing
            = visitor.request({ { "type", "message.send" }, { "conversationId", "c" } });
        QCOMPARE(missing->value("code").toString(), QStringLiteral("missing_field"));
        QCOMPARE(missing->value("field").toString(), QStringLiteral("clientId"));
        const auto unknown
            = visitor.request({ { "type", "queue.accept" }, { "conversationId", "c" } });
        QCOMPARE(unknown->value("code").toString(), QStringLiteral("unknown_type"));
        visitor.socket().sendBinaryMessage("\x01\x02");
        QCOMPARE(
            visitor.waitForType("error")->value("code").toString(), QStringLiteral("bad_frame"));
        // Oversized frames close with 1009; the server keeps serving others.
        TestClient big;
        QVERIFY(big.open(server.port(), "/ws/visitor"));
        QSignalSpy closed(&big.socket(), &QWebSocket::disconnected);
        big.sendRaw(QString(70 * 1024, u'x'));
        QVERIFY(closed.wait(5000));
        QCOMPARE(int(big.socket().closeCode()), 1009);

        QVERIFY(visitor.isOpen());
        QCOMPARE(visitor.request({ { "type", "ping" } })->value("type").toString(),
            QStringLiteral("pong"));
        QVERIFY(visitor.request({ { "type", "conversation.start" } })->value("type").toString()
            == u"conversation.started");
    }

    void pagesFromOtherOriginsAreRefused()
    {
        TestServer server;
        const QString siteKey = server.addSite("Shop", {}, { "https://shop.example" });
        QVERIFY(server.start());
        TestClient foreign; // refused before the upgrade (tests/security has the details)
        QVERIFY(!foreign.open(server.port(), "/ws/visitor", { "chat.v1" }, "https://evil.example"));
        TestClient own;
        QVERIFY(own.open(server.port(), "/ws/visitor", { "chat.v1" }, "https://shop.example"));
        QCOMPARE(own.hello(siteKey)->value("type").toString(), QStringLiteral("welcome"));
    }

    void visitorsSeeOnlyTheirOwnConversations()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        QVERIFY(server.start());
        TestClient owner, stranger;
        const QString id = visitorStarts(owner, server, siteKey).value("id").toString();
        QVERIFY(owner.request({ { "type", "message.send" }, { "conversationId", id },
            { "clientId", "o-1" }, { "body", "private" } }));
        QVERIFY(stranger.open(server.port(), "/ws/visitor"));
        QVERIFY(stranger.hello(siteKey));
        QCOMPARE(stranger.request({ { "type", "history.fetch" }, { "conversationId", id } })
                     ->value("code")
                     .toString(),
            QStringLiteral("not_found"));
        QCOMPARE(stranger
                     .request({ { "type", "message.send" }, { "conversationId", id },
                         { "clientId", "s-1" }, { "body", "hi" } })
                     ->value("code")
                     .toString(),
            QStringLiteral("not_found"));
        QCOMPARE(stranger.request({ { "type", "conversation.close" }, { "conversationId", id } })
                     ->value("code")
                     .toString(),
            QStringLiteral("not_found"));
        QCOMPARE(stranger
                     .request({ { "type", "conversation.rate" }, { "conversationId", id },
                         { "rating", "bad" } })
                     ->value("code")
                     .toString(),
            QStringLiteral("not_found"));
    }

    void offlineMessageAndRating()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        const QString agentId = server.addAgent("rate@example.com", "Rated");
        QVERIFY(server.start());
        TestClient visitor;
        QVERIFY(visitor.open(server.port(), "/ws/visitor"));
        const auto welcome = visitor.hello(siteKey);
        QVERIFY(!welcome->value("agentsOnline").toBool());
        const auto offline = visitor.request({ { "type", "offline.message" }, { "name", "Ada" },
            { "email", "ada@example.com" }, { "body", "Please call me back" } });
        QCOMPARE(offline->value("type").toString(), QStringLiteral("offline.received"));
        const QString offlineId = offline->value("conversationId").toString();
        const auto stored
            = visitor.request({ { "type", "history.fetch" }, { "conversationId", offlineId } });
        QCOMPARE(stored->value("messages").toArray().size(), 1);

        auto agent = signedInAgent(server, "rate@example.com");
        QVERIFY(agent);
        QVERIFY(visitor.waitFor([](const QJsonObject &m) {
            return m.value("type").toString() == u"availability"
                && m.value("agentsOnline").toBool();
        }));
        const QString id = visitor.request({ { "type", "conversation.start" } })
                               ->value("conversation")
                               .toObject()
                               .value("id")
                               .toString();
        QVERIFY(visitor.waitFor(updateWith("assigned", agentId)));
        QCOMPARE(visitor
                     .request({ { "type", "conversation.rate" }, { "conversationId", id },
                         { "rating", "good" } })
                     ->value("code")
                     .toString(),
            QStringLiteral("conflict"));
        QVERIFY(agent->request({ { "type", "conversation.close" }, { "conversationId", id } }));
        const auto rated = visitor.request({ { "type", "conversation.rate" },
            { "conversationId", id }, { "rating", "good" }, { "comment", "Quick and kind" } });
        QVERIFY(rated);
        QCOMPARE(rated->value("conversation")
                     .toObject()
                     .value("rating")
                     .toObject()
                     .value("value")
                     .toString(),
            QStringLiteral("good"));
        QVERIFY(agent->waitFor([](const QJsonObject &m) {
            return m.value("conversation")
                       .toObject()
                       .value("rating")
                       .toObject()
                       .value("comment")
                       .toString()
                == u"Quick and kind";
        }));
    }
};

QTEST_GUILESS_MAIN(TestConversationFlow)
#include "tst_conversationflow.moc"
