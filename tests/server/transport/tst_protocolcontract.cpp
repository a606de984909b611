#include <chatscenario.h>

#include <QtTest>

using namespace ChatScenario;

// docs/protocol.md taken at its word: every request gets the reply the table "Requests,
// replies and errors" names, with its rid; and nothing a visitor receives, of any type,
// carries what only agents may read.
class TestProtocolContract : public QObject
{
    Q_OBJECT

    struct Expectation
    {
        QJsonObject request;
        QString reply; // the documented reply type, or an error code after "error:"
    };

    static void expectReplies(TestClient &client, const QList<Expectation> &expectations)
    {
        for (const Expectation &e : expectations) {
            const QString type = e.request.value("type").toString();
            const auto reply = client.request(e.request);
            QVERIFY2(reply, qPrintable(type + " got no reply with its rid"));
            QVERIFY2(!reply->value("rid").toString().isEmpty(), qPrintable(type));
            if (e.reply.startsWith(u"error:")) {
                QCOMPARE(reply->value("type").toString(), QStringLiteral("error"));
                QCOMPARE(reply->value("code").toString(), e.reply.mid(6));
            } else {
                QVERIFY2(reply->value("type").toString() == e.reply,
                    qPrintable(type + " answered "
                        + QJsonDocument(*reply).toJson(QJsonDocument::Compact)));
            }
        }
    }

private slots:
    void everyRequestGetsItsDocumentedReply()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        const QString sales = server.addDepartment(siteKey, "Sales");
        const QString graceId = server.addAgent("grace@example.com", "Grace", 3, true);
        const QString alanId = server.addAgent("alan@example.com", "Alan");
        QVERIFY(server.start());
        auto grace = signedInAgent(server, "grace@example.com", QString());
        auto alan = signedInAgent(server, "alan@example.com", QString());
        QVERIFY(grace && alan);

        TestClient visitor;
        QVERIFY(visitor.open(server.port(), "/ws/visitor"));
        expectReplies(visitor,
            {
                { { { "type", "message.send" }, { "conversationId", "c" }, { "clientId", "x" },
                      { "body", "hi" } },
                    "error:not_authenticated" },
                { { { "type", "hello" }, { "siteKey", "nope" } }, "error:unknown_site" },
                { { { "type", "hello" }, { "siteKey", siteKey } }, "welcome" },
                { { { "type", "hello" }, { "siteKey", siteKey } }, "error:already_authenticated" },
                { { { "type", "ping" } }, "pong" },
                { { { "type", "conversation.start" }, { "departmentId", "nope" } },
                    "error:invalid_field" },
                { { { "type", "offline.message" }, { "email", "dana@example.com" },
                      { "body", "hello?" } },
                    "offline.received" },
                { { { "type", "visitor.update" }, { "name", "Dana" } }, "visitor.updated" },
                { { { "type", "queue.accept" }, { "conversationId", "c" } }, "error:unknown_type" },
            });
        const auto started
            = visitor.request({ { "type", "conversation.start" }, { "departmentId", sales } });
        QVERIFY(started);
        QCOMPARE(started->value("type").toString(), QStringLiteral("conversation.started"));
        const QString id = started->value("conversation").toObject().value("id").toString();
        expectReplies(visitor,
            {
                { { { "type", "conversation.start" } },
                    "conversation.started" }, // the open one again
                { { { "type", "message.send" }, { "conversationId", id }, { "clientId", "v-1" },
                      { "body", "hi" } },
                    "message.ack" },
                { { { "type", "message.send" }, { "conversationId", "nope" }, { "clientId", "v-2" },
                      { "body", "hi" } },
                    "error:not_found" },
                { { { "type", "history.fetch" }, { "conversationId", id } }, "history" },
                { { { "type", "history.fetch" }, { "conversationId", "nope" } },
                    "error:not_found" },
                { { { "type", "conversation.rate" }, { "conversationId", id },
                      { "rating", "good" } },
                    "error:conflict" },
            });

        expectReplies(*alan,
            {
                { { { "type", "presence.set" }, { "status", "away" } }, "presence" },
                { { { "type", "queue.accept" }, { "conversationId", "nope" } }, "error:not_found" },
                { { { "type", "queue.accept" }, { "conversationId", id } },
                    "conversation.updated" },
                { { { "type", "queue.accept" }, { "conversationId", id } }, "error:conflict" },
                { { { "type", "conversation.transfer" }, { "conversationId", id },
                      { "toAgentId", "nope" } },
                    "error:not_found" },
                { { { "type", "conversation.transfer" }, { "conversationId", id },
                      { "toAgentId", alanId } },
                    "error:conflict" },
                { { { "type", "canned.list" } }, "canned" },
                { { { "type", "canned.save" }, { "shortcut", "hi" }, { "body", "Hello!" } },
                    "error:forbidden" }, // shared ones are for admins
                { { { "type", "canned.save" }, { "personal", true }, { "shortcut", "hi" },
                      { "body", "Hello!" } },
                    "canned" },
                { { { "type", "canned.save" }, { "personal", true }, { "shortcut", "hi" },
                      { "body", "Again" } },
                    "error:conflict" },
                { { { "type", "canned.delete" }, { "id", "nope" } }, "error:not_found" },
                { { { "type", "search" }, { "query", "hi" } }, "search.results" },
                { { { "type", "visitor.conversations" }, { "visitorId", "nope" } },
                    "visitor.conversations" },
                { { { "type", "conversation.reopen" }, { "conversationId", id } },
                    "error:conflict" },
                { { { "type", "offline.claim" }, { "conversationId", id } }, "error:not_found" },
                { { { "type", "hello" }, { "siteKey", siteKey } }, "error:unknown_type" },
                { { { "type", "auth.resume" }, { "sessionToken", "x" } },
                    "error:already_authenticated" },
            });
        expectReplies(*grace,
            {
                { { { "type", "presence.set" }, { "status", "online" } }, "presence" },
                // Grace is online with a connection: a valid target; Alan is away but connected.
                { { { "type", "conversation.transfer" }, { "conversationId", id },
                      { "toAgentId", graceId } },
                    "conversation.updated" },
            });
        expectReplies(*alan,
            {
                { { { "type", "message.send" }, { "conversationId", id }, { "clientId", "a-1" },
                      { "body", "hi" } },
                    "error:forbidden" },
                { { { "type", "conversation.close" }, { "conversationId", id } },
                    "error:forbidden" },
            });
        expectReplies(*grace,
            {
                { { { "type", "conversation.close" }, { "conversationId", id } },
                    "conversation.updated" },
                { { { "type", "conversation.close" }, { "conversationId", id } },
                    "conversation.updated" }, // idempotent
                { { { "type", "conversation.close" }, { "conversationId", "nope" } },
                    "error:not_found" },
            });
        expectReplies(visitor,
            {
                { { { "type", "message.send" }, { "conversationId", id }, { "clientId", "v-1" },
                      { "body", "hi" } },
                    "message.ack" },
                { { { "type", "message.send" }, { "conversationId", id }, { "clientId", "v-3" },
                      { "body", "hi" } },
                    "error:conversation_closed" },
                { { { "type", "conversation.rate" }, { "conversationId", id },
                      { "rating", "good" } },
                    "conversation.updated" },
            });
        expectReplies(*grace,
            {
                { { { "type", "conversation.reopen" }, { "conversationId", id } },
                    "conversation.updated" },
            });

        TestClient stranger;
        QVERIFY(stranger.open(server.port(), "/ws/agent"));
        expectReplies(stranger,
            {
                { { { "type", "presence.set" }, { "status", "online" } },
                    "error:not_authenticated" },
                { { { "type", "auth.login" }, { "email", "grace@example.com" },
                      { "password", "wrong" } },
                    "error:auth_failed" },
            });
    }

    void aResentClientIdAfterTheCloseGetsTheOriginalAck()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        server.addAgent("grace@example.com", "Grace");
        QVERIFY(server.start());
        auto grace = signedInAgent(server, "grace@example.com");
        auto visitor = arrivedVisitor(server, siteKey);
        QVERIFY(grace && visitor);
        const QString id = startConversation(*visitor).value("id").toString();
        const auto first = visitor->request({ { "type", "message.send" }, { "conversationId", id },
            { "clientId", "v-1" }, { "body", "first" } });
        QVERIFY(first);
        QVERIFY(grace->request({ { "type", "conversation.close" }, { "conversationId", id } }));
        const auto resent = visitor->request({ { "type", "message.send" }, { "conversationId", id },
            { "clientId", "v-1" }, { "body", "changed" } });
        QVERIFY(resent);
        QCOMPARE(resent->value("type").toString(), QStringLiteral("message.ack"));
        QCOMPARE(resent->value("seq").toInt(), first->value("seq").toInt());
        QVERIFY(resent->value("duplicate").toBool());
        const QJsonArray history = historyOf(*visitor, id);
        QVERIFY(std::any_of(history.begin(), history.end(),
            [](const QJsonValue &m) { return m.toObject().value("body").toString() == u"first"; }));
        QVERIFY(std::none_of(history.begin(), history.end(), [](const QJsonValue &m) {
            return m.toObject().value("body").toString() == u"changed";
        }));
    }

    void nothingAVisitorReceivesCarriesWhatOnlyAgentsMayRead()
    {
        TestServer server(60'000, 300);
        const QString siteKey = server.addSite();
        const QString sales = server.addDepartment(siteKey, "Sales");
        server.addAgent("grace@secret-team.example", "Grace");
        const QString alanId = server.addAgent("alan@secret-team.example", "Alan");
        QVERIFY(server.start());
        auto grace = signedInAgent(server, "grace@secret-team.example");
        auto alan = signedInAgent(server, "alan@secret-team.example", "away");
        QVERIFY(grace && alan);

        // Another visitor whose details must never reach the first one.
        auto other = arrivedVisitor(server, siteKey);
        QVERIFY(other);
        QVERIFY(other->request({ { "type", "offline.message" }, { "name", "Olga Otherperson" },
            { "email", "olga@elsewhere.example" }, { "body", "call me" } }));

        TestClient visitor;
        QVERIFY(visitor.open(server.port(), "/ws/visitor"));
        QVERIFY(visitor.hello(siteKey));
        visitor.request({ { "type", "ping" } });
        visitor.request({ { "type", "bogus" } });
        visitor.request({ { "type", "visitor.update" }, { "email", "ada@example.com" } });
        const QString id
            = startConversation(visitor, { { "departmentId", sales } }).value("id").toString();
        QVERIFY(visitor.waitFor(updateWith("assigned")));
        visitor.request({ { "type", "message.send" }, { "conversationId", id },
            { "clientId", "v-1" }, { "body", "hello" } });
        grace->send({ { "type", "typing" }, { "conversationId", id }, { "active", true } });
        QVERIFY(visitor.waitForType("typing"));
        grace->request(
            { { "type", "message.send" }, { "conversationId", id }, { "clientId", "n-1" },
                { "body", "INTERNAL NOTE: flagged for fraud" }, { "internal", true } });
        grace->request({ { "type", "message.send" }, { "conversationId", id },
            { "clientId", "g-1" }, { "body", "Hi Ada" } });
        QVERIFY(visitor.waitFor(messageWithBody("Hi Ada")));
        grace->request({ { "type", "conversation.transfer" }, { "conversationId", id },
            { "toAgentId", alanId }, { "note", "TRANSFER NOTE: do not refund" } });
        QVERIFY(visitor.waitFor(updateWith("assigned", alanId)));
        alan->request({ { "type", "conversation.transfer" }, { "conversationId", id },
            { "toDepartmentId", sales }, { "note", "DEPARTMENT NOTE: upsell" } });
        QVERIFY(visitor.waitFor(messageWithBody("Alan transferred the chat to Sales")));
        QVERIFY(visitor.waitFor(messageWithBody("Grace joined the chat")));
        visitor.request(
            { { "type", "history.fetch" }, { "conversationId", id }, { "limit", 200 } });
        grace->request(
            { { "type", "presence.set" }, { "status", "offline" } }); // nobody online now
        QVERIFY(visitor.waitForType("availability"));
        visitor.request({ { "type", "conversation.close" }, { "conversationId", id } });
        visitor.request({ { "type", "conversation.rate" }, { "conversationId", id },
            { "rating", "bad" }, { "comment", "slow" } });
        visitor.request({ { "type", "offline.message" }, { "email", "ada@example.com" },
            { "body", "one more thing" } });
        QVERIFY(visitor.request({ { "type", "conversation.start" } }));

        QSet<QString> types;
        for (const QJsonObject &frame : visitor.received()) {
            types.insert(frame.value("type").toString());
            const QByteArray text = QJsonDocument(frame).toJson(QJsonDocument::Compact);
            for (const char *secret : { "INTERNAL NOTE", "TRANSFER NOTE", "DEPARTMENT NOTE",
                     "secret-team", "\"internal\"", "\"note\"", "offlineState", "claimedBy", "Olga",
                     "olga@", "\"agents\"", "maxChats" })
                QVERIFY2(!text.contains(secret),
                    qPrintable(QStringLiteral("%1 in %2")
                                   .arg(QLatin1String(secret), QString::fromUtf8(text))));
        }
        // Every type a visitor can receive was checked.
        for (const char *type : { "welcome", "pong", "error", "visitor.updated",
                 "conversation.started", "conversation.updated", "message", "message.ack", "typing",
                 "history", "availability", "offline.received" })
            QVERIFY2(types.contains(QLatin1String(type)), type);
    }
};

QTEST_MAIN(TestProtocolContract)
#include "tst_protocolcontract.moc"
