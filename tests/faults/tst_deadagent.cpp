#include "rawagent.h"
#include "serverprocess.h"

#include <chatscenario.h>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QtTest>

using namespace ChatScenario;

// A dead or suspended agent (docs/operations.md, "Agents going away" and "Failure modes"): an
// agent's app that stops answering, as a laptop put to sleep or a link that went dead without
// a FIN. The server pings it after a quiet interval; from then on, until it answers, it gets no
// new chats (they go to an agent who answers) and its team sees it `away`; if it never answers
// it is dropped one interval later, and after the grace period its chats go to the live agent
// with every visitor message in their history.
class TestDeadAgent : public QObject
{
    Q_OBJECT

    static constexpr int pingSeconds = 2;
    static constexpr int graceSeconds = 1;

    static Match presenceOf(const QString &agentId, const QString &status)
    {
        return [agentId, status](const QJsonObject &m) {
            const QJsonObject agent = m.value("agent").toObject();
            return m.value("type").toString() == u"presence" && agent.value("id") == agentId
                && agent.value("status") == status;
        };
    }

    /// The agent the visitor's new conversation was assigned to ("" if none within 10 s).
    static QString assignedAgent(TestClient &visitor)
    {
        const auto assigned = visitor.waitFor(updateWith("assigned"), 10'000);
        return assigned ? assigned->value("conversation")
                              .toObject()
                              .value("agent")
                              .toObject()
                              .value("id")
                              .toString()
                        : QString();
    }

    static bool sendAndAck(TestClient &visitor, const QString &conversationId, const QString &body)
    {
        const auto ack = visitor.request({ { "type", "message.send" },
            { "conversationId", conversationId }, { "clientId", body }, { "body", body } });
        return ack && ack->value("type").toString() == u"message.ack";
    }

private slots:
    void anAgentThatStopsAnsweringGetsNoNewChatsAndItsChatsMoveOn()
    {
        TestServer setup;
        const QString siteKey = setup.addSite();
        setup.addAgent("live@shop.test", "Live", 10);
        setup.addAgent("dead@shop.test", "Dead", 10);
        ServerProcess server;
        QVERIFY(server.start(setup.databasePath(),
            { "--ping-interval-seconds", QString::number(pingSeconds), "--agent-grace-seconds",
                QString::number(graceSeconds) }));

        TestClient live; // a QWebSocket: answers every ping
        QVERIFY(live.open(server.port(), "/ws/agent"));
        const auto liveOk = live.login("live@shop.test", TestServer::password());
        QVERIFY(liveOk && liveOk->value("type").toString() == u"auth.ok");
        const QString liveId = liveOk->value("agent").toObject().value("id").toString();
        QVERIFY(live.request({ { "type", "presence.set" }, { "status", "online" } }));
        RawAgent dead; // reads everything, never answers a ping
        QVERIFY(dead.signIn(server.port(), "dead@shop.test"));

        // Both answer: the first two chats go one to each (least loaded first).
        std::vector<std::unique_ptr<TestClient>> visitors;
        QStringList conversations;
        const auto startChat = [&]() -> QString {
            auto visitor = std::make_unique<TestClient>();
            if (!visitor->open(server.port(), "/ws/visitor") || !visitor->hello(siteKey))
                return {};
            const QString id = startConversation(*visitor).value("id").toString();
            if (id.isEmpty())
                return {};
            const QString agent = assignedAgent(*visitor);
            conversations.append(id);
            visitors.push_back(std::move(visitor));
            return agent;
        };
        QStringList firstTwo { startChat(), startChat() };
        firstTwo.sort();
        QStringList both { liveId, dead.id };
        both.sort();
        QCOMPARE(firstTwo, both);
        int withDead = -1;
        for (int i = 0; i < 2; ++i)
            for (const QJsonObject &m : visitors[size_t(i)]->received())
                if (updateWith("assigned", dead.id)(m))
                    withDead = i;
        QVERIFY(withDead >= 0);
        TestClient &deadsVisitor = *visitors[size_t(withDead)];
        const QString deadsConversation = conversations[withDead];
        const int livesChat = 1 - withDead;
        QStringList sent;
        const auto visitorSays = [&](const QString &body) {
            sent.append(body);
            return sendAndAck(deadsVisitor, deadsConversation, body);
        };
        QVERIFY(visitorSays("before the silence"));

        // The silent agent has sent nothing since it went online: within two intervals it is
        // pinged, does not answer, and its team sees it away while its socket is still open.
        QVERIFY2(live.waitFor(presenceOf(dead.id, "away"), (3 * pingSeconds + 5) * 1000),
            "the silent agent was never shown away");
        QElapsedTimer sinceAway;
        sinceAway.start();
        QVERIFY2(dead.socket.connected(), "it was dropped before it was seen not answering");
        // New chats meanwhile go to the agent who answers, and nothing can be handed to it.
        for (int i = 0; i < 3; ++i)
            QCOMPARE(startChat(), liveId);
        const auto transfer = live.request({ { "type", "conversation.transfer" },
            { "conversationId", conversations[livesChat] }, { "toAgentId", dead.id } });
        QVERIFY(transfer);
        QCOMPARE(transfer->value("code").toString(), QStringLiteral("agent_unavailable"));
        QVERIFY(visitorSays("while it does not answer"));
        QVERIFY2(dead.socket.connected() && sinceAway.elapsed() < pingSeconds * 1000,
            "the test was too slow to act before the drop; the checks above prove nothing");

        // Any frame proves it alive: it is online for the team again and takes the next chat
        // (it has the fewest).
        dead.socket.sendJson({ { "type", "ping" }, { "rid", "alive" } });
        QVERIFY2(live.waitFor(presenceOf(dead.id, "online"), pingSeconds * 1000),
            "a frame from the agent did not make it available again");
        QCOMPARE(startChat(), dead.id);
        const QString deadsSecondConversation = conversations.last();
        TestClient &deadsSecondVisitor = *visitors.back();

        // Then it goes silent for good: away again, dropped one interval after the unanswered
        // ping (at most three intervals after its last frame), and after the grace period its
        // two chats go to the live agent.
        QElapsedTimer sinceLastFrame;
        sinceLastFrame.start();
        QVERIFY(live.waitFor(presenceOf(dead.id, "away"), (3 * pingSeconds + 5) * 1000));
        QTRY_VERIFY_WITH_TIMEOUT(dead.socket.closed(), (pingSeconds + 5) * 1000);
        QVERIFY2(sinceLastFrame.elapsed() < (3 * pingSeconds + 3) * 1000,
            qPrintable(QStringLiteral("dropped %1 ms after its last frame")
                           .arg(sinceLastFrame.elapsed())));
        QVERIFY(visitorSays("after the drop"));
        QVERIFY(deadsVisitor.waitFor(updateWith("assigned", liveId), (graceSeconds + 10) * 1000));
        QVERIFY(
            deadsSecondVisitor.waitFor(updateWith("assigned", liveId), (graceSeconds + 10) * 1000));
        QVERIFY(visitorSays("with the live agent"));

        // Nothing the visitor sent is lost: the live agent reads all of it.
        QStringList bodies;
        for (const QJsonValue &m : historyOf(live, deadsConversation))
            if (m.toObject().value("author").toObject().value("role").toString() == u"visitor")
                bodies.append(m.toObject().value("body").toString());
        QCOMPARE(bodies, sent);
        QCOMPARE(historyOf(live, deadsSecondConversation).isEmpty(), false);
    }
};

QTEST_MAIN(TestDeadAgent)
#include "tst_deadagent.moc"
