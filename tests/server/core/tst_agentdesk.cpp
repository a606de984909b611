#include <chatscenario.h>

#include <QtTest>

// The agent desk features of the protocol: internal notes, reopen, canned responses,
// search, a visitor's earlier conversations and pages, departments.
using namespace ChatScenario;

class TestAgentDesk : public QObject
{
    Q_OBJECT

private slots:
    void internalNotesNeverReachTheVisitor()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        server.addAgent("notes@example.com", "Noor");
        QVERIFY(server.start());
        auto agent = signedInAgent(server, "notes@example.com");
        TestClient visitor;
        const QString id = visitorStarts(visitor, server, siteKey).value("id").toString();
        QVERIFY(agent->waitFor([](const QJsonObject &m) {
            return m.value("conversation").toObject().value("status").toString() == u"assigned";
        }));

        const auto note = agent->request(
            { { "type", "message.send" }, { "conversationId", id }, { "clientId", "n-1" },
                { "body", "Customer is on the premium plan" }, { "internal", true } });
        // seq 1 is the server's line "Noor joined the chat".
        QCOMPARE(note->value("seq").toInt(), 2);
        QVERIFY(agent->waitFor([](const QJsonObject &m) {
            return m.value("type").toString() == u"message" && m.value("internal").toBool();
        }));
        QCOMPARE(agent
                     ->request({ { "type", "message.send" }, { "conversationId", id },
                         { "clientId", "a-1" }, { "body", "Hello!" } })
                     ->value("seq")
                     .toInt(),
            3);
        QVERIFY(visitor.waitFor([](const QJsonObject &m) {
            return m.value("type").toString() == u"message" && m.value("seq").toInt() == 3;
        }));
        QCOMPARE(visitor.count(
                     [](const QJsonObject &m) { return m.value("clientId").toString() == u"n-1"; }),
            0);

        const auto visitorHistory = visitor.request(
            { { "type", "history.fetch" }, { "conversationId", id }, { "afterSeq", 1 } });
        QCOMPARE(visitorHistory->value("messages").toArray().size(), 1);
        QCOMPARE(visitorHistory->value("messages").toArray()[0].toObject().value("seq").toInt(), 3);
        const auto agentHistory = agent->request(
            { { "type", "history.fetch" }, { "conversationId", id }, { "afterSeq", 1 } });
        QCOMPARE(agentHistory->value("messages").toArray().size(), 2);
        QVERIFY(agentHistory->value("messages").toArray()[0].toObject().value("internal").toBool());

        const auto visitorNote
            = visitor.request({ { "type", "message.send" }, { "conversationId", id },
                { "clientId", "v-n" }, { "body", "x" }, { "internal", true } });
        QCOMPARE(visitorNote->value("code").toString(), QStringLiteral("forbidden"));
    }

    void closedConversationCanBeReopened()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        const QString agentId = server.addAgent("reopen@example.com", "Rhea");
        QVERIFY(server.start());
        auto agent = signedInAgent(server, "reopen@example.com");
        TestClient visitor;
        const QString id = visitorStarts(visitor, server, siteKey).value("id").toString();
        QVERIFY(agent->request({ { "type", "conversation.close" }, { "conversationId", id } }));
        const auto reopened
            = agent->request({ { "type", "conversation.reopen" }, { "conversationId", id } });
        QCOMPARE(reopened->value("conversation").toObject().value("status").toString(),
            QStringLiteral("assigned"));
        QCOMPARE(reopened->value("conversation")
                     .toObject()
                     .value("agent")
                     .toObject()
                     .value("id")
                     .toString(),
            agentId);
        QVERIFY(visitor.waitFor([](const QJsonObject &m) {
            return m.value("type").toString() == u"conversation.updated"
                && m.value("conversation").toObject().value("status").toString() == u"assigned"
                && m.value("conversation").toObject().value("closedAt").isNull();
        }));
        QCOMPARE(visitor
                     .request({ { "type", "message.send" }, { "conversationId", id },
                         { "clientId", "v-r" }, { "body", "thanks for coming back" } })
                     ->value("type")
                     .toString(),
            QStringLiteral("message.ack"));
        QCOMPARE(agent->request({ { "type", "conversation.reopen" }, { "conversationId", id } })
                     ->value("code")
                     .toString(),
            QStringLiteral("conflict"));
        QCOMPARE(agent->request({ { "type", "conversation.reopen" }, { "conversationId", "nope" } })
                     ->value("code")
                     .toString(),
            QStringLiteral("not_found"));
    }

    void cannedResponsesAreSharedWithTheTeam()
    {
        // An admin's shared responses reach every agent; only admins change them.
        TestServer server;
        server.addAgent("c1@example.com", "Cleo", 3, true);
        server.addAgent("c2@example.com", "Cato");
        QVERIFY(server.start());
        auto first = signedInAgent(server, "c1@example.com", {});
        auto second = signedInAgent(server, "c2@example.com", {});
        QCOMPARE(first->request({ { "type", "canned.list" } })->value("items").toArray().size(), 0);
        const auto saved = first->request({ { "type", "canned.save" }, { "shortcut", "refund" },
            { "title", "Refunds" }, { "body", "We refund within 30 days." } });
        QCOMPARE(saved->value("type").toString(), QStringLiteral("canned"));
        QCOMPARE(saved->value("items").toArray().size(), 1);
        const auto pushed = second->waitForType("canned");
        QVERIFY(pushed);
        QVERIFY(pushed->value("sharedOnly").toBool());
        const QString id = pushed->value("items").toArray()[0].toObject().value("id").toString();
        QCOMPARE(second
                     ->request({ { "type", "canned.save" }, { "personal", true },
                         { "shortcut", "refund" }, { "body", "dup" } })
                     ->value("code")
                     .toString(),
            QStringLiteral("conflict")); // one's own may not hide a shared one
        QCOMPARE(second
                     ->request({ { "type", "canned.save" }, { "id", id }, { "shortcut", "refund" },
                         { "body", "mine now" } })
                     ->value("code")
                     .toString(),
            QStringLiteral("forbidden"));
        const auto edited = first->request({ { "type", "canned.save" }, { "id", id },
            { "shortcut", "refund" }, { "body", "Refunds take 5 days." } });
        QCOMPARE(edited->value("items").toArray()[0].toObject().value("body").toString(),
            QStringLiteral("Refunds take 5 days."));
        QCOMPARE(first->request({ { "type", "canned.delete" }, { "id", id } })
                     ->value("items")
                     .toArray()
                     .size(),
            0);
        QCOMPARE(
            first->request({ { "type", "canned.delete" }, { "id", id } })->value("code").toString(),
            QStringLiteral("not_found"));
    }

    void personalCannedResponsesAreTheOwnersAlone()
    {
        TestServer server;
        server.addAgent("c1@example.com", "Cleo", 3, true);
        server.addAgent("c2@example.com", "Cato");
        QVERIFY(server.start());
        auto admin = signedInAgent(server, "c1@example.com", {});
        auto agent = signedInAgent(server, "c2@example.com", {});
        QVERIFY(admin->request({ { "type", "canned.save" }, { "shortcut", "hello" },
            { "body", "Hello from the team" } }));
        const auto saved = agent->request({ { "type", "canned.save" }, { "personal", true },
            { "shortcut", "sig" }, { "body", "Cato, support" } });
        QCOMPARE(saved->value("type").toString(), QStringLiteral("canned"));
        const QJsonArray items = saved->value("items").toArray();
        QCOMPARE(items.size(), 2); // the shared one and the agent's own
        const QJsonObject mine = items[1].toObject();
        const QString id = mine.value("id").toString();
        QCOMPARE(mine.value("shortcut").toString(), QStringLiteral("sig"));
        QVERIFY(mine.value("personal").toBool());
        QVERIFY(!items[0].toObject().value("personal").toBool());
        // The admin neither sees nor changes it; the owner edits and deletes it.
        QCOMPARE(admin->request({ { "type", "canned.list" } })->value("items").toArray().size(), 1);
        QCOMPARE(
            admin->request({ { "type", "canned.delete" }, { "id", id } })->value("code").toString(),
            QStringLiteral("not_found"));
        const auto edited = agent->request(
            { { "type", "canned.save" }, { "id", id }, { "shortcut", "sig" }, { "body", "Cato" } });
        QVERIFY(edited->value("items").toArray()[1].toObject().value("personal").toBool());
        QCOMPARE(agent->request({ { "type", "canned.delete" }, { "id", id } })
                     ->value("items")
                     .toArray()
                     .size(),
            1);
        QCOMPARE(admin->count([](const QJsonObject &m) {
            return m.value("type").toString() == u"canned" && m.value("rid").toString().isEmpty()
                && !m.value("sharedOnly").toBool();
        }),
            0); // nothing of it was pushed to anyone else
    }

    void searchFindsPastMessages()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        server.addAgent("search@example.com", "Sam");
        QVERIFY(server.start());
        auto agent = signedInAgent(server, "search@example.com");
        TestClient visitor;
        const QString id = visitorStarts(visitor, server, siteKey).value("id").toString();
        QVERIFY(visitor.request({ { "type", "message.send" }, { "conversationId", id },
            { "clientId", "s-1" }, { "body", "I want a refund for order 1234" } }));
        QVERIFY(visitor.request({ { "type", "message.send" }, { "conversationId", id },
            { "clientId", "s-2" }, { "body", "Also the delivery was late" } }));
        const auto found = agent->request({ { "type", "search" }, { "query", "refund" } });
        const QJsonArray results = found->value("results").toArray();
        QCOMPARE(results.size(), 1);
        QCOMPARE(results[0].toObject().value("conversationId").toString(), id);
        QCOMPARE(results[0].toObject().value("seq").toInt(), 2); // after "Sam joined the chat"
        QVERIFY(results[0].toObject().value("snippet").toString().contains("[refund]"));
        QCOMPARE(results[0].toObject().value("visitorName").toString(), QStringLiteral("Ada"));
        QCOMPARE(agent->request({ { "type", "search" }, { "query", "deliv*" } })
                     ->value("results")
                     .toArray()
                     .size(),
            1);
        // FTS syntax from users is taken literally, never an error.
        QCOMPARE(agent->request({ { "type", "search" }, { "query", "\"NEAR( AND" } })
                     ->value("type")
                     .toString(),
            QStringLiteral("search.results"));
    }

    void agentsSeeTheVisitorsPagesAndEarlierConversations()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        server.addAgent("pages@example.com", "Pia");
        QVERIFY(server.start());
        auto agent = signedInAgent(server, "pages@example.com");
        TestClient visitor;
        QVERIFY(visitor.open(server.port(), "/ws/visitor"));
        const auto welcome = visitor.request(
            { { "type", "hello" }, { "siteKey", siteKey }, { "timeZone", "Europe/Berlin" },
                { "page", QJsonObject { { "url", "https://shop.test/" }, { "title", "Home" } } } });
        const QString visitorId = welcome->value("visitorId").toString();
        const QString first = visitor.request({ { "type", "conversation.start" } })
                                  ->value("conversation")
                                  .toObject()
                                  .value("id")
                                  .toString();
        QVERIFY(agent->request({ { "type", "conversation.close" }, { "conversationId", first } }));
        visitor.send({ { "type", "visitor.page" },
            { "page", QJsonObject { { "url", "https://shop.test/cart" }, { "title", "Cart" } } } });
        const QString second = visitor.request({ { "type", "conversation.start" } })
                                   ->value("conversation")
                                   .toObject()
                                   .value("id")
                                   .toString();
        const auto assigned = agent->waitFor([&second](const QJsonObject &m) {
            return m.value("conversation").toObject().value("id").toString() == second
                && m.value("conversation").toObject().value("status").toString() == u"assigned";
        });
        QVERIFY(assigned);
        const QJsonObject who
            = assigned->value("conversation").toObject().value("visitor").toObject();
        QCOMPARE(who.value("timeZone").toString(), QStringLiteral("Europe/Berlin"));
        QCOMPARE(who.value("page").toObject().value("title").toString(), QStringLiteral("Cart"));
        const QJsonArray pages = who.value("pages").toArray();
        QCOMPARE(pages.size(), 2);
        QCOMPARE(pages[0].toObject().value("url").toString(), QStringLiteral("https://shop.test/"));

        visitor.send({ { "type", "visitor.page" },
            { "page",
                QJsonObject {
                    { "url", "https://shop.test/checkout" }, { "title", "Checkout" } } } });
        QVERIFY(agent->waitFor([](const QJsonObject &m) {
            return m.value("conversation")
                       .toObject()
                       .value("visitor")
                       .toObject()
                       .value("page")
                       .toObject()
                       .value("title")
                       .toString()
                == u"Checkout";
        }));

        const auto earlier
            = agent->request({ { "type", "visitor.conversations" }, { "visitorId", visitorId } });
        const QJsonArray conversations = earlier->value("conversations").toArray();
        QCOMPARE(conversations.size(), 2);
        QCOMPARE(conversations[0].toObject().value("id").toString(), second); // newest first
        QCOMPARE(conversations[1].toObject().value("status").toString(), QStringLiteral("closed"));
    }

    void departmentsRouteConversationsToTheirAgents()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        const QString sales = server.addDepartment(siteKey, "Sales");
        const QString support = server.addDepartment(siteKey, "Support");
        QVERIFY(!sales.isEmpty() && !support.isEmpty());
        const QString seller = server.addAgentIn("sales@example.com", "Sal", { sales });
        const QString helper = server.addAgentIn("support@example.com", "Sue", { support });
        QVERIFY(server.start());
        auto salesAgent = signedInAgent(server, "sales@example.com");
        auto supportAgent = signedInAgent(server, "support@example.com");

        TestClient visitor;
        QVERIFY(visitor.open(server.port(), "/ws/visitor"));
        const auto welcome = visitor.hello(siteKey);
        const QJsonArray offered = welcome->value("site").toObject().value("departments").toArray();
        QCOMPARE(offered.size(), 2);
        const auto started
            = visitor.request({ { "type", "conversation.start" }, { "departmentId", support } });
        const QString id = started->value("conversation").toObject().value("id").toString();
        QCOMPARE(started->value("conversation")
                     .toObject()
                     .value("department")
                     .toObject()
                     .value("name")
                     .toString(),
            QStringLiteral("Support"));
        QVERIFY(visitor.waitFor([&helper](const QJsonObject &m) {
            return m.value("conversation")
                       .toObject()
                       .value("agent")
                       .toObject()
                       .value("id")
                       .toString()
                == helper;
        }));

        // Transfer to the Sales department: back to the queue, then to the Sales agent.
        const auto moved = supportAgent->request({ { "type", "conversation.transfer" },
            { "conversationId", id }, { "toDepartmentId", sales }, { "note", "wants a quote" } });
        QCOMPARE(moved->value("type").toString(), QStringLiteral("conversation.updated"));
        const auto arrived = salesAgent->waitFor([&seller](const QJsonObject &m) {
            return m.value("conversation")
                       .toObject()
                       .value("agent")
                       .toObject()
                       .value("id")
                       .toString()
                == seller;
        });
        QVERIFY(arrived);
        QCOMPARE(arrived->value("conversation")
                     .toObject()
                     .value("department")
                     .toObject()
                     .value("name")
                     .toString(),
            QStringLiteral("Sales"));

        TestClient stray;
        QVERIFY(stray.open(server.port(), "/ws/visitor"));
        QVERIFY(stray.hello(siteKey));
        QCOMPARE(stray.request({ { "type", "conversation.start" }, { "departmentId", "made-up" } })
                     ->value("code")
                     .toString(),
            QStringLiteral("invalid_field"));
    }
};

QTEST_GUILESS_MAIN(TestAgentDesk)
#include "tst_agentdesk.moc"
