#include <chatscenario.h>

#include <QtTest>

using namespace ChatScenario;

// What visitors tell us is kept: their name and email through reloads, pages and restarts;
// a reload is not leaving the queue, leaving for good is; offline messages reach an agent.
class TestVisitorCare : public QObject
{
    Q_OBJECT

    /// hello without a name, as the widget sends it before the pre-chat form.
    static std::unique_ptr<TestClient> anonymousVisitor(
        TestServer &server, const QString &siteKey, const QString &token = {})
    {
        auto visitor = std::make_unique<TestClient>();
        if (!visitor->open(server.port(), "/ws/visitor"))
            return nullptr;
        QJsonObject hello { { "type", "hello" }, { "siteKey", siteKey } };
        if (!token.isEmpty())
            hello.insert("visitorToken", token);
        const auto welcome = visitor->request(hello);
        if (!welcome || welcome->value("type").toString() != u"welcome")
            return nullptr;
        return visitor;
    }

    static QString tokenOf(const TestClient &visitor)
    {
        for (const QJsonObject &m : visitor.received())
            if (m.value("type").toString() == u"welcome")
                return m.value("visitorToken").toString();
        return {};
    }

    static Match visitorNamed(const QString &name)
    {
        return [name](const QJsonObject &m) {
            return m.value("type").toString() == u"conversation.updated"
                && m.value("conversation")
                       .toObject()
                       .value("visitor")
                       .toObject()
                       .value("name")
                       .toString()
                == name;
        };
    }

    /// The visitor of @p tab opens a page; returns the visitor as @p agent is then shown it.
    static QJsonObject movesTo(
        TestClient &tab, TestClient &agent, const QString &url, const QString &title)
    {
        agent.consumeAll();
        tab.send({ { "type", "visitor.page" },
            { "page", QJsonObject { { "url", url }, { "title", title } } } });
        const auto moved = agent.waitForType("conversation.updated");
        return moved ? moved->value("conversation").toObject().value("visitor").toObject()
                     : QJsonObject();
    }

    /// Restarts @p server; returns the visitor of the first open chat @p email's snapshot holds.
    static QJsonObject visitorAfterRestart(TestServer &server, const QString &email)
    {
        server.stop();
        if (!server.start())
            return {};
        auto agent = signedInAgent(server, email, QString());
        if (!agent)
            return {};
        return snapshotOf(*agent)
            .value("mine")
            .toArray()
            .first()
            .toObject()
            .value("visitor")
            .toObject();
    }

private slots:
    void preChatDetailsAreKeptThroughReloadsPagesAndRestarts()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        server.addAgent("grace@example.com", "Grace");
        QVERIFY(server.start());
        auto grace = signedInAgent(server, "grace@example.com");
        auto visitor = anonymousVisitor(server, siteKey);
        QVERIFY(grace && visitor);
        const QString token = tokenOf(*visitor);
        const QString id = startConversation(
            *visitor, { { "name", "Dana Keyboard" }, { "email", "dana@example.com" } })
                               .value("id")
                               .toString();
        QVERIFY(!id.isEmpty());
        QVERIFY(grace->waitFor(visitorNamed("Dana Keyboard")));
        QVERIFY(grace->request({ { "type", "message.send" }, { "conversationId", id },
            { "clientId", "g-1" }, { "body", "Hello Dana" } }));
        QVERIFY(visitor->request({ { "type", "message.send" }, { "conversationId", id },
            { "clientId", "v-1" }, { "body", "my parcel never arrived" } }));

        // A reload (new connection, same token, no name) and a navigation keep the name.
        visitor.reset();
        visitor = anonymousVisitor(server, siteKey, token);
        QVERIFY(visitor);
        grace->consumeAll();
        visitor->send({ { "type", "visitor.page" },
            { "page",
                QJsonObject { { "url", "https://shop.example/cart" }, { "title", "Cart" } } } });
        const auto moved = grace->waitForType("conversation.updated");
        QVERIFY(moved);
        const QJsonObject seen
            = moved->value("conversation").toObject().value("visitor").toObject();
        QCOMPARE(seen.value("name").toString(), QStringLiteral("Dana Keyboard"));
        QCOMPARE(seen.value("email").toString(), QStringLiteral("dana@example.com"));
        QCOMPARE(seen.value("page").toObject().value("title").toString(), QStringLiteral("Cart"));

        // Search, the earlier conversations and the visitor's messages carry the name.
        const auto found = grace->request({ { "type", "search" }, { "query", "parcel" } });
        QVERIFY(found);
        const QJsonObject hit = found->value("results").toArray().first().toObject();
        QCOMPARE(hit.value("visitorName").toString(), QStringLiteral("Dana Keyboard"));
        QCOMPARE(hit.value("visitorEmail").toString(), QStringLiteral("dana@example.com"));
        const auto earlier = grace->request(
            { { "type", "visitor.conversations" }, { "visitorId", seen.value("id").toString() } });
        QVERIFY(earlier);
        QCOMPARE(earlier->value("conversations")
                     .toArray()
                     .first()
                     .toObject()
                     .value("visitor")
                     .toObject()
                     .value("name")
                     .toString(),
            QStringLiteral("Dana Keyboard"));
        const QJsonArray history = historyOf(*grace, id);
        const auto visitorLine
            = std::find_if(history.begin(), history.end(), [](const QJsonValue &m) {
                  return m.toObject().value("author").toObject().value("role").toString()
                      == u"visitor";
              });
        QVERIFY(visitorLine != history.end());
        QCOMPARE(visitorLine->toObject().value("author").toObject().value("name").toString(),
            QStringLiteral("Dana Keyboard"));

        // After a restart the conversation still shows who it is.
        visitor.reset();
        grace.reset();
        server.stop();
        QVERIFY(server.start());
        TestClient again;
        QVERIFY(again.open(server.port(), "/ws/agent"));
        QVERIFY(again.login("grace@example.com", TestServer::password()));
        const std::optional<QJsonObject> snapshot = snapshotOf(again);
        QVERIFY(snapshot);
        const QJsonObject mine = snapshot->value("mine").toArray().first().toObject();
        QCOMPARE(mine.value("id").toString(), id);
        QCOMPARE(mine.value("visitor").toObject().value("name").toString(),
            QStringLiteral("Dana Keyboard"));
        QCOMPARE(mine.value("visitor").toObject().value("email").toString(),
            QStringLiteral("dana@example.com"));
    }

    void anotherTabOfTheSameVisitorDoesNotBlankTheName()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        server.addAgent("grace@example.com", "Grace");
        QVERIFY(server.start());
        auto grace = signedInAgent(server, "grace@example.com");
        auto firstTab = anonymousVisitor(server, siteKey);
        QVERIFY(grace && firstTab);
        auto secondTab
            = anonymousVisitor(server, siteKey, tokenOf(*firstTab)); // opened before the form
        QVERIFY(secondTab);
        QVERIFY(!startConversation(
            *firstTab, { { "name", "Dana Keyboard" }, { "email", "dana@example.com" } })
                     .isEmpty());
        QVERIFY(grace->waitFor(visitorNamed("Dana Keyboard")));
        const QJsonObject seen = movesTo(*secondTab, *grace, "https://shop.example/help", "Help");
        QCOMPARE(seen.value("name").toString(), QStringLiteral("Dana Keyboard"));
        QCOMPARE(seen.value("email").toString(), QStringLiteral("dana@example.com"));
        QCOMPARE(seen.value("page").toObject().value("title").toString(), QStringLiteral("Help"));
        // And the store kept them too: after a restart the conversation still shows them.
        firstTab.reset();
        secondTab.reset();
        grace.reset();
        const QJsonObject restored = visitorAfterRestart(server, "grace@example.com");
        QCOMPARE(restored.value("name").toString(), QStringLiteral("Dana Keyboard"));
        QCOMPARE(
            restored.value("page").toObject().value("title").toString(), QStringLiteral("Help"));
    }

    void anOlderTabDoesNotUndoACorrection()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        server.addAgent("grace@example.com", "Grace");
        QVERIFY(server.start());
        auto grace = signedInAgent(server, "grace@example.com");
        auto firstTab = anonymousVisitor(server, siteKey);
        QVERIFY(grace && firstTab);
        QVERIFY(
            !startConversation(*firstTab, { { "name", "Dana" }, { "email", "dana@example.com" } })
                 .isEmpty());
        auto olderTab = anonymousVisitor(server, siteKey, tokenOf(*firstTab)); // knows "Dana"
        QVERIFY(olderTab);
        QVERIFY(firstTab->request({ { "type", "visitor.update" }, { "name", "Dana Keyboard" },
            { "email", "dk@example.com" } }));
        QVERIFY(grace->waitFor(visitorNamed("Dana Keyboard")));
        const QJsonObject seen = movesTo(*olderTab, *grace, "https://shop.example/faq", "FAQ");
        QCOMPARE(seen.value("name").toString(), QStringLiteral("Dana Keyboard"));
        QCOMPARE(seen.value("email").toString(), QStringLiteral("dk@example.com"));
        QCOMPARE(seen.value("page").toObject().value("title").toString(), QStringLiteral("FAQ"));
        firstTab.reset();
        olderTab.reset();
        grace.reset();
        const QJsonObject restored = visitorAfterRestart(server, "grace@example.com");
        QCOMPARE(restored.value("name").toString(), QStringLiteral("Dana Keyboard"));
        QCOMPARE(restored.value("email").toString(), QStringLiteral("dk@example.com"));
    }

    void twoAgentsClaimingAtOnceGetOneClaim()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        server.addAgent("grace@example.com", "Grace");
        server.addAgent("alan@example.com", "Alan");
        QVERIFY(server.start());
        auto visitor = anonymousVisitor(server, siteKey);
        QVERIFY(visitor);
        const auto received = visitor->request({ { "type", "offline.message" },
            { "email", "dana@example.com" }, { "body", "Hello?" } });
        QVERIFY(received);
        const QString id = received->value("conversationId").toString();
        auto grace = signedInAgent(server, "grace@example.com", "away");
        auto alan = signedInAgent(server, "alan@example.com", "away");
        QVERIFY(grace && alan);
        // Both ask before either hears of the other's claim; one of them may also be answering.
        grace->send({ { "type", "offline.claim" }, { "rid", "g" }, { "conversationId", id } });
        alan->send({ { "type", "message.send" }, { "rid", "a" }, { "conversationId", id },
            { "clientId", "a-1" }, { "body", "Hi Dana" } });
        const auto graceReply = grace->waitFor(
            [](const QJsonObject &m) { return m.value("rid").toString() == u"g"; });
        const auto alanReply
            = alan->waitFor([](const QJsonObject &m) { return m.value("rid").toString() == u"a"; });
        QVERIFY(graceReply && alanReply);
        const bool graceWon = graceReply->value("type").toString() == u"conversation.updated";
        const bool alanWon = alanReply->value("type").toString() == u"message.ack";
        QVERIFY2(graceWon != alanWon, "exactly one agent holds the offline message");
        QCOMPARE((graceWon ? alanReply : graceReply)->value("code").toString(),
            QStringLiteral("conflict"));
        // The stored claim is the winner's, and only the winner's answer is in the conversation.
        const auto done = (graceWon ? grace : alan)
                              ->request({ { "type", "offline.done" }, { "conversationId", id } });
        QVERIFY(done);
        QCOMPARE(done->value("conversation")
                     .toObject()
                     .value("claimedBy")
                     .toObject()
                     .value("name")
                     .toString(),
            graceWon ? QStringLiteral("Grace") : QStringLiteral("Alan"));
        QCOMPARE(historyOf(*grace, id).size(), graceWon ? 1 : 2);
        // Done takes no more answers.
        QCOMPARE(grace
                     ->request({ { "type", "message.send" }, { "conversationId", id },
                         { "clientId", "late" }, { "body", "more" } })
                     ->value("code")
                     .toString(),
            QStringLiteral("conversation_closed"));
    }

    void aVisitorCanCorrectItsDetailsLater()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        server.addAgent("grace@example.com", "Grace");
        QVERIFY(server.start());
        auto grace = signedInAgent(server, "grace@example.com");
        auto visitor = anonymousVisitor(server, siteKey);
        QVERIFY(grace && visitor);
        QVERIFY(!startConversation(*visitor).isEmpty());
        const auto updated = visitor->request(
            { { "type", "visitor.update" }, { "name", "Dana K." }, { "email", "dk@example.com" } });
        QVERIFY(updated);
        QCOMPARE(updated->value("type").toString(), QStringLiteral("visitor.updated"));
        QCOMPARE(updated->value("visitor").toObject().value("email").toString(),
            QStringLiteral("dk@example.com"));
        QVERIFY(grace->waitFor(visitorNamed("Dana K.")));
        const auto empty = visitor->request({ { "type", "visitor.update" } });
        QVERIFY(empty);
        QCOMPARE(empty->value("code").toString(), QStringLiteral("missing_field"));
        const auto bad
            = visitor->request({ { "type", "visitor.update" }, { "email", "not an email" } });
        QVERIFY(bad);
        QCOMPARE(bad->value("code").toString(), QStringLiteral("invalid_field"));

        // The next visit finds the corrected details.
        const QString token = tokenOf(*visitor);
        visitor.reset();
        auto back = anonymousVisitor(server, siteKey, token);
        QVERIFY(back);
        grace->consumeAll();
        back->send({ { "type", "visitor.page" },
            { "page", QJsonObject { { "url", "https://shop.example/" } } } });
        QVERIFY(grace->waitFor(visitorNamed("Dana K.")));
    }

    void aReloadWhileQueuedKeepsThePlace()
    {
        TestServer server(60'000, 400);
        const QString siteKey = server.addSite();
        const QString graceId = server.addAgent("grace@example.com", "Grace");
        QVERIFY(server.start());
        auto grace = signedInAgent(server, "grace@example.com", "away"); // watches the queue
        auto reloading = anonymousVisitor(server, siteKey);
        auto leaving = anonymousVisitor(server, siteKey);
        QVERIFY(grace && reloading && leaving);
        const QString token = tokenOf(*reloading);
        const QString kept = startConversation(*reloading).value("id").toString();
        const QString gone = startConversation(*leaving).value("id").toString();
        QVERIFY(!kept.isEmpty() && !gone.isEmpty());

        // The first visitor reloads; the second leaves for good after the first went away, so
        // once the second is closed, the first one's grace period has run out too.
        reloading.reset();
        reloading = anonymousVisitor(server, siteKey, token);
        QVERIFY(reloading);
        const auto welcome = reloading->received().first();
        QCOMPARE(welcome.value("conversations").toArray().first().toObject().value("id").toString(),
            kept);
        QCOMPARE(
            welcome.value("conversations").toArray().first().toObject().value("status").toString(),
            QStringLiteral("queued"));
        leaving.reset();
        const auto closed = grace->waitFor(
            [&](const QJsonObject &m) {
                return updateWith("closed")(m)
                    && m.value("conversation").toObject().value("id") == gone;
            },
            5000);
        QVERIFY(closed);
        QVERIFY(!grace->count([&](const QJsonObject &m) {
            return updateWith("closed")(m)
                && m.value("conversation").toObject().value("id") == kept;
        }));

        // Still waiting: the next agent online takes it, and not the one that left.
        QVERIFY(grace->request({ { "type", "presence.set" }, { "status", "online" } }));
        QVERIFY(reloading->waitFor(updateWith("assigned", graceId)));
        QVERIFY(!grace->count([&](const QJsonObject &m) {
            return updateWith("assigned")(m)
                && m.value("conversation").toObject().value("id") == gone;
        }));
        QTRY_COMPARE_WITH_TIMEOUT(
            systemLines(historyOf(*grace, gone)), QStringList { "The visitor left" }, 5000);
    }

    void aVisitorGoneForGoodLeavesTheQueueAndTakesNoSlot()
    {
        TestServer server(60'000, 200);
        const QString siteKey = server.addSite();
        server.addAgent("grace@example.com", "Grace", 1);
        QVERIFY(server.start());
        auto grace = signedInAgent(server, "grace@example.com", "away"); // watches the queue
        auto visitor = anonymousVisitor(server, siteKey);
        QVERIFY(grace && visitor);
        const QString gone = startConversation(*visitor).value("id").toString();
        visitor.reset();
        QVERIFY(grace->waitFor(
            [&](const QJsonObject &m) {
                return updateWith("closed")(m)
                    && m.value("conversation").toObject().value("id") == gone;
            },
            5000));
        // Coming online, Grace's one slot is free for the next real visitor.
        QVERIFY(grace->request({ { "type", "presence.set" }, { "status", "online" } }));
        auto next = anonymousVisitor(server, siteKey);
        QVERIFY(next);
        QVERIFY(!startConversation(*next).isEmpty());
        QVERIFY(next->waitFor(updateWith("assigned")));
    }

    void aChatBackInTheQueueWhoseVisitorIsGoneIsNotHandedToAnyone()
    {
        TestServer server(300, 300);
        const QString siteKey = server.addSite();
        const QString graceId = server.addAgent("grace@example.com", "Grace");
        const QString alanId = server.addAgent("alan@example.com", "Alan");
        QVERIFY(server.start());
        auto alan = signedInAgent(server, "alan@example.com", "away");
        auto grace = signedInAgent(server, "grace@example.com");
        auto visitor = anonymousVisitor(server, siteKey);
        QVERIFY(alan && grace && visitor);
        const QString id = startConversation(*visitor).value("id").toString();
        QVERIFY(visitor->waitFor(updateWith("assigned", graceId)));
        QVERIFY(alan->request({ { "type", "presence.set" }, { "status", "online" } }));
        // The visitor goes, then its agent: the chat returns to the queue with nobody to serve.
        visitor.reset();
        grace.reset();
        const auto isOurs = [&](const QJsonObject &m) {
            return m.value("conversation").toObject().value("id") == id;
        };
        QVERIFY(alan->waitFor(
            [&](const QJsonObject &m) { return updateWith("queued")(m) && isOurs(m); }, 5000));
        QVERIFY(alan->waitFor(
            [&](const QJsonObject &m) { return updateWith("closed")(m) && isOurs(m); }, 5000));
        QVERIFY(!alan->count(
            [&](const QJsonObject &m) { return updateWith("assigned", alanId)(m) && isOurs(m); }));
        // The visitor-left line is written after the close is announced: wait for it.
        QTRY_COMPARE_WITH_TIMEOUT(systemLines(historyOf(*alan, id)),
            (QStringList { "Grace joined the chat", "Grace left the chat", "The visitor left" }),
            5000);
    }

    void queuedVisitorsGetTheirGraceAfterARestartToo()
    {
        TestServer server(60'000, 1500);
        const QString siteKey = server.addSite();
        server.addAgent("grace@example.com", "Grace", 1);
        QVERIFY(server.start());
        auto returning = anonymousVisitor(server, siteKey);
        auto gone = anonymousVisitor(server, siteKey);
        QVERIFY(returning && gone);
        const QString token = tokenOf(*returning);
        const QString kept = startConversation(*returning).value("id").toString();
        const QString left = startConversation(*gone).value("id").toString();
        returning.reset();
        gone.reset();
        server.stop();
        QVERIFY(server.start());
        returning = anonymousVisitor(server, siteKey, token); // back in time
        QVERIFY(returning);
        auto grace = signedInAgent(server, "grace@example.com", "away");
        QVERIFY(grace);
        const QJsonArray queued = snapshotOf(*grace).value("queue").toArray();
        if (std::any_of(queued.begin(), queued.end(),
                [&](const QJsonValue &c) { return c.toObject().value("id") == left; }))
            QVERIFY(grace->waitFor(
                [&](const QJsonObject &m) {
                    return updateWith("closed")(m)
                        && m.value("conversation").toObject().value("id") == left;
                },
                5000));
        // The line is written after the close; a history page read meanwhile may not have it yet
        // (the store orders reads after writes only for what a read depends on).
        QTRY_COMPARE_WITH_TIMEOUT(
            systemLines(historyOf(*grace, left)), QStringList { "The visitor left" }, 5000);
        // The one that came back still waits and takes Grace's only slot.
        QVERIFY(grace->request({ { "type", "presence.set" }, { "status", "online" } }));
        const auto assigned = returning->waitFor(updateWith("assigned"));
        QVERIFY(assigned);
        QCOMPARE(assigned->value("conversation").toObject().value("id").toString(), kept);
    }

    void offlineMessagesWaitInTheInboxUntilAnAgentIsDone()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        server.addAgent("grace@example.com", "Grace");
        server.addAgent("alan@example.com", "Alan");
        QVERIFY(server.start());
        auto visitor = anonymousVisitor(server, siteKey);
        QVERIFY(visitor);
        const QString token = tokenOf(*visitor);
        const auto received
            = visitor->request({ { "type", "offline.message" }, { "name", "Dana Keyboard" },
                { "email", "dana@example.com" }, { "body", "Do you ship to Norway?" } });
        QVERIFY(received);
        QCOMPARE(received->value("type").toString(), QStringLiteral("offline.received"));
        const QString id = received->value("conversationId").toString();
        visitor.reset();

        // Agents find it in their inbox, new, with who wrote it.
        auto grace = signedInAgent(server, "grace@example.com", "away");
        auto alan = signedInAgent(server, "alan@example.com", "away");
        QVERIFY(grace && alan);
        const QJsonObject inboxed
            = snapshotOf(*grace).value("offline").toArray().first().toObject();
        QCOMPARE(inboxed.value("id").toString(), id);
        QCOMPARE(inboxed.value("offlineState").toString(), QStringLiteral("new"));
        QCOMPARE(inboxed.value("visitor").toObject().value("name").toString(),
            QStringLiteral("Dana Keyboard"));
        QCOMPARE(inboxed.value("visitor").toObject().value("email").toString(),
            QStringLiteral("dana@example.com"));

        // A new one while signed in arrives live.
        auto another = anonymousVisitor(server, siteKey);
        QVERIFY(another);
        QVERIFY(another->request({ { "type", "offline.message" }, { "email", "eve@example.com" },
            { "body", "Call me" } }));
        QVERIFY(alan->waitFor([](const QJsonObject &m) {
            const QJsonObject c = m.value("conversation").toObject();
            return m.value("type").toString() == u"conversation.updated"
                && c.value("offline").toBool() && c.value("offlineState").toString() == u"new"
                && c.value("visitor").toObject().value("email").toString() == u"eve@example.com";
        }));

        // Grace claims it; Alan sees that and may neither claim nor finish it.
        const auto claimed
            = grace->request({ { "type", "offline.claim" }, { "conversationId", id } });
        QVERIFY(claimed);
        QCOMPARE(claimed->value("conversation").toObject().value("offlineState").toString(),
            QStringLiteral("claimed"));
        QVERIFY(alan->waitFor([&](const QJsonObject &m) {
            const QJsonObject c = m.value("conversation").toObject();
            return c.value("id") == id
                && c.value("claimedBy").toObject().value("name").toString() == u"Grace";
        }));
        QCOMPARE(alan->request({ { "type", "offline.claim" }, { "conversationId", id } })
                     ->value("code")
                     .toString(),
            QStringLiteral("conflict"));
        QCOMPARE(alan->request({ { "type", "offline.done" }, { "conversationId", id } })
                     ->value("code")
                     .toString(),
            QStringLiteral("forbidden"));
        QCOMPARE(alan->request({ { "type", "message.send" }, { "conversationId", id },
                                   { "clientId", "a-1" }, { "body", "Hi" } })
                     ->value("code")
                     .toString(),
            QStringLiteral("conflict"));

        // Grace answers into the conversation; the visitor finds the answer when it returns.
        const auto ack = grace->request({ { "type", "message.send" }, { "conversationId", id },
            { "clientId", "g-1" }, { "body", "Yes, we ship to Norway." } });
        QVERIFY(ack);
        QCOMPARE(ack->value("type").toString(), QStringLiteral("message.ack"));
        auto returning = anonymousVisitor(server, siteKey, token);
        QVERIFY(returning);
        const QJsonObject listed
            = returning->received().first().value("conversations").toArray().first().toObject();
        QCOMPARE(listed.value("id").toString(), id);
        QCOMPARE(listed.value("lastSeq").toInt(), 2);
        QVERIFY(!listed.contains("offlineState"));
        QVERIFY(!listed.contains("claimedBy"));
        const QJsonArray history = historyOf(*returning, id);
        QCOMPARE(history.size(), 2);
        QCOMPARE(history.at(1).toObject().value("body").toString(),
            QStringLiteral("Yes, we ship to Norway."));
        // While connected, a further answer arrives live.
        QVERIFY(grace->request({ { "type", "message.send" }, { "conversationId", id },
            { "clientId", "g-2" }, { "body", "Shipping takes 3 days." } }));
        QVERIFY(returning->waitFor(messageWithBody("Shipping takes 3 days.")));

        // Done: out of the inbox for everyone, including the next sign-in.
        const auto done = grace->request({ { "type", "offline.done" }, { "conversationId", id } });
        QVERIFY(done);
        QCOMPARE(done->value("conversation").toObject().value("offlineState").toString(),
            QStringLiteral("done"));
        QVERIFY(alan->waitFor([&](const QJsonObject &m) {
            return m.value("conversation").toObject().value("id") == id
                && m.value("conversation").toObject().value("offlineState").toString() == u"done";
        }));
        auto later = signedInAgent(server, "alan@example.com", QString());
        QVERIFY(later);
        const QJsonArray inbox = snapshotOf(*later).value("offline").toArray();
        QCOMPARE(inbox.size(), 1); // Eve's is still there
        QVERIFY(inbox.first().toObject().value("id").toString() != id);
        QCOMPARE(grace->request({ { "type", "offline.claim" }, { "conversationId", "nope" } })
                     ->value("code")
                     .toString(),
            QStringLiteral("not_found"));
    }

    void answeringANewOfflineMessageClaimsIt()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        server.addAgent("grace@example.com", "Grace");
        QVERIFY(server.start());
        auto visitor = anonymousVisitor(server, siteKey);
        QVERIFY(visitor);
        const auto received = visitor->request({ { "type", "offline.message" },
            { "email", "dana@example.com" }, { "body", "Hello?" } });
        QVERIFY(received);
        const QString id = received->value("conversationId").toString();
        auto grace = signedInAgent(server, "grace@example.com", "away");
        QVERIFY(grace);
        QVERIFY(grace->request({ { "type", "message.send" }, { "conversationId", id },
            { "clientId", "g-1" }, { "body", "Hi Dana" } }));
        QVERIFY(grace->waitFor([&](const QJsonObject &m) {
            const QJsonObject c = m.value("conversation").toObject();
            return c.value("id") == id && c.value("offlineState").toString() == u"claimed"
                && c.value("claimedBy").toObject().value("name").toString() == u"Grace";
        }));
        // The connected visitor got the answer live.
        QVERIFY(visitor->waitFor(messageWithBody("Hi Dana")));
    }
};

QTEST_MAIN(TestVisitorCare)
#include "tst_visitorcare.moc"
