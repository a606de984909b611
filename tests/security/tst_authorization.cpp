#include <chatscenario.h>

#include <QUuid>
#include <QtTest>

using namespace ChatScenario;

// Authorization on every operation (docs/security.md, "Authorization"), attacked by a signed-in
// agent who is not an admin and works for another site (Mallory) or another department of the
// same site (Eve), and by a second visitor. Grace serves Sales of Shop A, where the customer's
// chat is. Every request about the chat from someone who may not see it is answered exactly as
// one about a chat that does not exist, and the customer receives nothing.
class TestAuthorization : public QObject
{
    Q_OBJECT

    struct Team
    {
        TestServer server;
        QString shopA, shopB;
        QString salesA, returnsA, supportB;
        QString graceId, attackerId;
        std::unique_ptr<TestClient> grace, attacker;
        std::unique_ptr<TestClient> customer;
        QString customerId;

        /// Shop A (Sales, Returns) and Shop B (Support); Grace in A's Sales, the attacker
        /// (@p attackerEmail) in B's Support or A's Returns; both signed in and online.
        bool open(const QString &attackerEmail)
        {
            shopA = server.addSite("Shop A");
            shopB = server.addSite("Shop B");
            salesA = server.addDepartment(shopA, "Sales");
            returnsA = server.addDepartment(shopA, "Returns");
            supportB = server.addDepartment(shopB, "Support");
            graceId = server.addAgentIn("grace@a.example", "Grace", { salesA });
            server.addAgentIn("mallory@b.example", "Mallory", { supportB });
            server.addAgentIn("eve@a.example", "Eve", { returnsA });
            server.addAgent("root@a.example", "Root", 3, true);
            if (!server.start())
                return false;
            grace = signedInAgent(server, "grace@a.example");
            attacker = signedInAgent(server, attackerEmail);
            if (!grace || !attacker)
                return false;
            attackerId
                = attacker->received().first().value("agent").toObject().value("id").toString();
            customer = arrivedVisitor(server, shopA);
            if (!customer)
                return false;
            customerId = customer->received().first().value("visitorId").toString();
            return !customerId.isEmpty();
        }

        /// The customer starts a chat with Sales; Grace gets it. Returns its id.
        QString chatWithGrace()
        {
            const QString id = startConversation(*customer, { { "departmentId", salesA } })
                                   .value("id")
                                   .toString();
            if (id.isEmpty() || !grace->waitFor(updateWith("assigned", graceId)))
                return {};
            return id;
        }
    };

    static void attackers()
    {
        QTest::addColumn<QString>("attacker");
        QTest::newRow("agent of another site") << QStringLiteral("mallory@b.example");
        QTest::newRow("agent of another department") << QStringLiteral("eve@a.example");
    }

    /// @p request about @p id is answered exactly like the same request about a conversation
    /// that does not exist: the same error code, field and message.
    static void expectAnsweredAsMissing(TestClient &client, QJsonObject request, const QString &id)
    {
        QJsonObject aboutMissing = request;
        aboutMissing.insert("conversationId", QUuid::createUuid().toString(QUuid::WithoutBraces));
        const auto missing = client.request(aboutMissing);
        request.insert("conversationId", id);
        const auto answer = client.request(request);
        QVERIFY(missing && answer);
        const QString type = request.value("type").toString();
        QCOMPARE(missing->value("code").toString(), QStringLiteral("not_found"));
        QVERIFY2(answer->value("type") == missing->value("type")
                && answer->value("code") == missing->value("code")
                && answer->value("field") == missing->value("field")
                && answer->value("message") == missing->value("message"),
            qPrintable(type + " answered " + QJsonDocument(*answer).toJson(QJsonDocument::Compact)
                + " instead of " + QJsonDocument(*missing).toJson(QJsonDocument::Compact)));
    }

    /// Nothing reached @p visitor after its first @p seen frames. Its own visitor.update is
    /// answered only once the store has carried out every earlier request, and events a request
    /// causes are sent when it is stored: anything an attack made the server send came first.
    static bool receivedNothingSince(TestClient &visitor, qsizetype seen)
    {
        const auto barrier = visitor.request({ { "type", "visitor.update" }, { "name", "Ada" } });
        if (!barrier)
            return false;
        for (qsizetype i = seen; i < visitor.received().size(); ++i) {
            const QJsonObject &m = visitor.received().at(i);
            if (m.value("rid") != barrier->value("rid")) {
                qWarning().noquote()
                    << "the customer received" << QJsonDocument(m).toJson(QJsonDocument::Compact);
                return false;
            }
        }
        return true;
    }

    /// How many frames @p visitor holds once everything the server had to send it is out
    /// (the same barrier as receivedNothingSince).
    static qsizetype settled(TestClient &visitor)
    {
        if (!visitor.request({ { "type", "visitor.update" }, { "name", "Ada" } }))
            return -1;
        return visitor.received().size();
    }

    /// Nothing @p agent received names conversation @p id: once the store has answered the
    /// agent's own request (made now), everything sent before it has arrived.
    static bool neverMentioned(TestClient &agent, const QString &id)
    {
        if (!agent.request({ { "type", "history.fetch" }, { "conversationId", "barrier" } }))
            return false;
        for (const QJsonObject &m : agent.received()) {
            if (QJsonDocument(m).toJson().contains(id.toUtf8())) {
                qWarning().noquote()
                    << "the attacker received" << QJsonDocument(m).toJson(QJsonDocument::Compact);
                return false;
            }
        }
        return true;
    }

    static QJsonObject say(const QString &body)
    {
        return { { "type", "message.send" }, { "clientId", QUuid::createUuid().toString() },
            { "body", body } };
    }

private slots:
    void writingIntoAnotherAgentsChatIsNotFound_data() { attackers(); }
    void writingIntoAnotherAgentsChatIsNotFound()
    {
        QFETCH(QString, attacker);
        Team team;
        QVERIFY(team.open(attacker));
        const QString id = team.chatWithGrace();
        QVERIFY(!id.isEmpty());
        const qsizetype seen = settled(*team.customer);

        expectAnsweredAsMissing(*team.attacker, say("Your card number, please"), id);
        QJsonObject note = say("a note in Grace's chat");
        note.insert("internal", true);
        expectAnsweredAsMissing(*team.attacker, note, id);
        team.attacker->send({ { "type", "typing" }, { "conversationId", id }, { "active", true } });
        QVERIFY(receivedNothingSince(*team.customer, seen));
        QCOMPARE(team.grace->count(messageWithBody("a note in Grace's chat")), 0);
    }

    void readingAnotherAgentsChatIsNotFound_data() { attackers(); }
    void readingAnotherAgentsChatIsNotFound()
    {
        QFETCH(QString, attacker);
        Team team;
        QVERIFY(team.open(attacker));
        const QString id = team.chatWithGrace();
        QVERIFY(!id.isEmpty());
        QJsonObject secret = say("my order 4711 and my address");
        secret.insert("conversationId", id);
        QVERIFY(team.customer->request(secret));

        expectAnsweredAsMissing(
            *team.attacker, { { "type", "history.fetch" }, { "limit", 200 } }, id);
        // Nor is it found by searching its words or by asking for the customer's chats.
        const auto found = team.attacker->request({ { "type", "search" }, { "query", "4711" } });
        QVERIFY(found);
        QCOMPARE(found->value("type").toString(), QStringLiteral("search.results"));
        QCOMPARE(found->value("results").toArray().size(), 0);
        const auto chats = team.attacker->request(
            { { "type", "visitor.conversations" }, { "visitorId", team.customerId } });
        QVERIFY(chats);
        QCOMPARE(chats->value("type").toString(), QStringLiteral("visitor.conversations"));
        QCOMPARE(chats->value("conversations").toArray().size(), 0);
        // Grace finds it both ways.
        QCOMPARE(team.grace->request({ { "type", "search" }, { "query", "4711" } })
                     ->value("results")
                     .toArray()
                     .size(),
            1);
    }

    void closingOrTransferringAnotherAgentsChatIsNotFound_data() { attackers(); }
    void closingOrTransferringAnotherAgentsChatIsNotFound()
    {
        QFETCH(QString, attacker);
        Team team;
        QVERIFY(team.open(attacker));
        const QString id = team.chatWithGrace();
        QVERIFY(!id.isEmpty());
        const qsizetype seen = settled(*team.customer);

        expectAnsweredAsMissing(*team.attacker, { { "type", "conversation.close" } }, id);
        expectAnsweredAsMissing(*team.attacker,
            { { "type", "conversation.transfer" }, { "toAgentId", team.attackerId } }, id);
        expectAnsweredAsMissing(*team.attacker,
            { { "type", "conversation.transfer" }, { "toDepartmentId", team.returnsA } }, id);
        QVERIFY(receivedNothingSince(*team.customer, seen));
        // Still Grace's.
        QJsonObject reply = say("Still here");
        reply.insert("conversationId", id);
        QCOMPARE(
            team.grace->request(reply)->value("type").toString(), QStringLiteral("message.ack"));
    }

    void acceptingAnotherDepartmentsQueuedChatIsNotFound_data() { attackers(); }
    void acceptingAnotherDepartmentsQueuedChatIsNotFound()
    {
        QFETCH(QString, attacker);
        Team team;
        QVERIFY(team.open(attacker));
        QVERIFY(team.grace->request({ { "type", "presence.set" }, { "status", "away" } }));
        const QString id = startConversation(*team.customer, { { "departmentId", team.salesA } })
                               .value("id")
                               .toString();
        QVERIFY(!id.isEmpty());
        const qsizetype seen = settled(*team.customer);

        expectAnsweredAsMissing(*team.attacker, { { "type", "queue.accept" } }, id);
        QVERIFY(receivedNothingSince(*team.customer, seen));
        // It still waits for Sales: Grace can take it.
        QCOMPARE(team.grace->request({ { "type", "queue.accept" }, { "conversationId", id } })
                     ->value("type")
                     .toString(),
            QStringLiteral("conversation.updated"));
    }

    void anotherDepartmentsWaitingChatIsNeverShown_data() { attackers(); }
    void anotherDepartmentsWaitingChatIsNeverShown()
    {
        QFETCH(QString, attacker);
        Team team;
        QVERIFY(team.open(attacker));
        QVERIFY(team.grace->request({ { "type", "presence.set" }, { "status", "away" } }));
        const QString id = startConversation(*team.customer, { { "departmentId", team.salesA } })
                               .value("id")
                               .toString();
        QVERIFY(!id.isEmpty());
        QJsonObject secret = say("my card number is 4111 1111");
        secret.insert("conversationId", id);
        QVERIFY(team.customer->request(secret));
        // Grace, who may see it, gets its queue entry with the message's preview.
        QVERIFY(team.grace->waitFor([](const QJsonObject &m) {
            return m.value("conversation")
                       .toObject()
                       .value("preview")
                       .toObject()
                       .value("text")
                       .toString()
                == u"my card number is 4111 1111";
        }));
        QVERIFY(neverMentioned(*team.attacker, id));
        // Nor in the queue of a new sign-in.
        auto again = signedInAgent(team.server, attacker, QString());
        QVERIFY(again);
        QVERIFY(neverMentioned(*again, id));
        auto graceAgain = signedInAgent(team.server, "grace@a.example", QString());
        QVERIFY(graceAgain);
        QVERIFY(QJsonDocument(snapshotOf(*graceAgain)).toJson().contains(id.toUtf8()));
    }

    void anotherSitesOfflineMessageIsNeverShown()
    {
        Team team;
        QVERIFY(team.open("mallory@b.example"));
        const auto received = team.customer->request({ { "type", "offline.message" },
            { "email", "ada@example.com" }, { "body", "Call me back about order 4711" } });
        QVERIFY(received);
        const QString id = received->value("conversationId").toString();
        QVERIFY(team.grace->waitFor(updateWith("closed")));
        QVERIFY(neverMentioned(*team.attacker, id));
        auto again = signedInAgent(team.server, "mallory@b.example", QString());
        QVERIFY(again);
        QVERIFY(neverMentioned(*again, id));
    }

    void reopeningAnotherAgentsClosedChatIsNotFound_data() { attackers(); }
    void reopeningAnotherAgentsClosedChatIsNotFound()
    {
        QFETCH(QString, attacker);
        Team team;
        QVERIFY(team.open(attacker));
        const QString id = team.chatWithGrace();
        QVERIFY(!id.isEmpty());
        QVERIFY(
            team.grace->request({ { "type", "conversation.close" }, { "conversationId", id } }));
        QVERIFY(team.customer->waitFor(updateWith("closed")));
        const qsizetype seen = settled(*team.customer);

        expectAnsweredAsMissing(*team.attacker, { { "type", "conversation.reopen" } }, id);
        expectAnsweredAsMissing(*team.attacker, say("Hello again, this is your bank"), id);
        QVERIFY(receivedNothingSince(*team.customer, seen));
    }

    void reopeningAColleaguesClosedChatIsRefused()
    {
        // A colleague of the same department may read the closed chat, not take it over.
        Team team;
        QVERIFY(team.open("mallory@b.example"));
        team.server.addAgentIn("alan@a.example", "Alan", { team.salesA });
        auto alan = signedInAgent(team.server, "alan@a.example", "away");
        QVERIFY(alan);
        const QString id = team.chatWithGrace();
        QVERIFY(!id.isEmpty());
        QVERIFY(
            team.grace->request({ { "type", "conversation.close" }, { "conversationId", id } }));
        QVERIFY(team.customer->waitFor(updateWith("closed")));
        const qsizetype seen = settled(*team.customer);

        QVERIFY(!historyOf(*alan, id).isEmpty());
        const auto reopened
            = alan->request({ { "type", "conversation.reopen" }, { "conversationId", id } });
        QVERIFY(reopened);
        QCOMPARE(reopened->value("code").toString(), QStringLiteral("forbidden"));
        QVERIFY(receivedNothingSince(*team.customer, seen));
        QCOMPARE(
            team.grace->request({ { "type", "conversation.reopen" }, { "conversationId", id } })
                ->value("type")
                .toString(),
            QStringLiteral("conversation.updated"));
    }

    void anotherSitesOfflineMessagesAreNotFound()
    {
        // An offline message has no department: Eve, of the same site, may take it; Mallory not.
        Team team;
        QVERIFY(team.open("mallory@b.example"));
        const auto received = team.customer->request({ { "type", "offline.message" },
            { "email", "ada@example.com" }, { "body", "Call me back about order 4711" } });
        QVERIFY(received);
        const QString id = received->value("conversationId").toString();
        QVERIFY(!id.isEmpty());
        const qsizetype seen = settled(*team.customer);

        expectAnsweredAsMissing(*team.attacker, { { "type", "offline.claim" } }, id);
        expectAnsweredAsMissing(*team.attacker, say("We need your password to help"), id);
        expectAnsweredAsMissing(*team.attacker, { { "type", "offline.done" } }, id);
        expectAnsweredAsMissing(
            *team.attacker, { { "type", "history.fetch" }, { "limit", 200 } }, id);
        QVERIFY(receivedNothingSince(*team.customer, seen));
        QCOMPARE(team.grace->request({ { "type", "offline.claim" }, { "conversationId", id } })
                     ->value("type")
                     .toString(),
            QStringLiteral("conversation.updated"));
    }

    void aChatIsNotHandedToAnAgentOfAnotherSite()
    {
        Team team;
        QVERIFY(team.open("mallory@b.example"));
        const QString id = team.chatWithGrace();
        QVERIFY(!id.isEmpty());
        const auto handed = team.grace->request({ { "type", "conversation.transfer" },
            { "conversationId", id }, { "toAgentId", team.attackerId } });
        QVERIFY(handed);
        QCOMPARE(handed->value("code").toString(), QStringLiteral("agent_unavailable"));
        QJsonObject message = say("Mallory here");
        message.insert("conversationId", id);
        QCOMPARE(
            team.attacker->request(message)->value("code").toString(), QStringLiteral("not_found"));
    }

    void anotherVisitorsChatIsNotFound()
    {
        Team team;
        QVERIFY(team.open("mallory@b.example"));
        const QString id = team.chatWithGrace();
        QVERIFY(!id.isEmpty());
        QJsonObject first = say("my first message");
        first.insert("conversationId", id);
        first.insert("clientId", "c-1");
        QVERIFY(team.customer->request(first));
        auto stranger = arrivedVisitor(team.server, team.shopA);
        QVERIFY(stranger);

        expectAnsweredAsMissing(*stranger, say("I am the customer now"), id);
        expectAnsweredAsMissing(*stranger, { { "type", "conversation.close" } }, id);
        expectAnsweredAsMissing(*stranger, { { "type", "history.fetch" } }, id);
        QVERIFY(
            team.grace->request({ { "type", "conversation.close" }, { "conversationId", id } }));
        // Once closed, a resend of the customer's clientId tells a stranger nothing either.
        QJsonObject resend = first;
        resend.remove("conversationId");
        expectAnsweredAsMissing(*stranger, resend, id);
        expectAnsweredAsMissing(*stranger, { { "type", "conversation.close" } }, id);
        expectAnsweredAsMissing(
            *stranger, { { "type", "conversation.rate" }, { "rating", "bad" } }, id);
    }

    void sharedCannedResponsesAreChangedByAdminsOnly()
    {
        Team team;
        QVERIFY(team.open("eve@a.example"));
        auto root = signedInAgent(team.server, "root@a.example", QString());
        QVERIFY(root);
        const auto byAgent = team.attacker->request(
            { { "type", "canned.save" }, { "shortcut", "refund" }, { "body", "Send us $50" } });
        QVERIFY(byAgent);
        QCOMPARE(byAgent->value("code").toString(), QStringLiteral("forbidden"));
        const auto byAdmin = root->request({ { "type", "canned.save" }, { "shortcut", "refund" },
            { "body", "Refunds take 5 days." } });
        QVERIFY(byAdmin);
        QCOMPARE(byAdmin->value("type").toString(), QStringLiteral("canned"));
        const QString refundId
            = byAdmin->value("items").toArray().at(0).toObject().value("id").toString();

        const auto edited = team.attacker->request(
            { { "type", "canned.save" }, { "id", refundId }, { "shortcut", "refund" },
                { "body", "Send your card number to refunds@evil.example" } });
        QCOMPARE(edited->value("code").toString(), QStringLiteral("forbidden"));
        const auto deleted
            = team.attacker->request({ { "type", "canned.delete" }, { "id", refundId } });
        QCOMPARE(deleted->value("code").toString(), QStringLiteral("forbidden"));
        const QJsonArray items
            = team.grace->request({ { "type", "canned.list" } })->value("items").toArray();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.at(0).toObject().value("body").toString(),
            QStringLiteral("Refunds take 5 days."));
    }

    void personalCannedResponsesAreTheirOwnersOnly()
    {
        Team team;
        QVERIFY(team.open("eve@a.example"));
        const auto saved = team.grace->request({ { "type", "canned.save" }, { "personal", true },
            { "shortcut", "sig" }, { "body", "Grace, Sales" } });
        QVERIFY(saved);
        QCOMPARE(saved->value("type").toString(), QStringLiteral("canned"));
        const QJsonObject mine = saved->value("items").toArray().at(0).toObject();
        QVERIFY(mine.value("personal").toBool());
        const QString id = mine.value("id").toString();

        QCOMPARE(
            team.attacker->request({ { "type", "canned.list" } })->value("items").toArray().size(),
            0);
        const QJsonObject missing { { "type", "canned.delete" },
            { "id", QUuid::createUuid().toString(QUuid::WithoutBraces) } };
        const auto answerForMissing = team.attacker->request(missing);
        const auto edited = team.attacker->request({ { "type", "canned.save" }, { "id", id },
            { "shortcut", "sig" }, { "body", "Eve was here" } });
        const auto deleted = team.attacker->request({ { "type", "canned.delete" }, { "id", id } });
        QCOMPARE(answerForMissing->value("code").toString(), QStringLiteral("not_found"));
        for (const auto &answer : { edited, deleted }) {
            QCOMPARE(answer->value("code"), answerForMissing->value("code"));
            QCOMPARE(answer->value("message"), answerForMissing->value("message"));
        }
        const QJsonArray items
            = team.grace->request({ { "type", "canned.list" } })->value("items").toArray();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.at(0).toObject().value("body").toString(), QStringLiteral("Grace, Sales"));
    }
};

QTEST_GUILESS_MAIN(TestAuthorization)
#include "tst_authorization.moc"
