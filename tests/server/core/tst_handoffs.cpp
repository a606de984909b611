#include <chatscenario.h>

#include <QtTest>

using namespace ChatScenario;

// Hand-offs both sides can follow: system lines in the timeline, the transfer note kept for
// agents only, every transfer target in the snapshot, and presence that outlives a restart.
class TestHandoffs : public QObject
{
    Q_OBJECT

    static Match systemLine(const QString &body)
    {
        return [body](const QJsonObject &m) {
            return m.value("type").toString() == u"message"
                && m.value("author").toObject().value("role").toString() == u"system"
                && m.value("body").toString() == body;
        };
    }

private slots:
    void systemLinesTellWhoJoinedTransferredAndClosed()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        const QString graceId = server.addAgent("grace@example.com", "Grace");
        const QString alanId = server.addAgent("alan@example.com", "Alan");
        QVERIFY(server.start());
        auto grace = signedInAgent(server, "grace@example.com");
        auto alan = signedInAgent(server, "alan@example.com", "away"); // not assigned automatically
        QVERIFY(grace && alan);

        auto visitor = arrivedVisitor(server, siteKey);
        QVERIFY(visitor);
        const QString id
            = startConversation(*visitor, { { "name", "Dana Keyboard" } }).value("id").toString();
        QVERIFY(!id.isEmpty());
        QVERIFY(visitor->waitFor(updateWith("assigned", graceId)));
        QVERIFY(visitor->waitFor(systemLine("Grace joined the chat")));
        QVERIFY(grace->waitFor(systemLine("Grace joined the chat")));

        const QString note = QStringLiteral("INTERNAL: regular customer, do not refund");
        const auto transferred = grace->request({ { "type", "conversation.transfer" },
            { "conversationId", id }, { "toAgentId", alanId }, { "note", note } });
        QVERIFY(transferred);
        QCOMPARE(transferred->value("type").toString(), QStringLiteral("conversation.updated"));
        QVERIFY(visitor->waitFor(systemLine("Grace transferred the chat to Alan")));
        // The receiving agent gets the note with the update and as an internal note in the chat.
        const auto update = alan->waitFor(updateWith("assigned", alanId));
        QVERIFY(update);
        QCOMPARE(update->value("note").toString(), note);
        const auto noteMessage = alan->waitFor(messageWithBody(note));
        QVERIFY(noteMessage);
        QVERIFY(noteMessage->value("internal").toBool());
        QCOMPARE(noteMessage->value("author").toObject().value("name").toString(),
            QStringLiteral("Grace"));

        QVERIFY(alan->request({ { "type", "conversation.close" }, { "conversationId", id } }));
        QVERIFY(visitor->waitFor(systemLine("Alan closed the chat")));

        // The lines are history, in order, on both sides; the note only on the agents' side.
        const QStringList expected { "Grace joined the chat", "Grace transferred the chat to Alan",
            "Alan closed the chat" };
        QCOMPARE(systemLines(historyOf(*visitor, id)), expected);
        const QJsonArray agentHistory = historyOf(*alan, id);
        QCOMPARE(systemLines(agentHistory), expected);
        QVERIFY(std::any_of(agentHistory.begin(), agentHistory.end(), [&](const QJsonValue &m) {
            return m.toObject().value("body").toString() == note
                && m.toObject().value("internal").toBool();
        }));
        for (const QJsonObject &frame : visitor->received())
            QVERIFY2(!QJsonDocument(frame).toJson().contains("do not refund"),
                "the note reached the visitor");
    }

    void aVisitorsCloseIsSignedWithItsName()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        server.addAgent("grace@example.com", "Grace");
        QVERIFY(server.start());
        auto grace = signedInAgent(server, "grace@example.com");
        auto visitor = arrivedVisitor(server, siteKey);
        QVERIFY(grace && visitor);
        const QString id
            = startConversation(*visitor, { { "name", "Dana Keyboard" } }).value("id").toString();
        QVERIFY(grace->waitFor(systemLine("Grace joined the chat")));
        QVERIFY(visitor->request({ { "type", "conversation.close" }, { "conversationId", id } }));
        QVERIFY(grace->waitFor(systemLine("Dana Keyboard closed the chat")));
    }

    void anAgentGoneForGoodLeavesAndTheNextOneJoins()
    {
        TestServer server(300);
        const QString siteKey = server.addSite();
        server.addAgent("grace@example.com", "Grace");
        const QString alanId = server.addAgent("alan@example.com", "Alan");
        QVERIFY(server.start());
        auto grace = signedInAgent(server, "grace@example.com");
        auto visitor = arrivedVisitor(server, siteKey);
        QVERIFY(grace && visitor);
        const QString id = startConversation(*visitor).value("id").toString();
        QVERIFY(visitor->waitFor(systemLine("Grace joined the chat")));
        grace->close();
        QVERIFY(visitor->waitFor(systemLine("Grace left the chat"), 5000));
        auto alan = signedInAgent(server, "alan@example.com");
        QVERIFY(alan);
        QVERIFY(visitor->waitFor(updateWith("assigned", alanId)));
        QVERIFY(visitor->waitFor(systemLine("Alan joined the chat")));
    }

    void transferToADepartmentIsNamedButNeverExplained()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        const QString sales = server.addDepartment(siteKey, "Sales");
        server.addAgent("grace@example.com", "Grace");
        QVERIFY(server.start());
        auto grace = signedInAgent(server, "grace@example.com");
        auto visitor = arrivedVisitor(server, siteKey);
        QVERIFY(grace && visitor);
        const QString id = startConversation(*visitor).value("id").toString();
        QVERIFY(visitor->waitFor(systemLine("Grace joined the chat")));
        QVERIFY(grace->request({ { "type", "conversation.transfer" }, { "conversationId", id },
            { "toDepartmentId", sales }, { "note", "wants a discount" } }));
        QVERIFY(visitor->waitFor(systemLine("Grace transferred the chat to Sales")));
        QVERIFY(grace->waitFor(messageWithBody("wants a discount")));
        for (const QJsonObject &frame : visitor->received())
            QVERIFY(!QJsonDocument(frame).toJson().contains("discount"));
    }

    void snapshotListsEveryDepartmentAndEveryAgent()
    {
        TestServer server;
        const QString shop = server.addSite("Shop");
        const QString blog = server.addSite("Blog");
        const QString sales = server.addDepartment(shop, "Sales");
        const QString billing = server.addDepartment(shop, "Billing");
        const QString editors = server.addDepartment(blog, "Editors");
        server.addAgent("grace@example.com", "Grace");
        server.addAgent("alan@example.com", "Alan");
        QVERIFY(server.start());
        auto alan = signedInAgent(server, "alan@example.com");
        QVERIFY(alan);
        // A department added while serving is there for the next sign-in.
        const QString support = server.addDepartment(blog, "Support");

        TestClient grace;
        QVERIFY(grace.open(server.port(), "/ws/agent"));
        QVERIFY(grace.login("grace@example.com", TestServer::password()));
        const std::optional<QJsonObject> snapshot = snapshotOf(grace);
        QVERIFY(snapshot);
        QStringList departments;
        for (const QJsonValue &d : snapshot->value("departments").toArray())
            departments.append(d.toObject().value("id").toString());
        departments.sort();
        QStringList expected { sales, billing, editors, support };
        expected.sort();
        QCOMPARE(departments, expected);
        QCOMPARE(snapshot->value("departments").toArray().first().toObject().keys(),
            (QStringList { "id", "name", "siteId" }));
        const QJsonArray agents = snapshot->value("agents").toArray();
        QCOMPARE(agents.size(), 2);
        const auto alanView = std::find_if(agents.begin(), agents.end(),
            [](const QJsonValue &a) { return a.toObject().value("name").toString() == u"Alan"; });
        QVERIFY(alanView != agents.end());
        QCOMPARE(alanView->toObject().value("status").toString(), QStringLiteral("online"));
    }

    void presenceSurvivesARestartForAgentsWhoComeBackInTime()
    {
        TestServer server(60'000);
        const QString siteKey = server.addSite();
        const QString graceId = server.addAgent("grace@example.com", "Grace");
        server.addAgent("alan@example.com", "Alan");
        QVERIFY(server.start());
        QString graceToken, alanToken;
        {
            auto grace = signedInAgent(server, "grace@example.com", "online");
            auto alan = signedInAgent(server, "alan@example.com", "away");
            QVERIFY(grace && alan);
            graceToken = grace->received().first().value("sessionToken").toString();
            alanToken = alan->received().first().value("sessionToken").toString();
            QVERIFY(!graceToken.isEmpty() && !alanToken.isEmpty());
        }
        server.stop();
        QVERIFY(server.start());

        TestClient grace;
        QVERIFY(grace.open(server.port(), "/ws/agent"));
        const auto resumed
            = grace.request({ { "type", "auth.resume" }, { "sessionToken", graceToken } }, 10000);
        QVERIFY(resumed);
        QCOMPARE(resumed->value("type").toString(), QStringLiteral("auth.ok"));
        QCOMPARE(resumed->value("agent").toObject().value("status").toString(),
            QStringLiteral("online"));
        const auto snapshot = grace.waitForType("agent.snapshot");
        QVERIFY(snapshot);
        for (const QJsonValue &a : snapshot->value("agents").toArray())
            if (a.toObject().value("name").toString() == u"Alan") // not back yet: away, as it was
                QCOMPARE(a.toObject().value("status").toString(), QStringLiteral("away"));

        // New chats go to Grace without another presence.set.
        auto visitor = arrivedVisitor(server, siteKey);
        QVERIFY(visitor);
        QVERIFY(!startConversation(*visitor).isEmpty());
        QVERIFY(visitor->waitFor(updateWith("assigned", graceId)));
    }

    void presenceEndsWhenTheAgentDoesNotComeBackAfterARestart()
    {
        TestServer server(300);
        server.addAgent("grace@example.com", "Grace");
        server.addAgent("alan@example.com", "Alan");
        QVERIFY(server.start());
        QVERIFY(signedInAgent(server, "grace@example.com", "online"));
        server.stop();
        QVERIFY(server.start());
        auto alan = signedInAgent(server, "alan@example.com", QString());
        QVERIFY(alan);
        QVERIFY(alan->waitFor(
            [](const QJsonObject &m) {
                return m.value("type").toString() == u"presence"
                    && m.value("agent").toObject().value("name").toString() == u"Grace"
                    && m.value("agent").toObject().value("status").toString() == u"offline";
            },
            5000));
    }
};

QTEST_MAIN(TestHandoffs)
#include "tst_handoffs.moc"
