#include <protocol/clientmessages.h>
#include <protocol/serverevents.h>

#include <QJsonDocument>
#include <QtTest>

// Strict decoding of chat.v1: every bad input is a typed error with the field to blame, and
// nothing is half-filled.
class TestProtocolDecoding : public QObject
{
    Q_OBJECT

    static std::variant<ClientRequest, ProtocolError> decode(const QJsonObject &o)
    {
        return decodeClientMessage(QJsonDocument(o).toJson(QJsonDocument::Compact));
    }
    static ProtocolError errorOf(const QByteArray &frame)
    {
        auto result = decodeClientMessage(frame);
        if (!std::holds_alternative<ProtocolError>(result))
            qFatal("expected a decoding error for %s", frame.constData());
        return std::get<ProtocolError>(result);
    }

private slots:
    void validMessageSendDecodesEveryField()
    {
        auto result = decode({ { "type", "message.send" }, { "rid", "r1" },
            { "conversationId", "c1" }, { "clientId", "m-1" }, { "body", "Hello" } });
        QVERIFY(std::holds_alternative<ClientRequest>(result));
        const auto &request = std::get<ClientRequest>(result);
        QCOMPARE(request.rid, QStringLiteral("r1"));
        const auto *send = std::get_if<MessageSend>(&request.message);
        QVERIFY(send);
        QCOMPARE(send->conversationId, QStringLiteral("c1"));
        QCOMPARE(send->clientId, QStringLiteral("m-1"));
        QCOMPARE(send->body, QStringLiteral("Hello"));
    }

    void badInputGivesTypedErrors_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("field");
        QTest::newRow("not json") << QByteArray("hello?") << "bad_json"
                                  << "";
        QTest::newRow("json array") << QByteArray("[1,2]") << "bad_json"
                                    << "";
        QTest::newRow("no type") << QByteArray(R"({"rid":"x"})") << "unknown_type"
                                 << "type";
        QTest::newRow("type not string") << QByteArray(R"({"type":5})") << "unknown_type"
                                         << "type";
        QTest::newRow("unknown type")
            << QByteArray(R"({"type":"launch.rockets"})") << "unknown_type"
            << "type";
        // Found by fuzzing: converting a double beyond qint64 to an integer is undefined.
        QTest::newRow("limit beyond 64 bits")
            << QByteArray(R"({"type":"history.fetch","conversationId":"c","limit":1e308})")
            << "invalid_field"
            << "limit";
        QTest::newRow("limit of 2^63") << QByteArray(
            R"({"type":"history.fetch","conversationId":"c","limit":9223372036854775808})")
                                       << "invalid_field"
                                       << "limit";
        QTest::newRow("missing body")
            << QByteArray(R"({"type":"message.send","conversationId":"c","clientId":"m"})")
            << "missing_field"
            << "body";
        QTest::newRow("body wrong type")
            << QByteArray(R"({"type":"message.send","conversationId":"c","clientId":"m","body":7})")
            << "invalid_field"
            << "body";
        QTest::newRow("empty body") << QByteArray(
            R"({"type":"message.send","conversationId":"c","clientId":"m","body":""})")
                                    << "invalid_field"
                                    << "body";
        QTest::newRow("blank body") << QByteArray(
            R"({"type":"message.send","conversationId":"c","clientId":"m","body":"  \n "})")
                                    << "invalid_field"
                                    << "body";
        QTest::newRow("body too long")
            << (QByteArray(R"({"type":"message.send","conversationId":"c","clientId":"m","body":")")
                   + QByteArray(4001, 'x') + "\"}")
            << "too_long"
            << "body";
        QTest::newRow("clientId too long")
            << (QByteArray(R"({"type":"message.send","conversationId":"c","body":"b","clientId":")")
                   + QByteArray(65, 'x') + "\"}")
            << "too_long"
            << "clientId";
        QTest::newRow("rid too long")
            << (QByteArray(R"({"type":"ping","rid":")") + QByteArray(65, 'r') + "\"}") << "too_long"
            << "rid";
        QTest::newRow("typing without active")
            << QByteArray(R"({"type":"typing","conversationId":"c"})") << "missing_field"
            << "active";
        QTest::newRow("typing active string")
            << QByteArray(R"({"type":"typing","conversationId":"c","active":"yes"})")
            << "invalid_field"
            << "active";
        QTest::newRow("history limit too big")
            << QByteArray(R"({"type":"history.fetch","conversationId":"c","limit":201})")
            << "invalid_field"
            << "limit";
        QTest::newRow("history fractional seq")
            << QByteArray(R"({"type":"history.fetch","conversationId":"c","afterSeq":1.5})")
            << "invalid_field"
            << "afterSeq";
        QTest::newRow("history both directions") << QByteArray(
            R"({"type":"history.fetch","conversationId":"c","afterSeq":1,"beforeSeq":5})")
                                                 << "invalid_field"
                                                 << "beforeSeq";
        QTest::newRow("presence bad status")
            << QByteArray(R"({"type":"presence.set","status":"busy"})") << "invalid_field"
            << "status";
        QTest::newRow("offline bad email")
            << QByteArray(R"({"type":"offline.message","email":"nope","body":"hi"})")
            << "invalid_field"
            << "email";
        QTest::newRow("identity not object")
            << QByteArray(R"({"type":"hello","siteKey":"sk","identity":"42"})") << "invalid_field"
            << "identity";
        const QByteArray hello = R"({"type":"hello","siteKey":"sk","identity":)";
        QTest::newRow("identity without user") << hello + R"({"expires":1,"signature":"00"}})"
                                               << "missing_field"
                                               << "identity.userId";
        QTest::newRow("identity user of two lines")
            << hello + R"({"userId":"4\n2","expires":1,"signature":"00"}})"
            << "invalid_field"
            << "identity.userId";
        QTest::newRow("identity without expiry") << hello + R"({"userId":"42","signature":"00"}})"
                                                 << "missing_field"
                                                 << "identity.expires";
        QTest::newRow("identity signature not hex") << hello
                + "{\"userId\":\"42\",\"expires\":1,\"signature\":\"" + QByteArray(64, 'G') + "\"}}"
                                                    << "invalid_field"
                                                    << "identity.signature";
        QTest::newRow("identity signature short")
            << hello + R"({"userId":"42","expires":1,"signature":"abc"}})"
            << "invalid_field"
            << "identity.signature";
        QTest::newRow("page not object")
            << QByteArray(R"({"type":"visitor.page","page":"x"})") << "invalid_field"
            << "page";
        QTest::newRow("page url too long")
            << (QByteArray(R"({"type":"visitor.page","page":{"url":")") + QByteArray(2049, 'u')
                   + "\"}}")
            << "too_long"
            << "page.url";
        QTest::newRow("transfer without target")
            << QByteArray(R"({"type":"conversation.transfer","conversationId":"c"})")
            << "invalid_field"
            << "toAgentId";
        QTest::newRow("transfer two targets") << QByteArray(
            R"({"type":"conversation.transfer","conversationId":"c","toAgentId":"a","toDepartmentId":"d"})")
                                              << "invalid_field"
                                              << "toAgentId";
        QTest::newRow("canned bad shortcut")
            << QByteArray(R"({"type":"canned.save","shortcut":"Has Space","body":"x"})")
            << "invalid_field"
            << "shortcut";
        QTest::newRow("internal not bool") << QByteArray(
            R"({"type":"message.send","conversationId":"c","clientId":"m","body":"b","internal":1})")
                                           << "invalid_field"
                                           << "internal";
        QTest::newRow("search blank")
            << QByteArray(R"({"type":"search","query":"   "})") << "invalid_field"
            << "query";
        QTest::newRow("visitor update empty")
            << QByteArray(R"({"type":"visitor.update"})") << "missing_field"
            << "name";
        QTest::newRow("visitor update blank name")
            << QByteArray(R"({"type":"visitor.update","name":"  "})") << "missing_field"
            << "name";
        QTest::newRow("visitor update bad email")
            << QByteArray(R"({"type":"visitor.update","email":"nope"})") << "invalid_field"
            << "email";
        QTest::newRow("offline claim without id")
            << QByteArray(R"({"type":"offline.claim"})") << "missing_field"
            << "conversationId";
        QTest::newRow("offline done id not string")
            << QByteArray(R"({"type":"offline.done","conversationId":3})") << "invalid_field"
            << "conversationId";
        QTest::newRow("rating bad value")
            << QByteArray(R"({"type":"conversation.rate","conversationId":"c","rating":"meh"})")
            << "invalid_field"
            << "rating";
    }

    void badInputGivesTypedErrors()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, code);
        QFETCH(QString, field);
        const ProtocolError error = errorOf(frame);
        QCOMPARE(errorCodeName(error.code), code);
        QCOMPARE(error.field, field);
        QVERIFY(!error.message.isEmpty());
    }

    void errorsCarryTheRidWhenReadable()
    {
        const ProtocolError error = errorOf(R"({"type":"message.send","rid":"abc"})");
        QCOMPARE(error.rid, QStringLiteral("abc"));
        QCOMPARE(error.toJson().value("rid").toString(), QStringLiteral("abc"));
        QCOMPARE(error.toJson().value("type").toString(), QStringLiteral("error"));
    }

    void logoutNeedsNoFields()
    {
        auto result = decodeClientMessage(R"({"type":"auth.logout","rid":"out"})");
        QVERIFY(std::holds_alternative<ClientRequest>(result));
        const auto &request = std::get<ClientRequest>(result);
        QCOMPARE(request.rid, QStringLiteral("out"));
        QVERIFY(std::holds_alternative<AuthLogout>(request.message));
        QCOMPARE(clientMessageType(request.message), QStringLiteral("auth.logout"));
    }

    void unknownFieldsAreIgnored()
    {
        auto result = decodeClientMessage(R"({"type":"ping","future":"field"})");
        QVERIFY(std::holds_alternative<ClientRequest>(result));
    }

    void everyMessageSurvivesEncodeThenDecode()
    {
        const QList<ClientMessage> messages {
            Hello { "sk", "tok", "Ada", "ada@example.com", { "https://x.test/", "X", "" }, "UA",
                "en", "Europe/Berlin", std::nullopt },
            Hello { "sk", {}, {}, {}, {}, {}, {}, {},
                IdentityClaim { "42", "ada@example.com", 1767225600, QString(64, u'a') } },
            ConversationStart { "Ada", "ada@example.com", "d1" },
            MessageSend { "c", "m", "body", false },
            MessageSend { "c", "n", "a note", true },
            Typing { "c", true },
            HistoryFetch { "c", 4, std::nullopt, 20 },
            ConversationClose { "c" },
            Ping {},
            OfflineMessage { "Ada", "ada@example.com", "call me" },
            ConversationRate { "c", Rating::Good, "thanks" },
            VisitorPage { { "https://x.test/a", "A", "https://x.test/" } },
            AuthLogin { "a@x.test", "pw" },
            AuthResume { "token" },
            PresenceSet { Presence::Away },
            QueueAccept { "c" },
            ConversationTransfer { "c", "a2", {}, "VIP" },
            ConversationTransfer { "c", {}, "d2", {} },
            ConversationReopen { "c" },
            CannedList {},
            CannedSave { "id1", "refund", "Refund policy", "We refund within 30 days." },
            CannedSave { {}, "sig", {}, "Grace, Sales", true },
            CannedDelete { "id1" },
            VisitorConversations { "v1" },
            Search { "refund*", 10 },
            VisitorUpdate { "Dana", "dana@example.com" },
            VisitorUpdate { {}, "dana@example.com" },
            OfflineClaim { "c" },
            OfflineDone { "c" },
            AuthLogout {},
        };
        for (const ClientMessage &message : messages) {
            const QJsonObject encoded = encodeClientMessage(message, QStringLiteral("r"));
            auto decoded = decode(encoded);
            QVERIFY2(std::holds_alternative<ClientRequest>(decoded),
                qPrintable(clientMessageType(message)));
            const auto &request = std::get<ClientRequest>(decoded);
            QCOMPARE(request.message.index(), message.index());
            QCOMPARE(encodeClientMessage(request.message, request.rid), encoded);
        }
    }

    void serverViewsRoundTrip()
    {
        ConversationView c;
        c.id = "c1";
        c.status = ConversationStatus::Queued;
        c.visitor.id = "v1";
        c.visitor.name = "Ada";
        c.queuePosition = 2;
        c.estimatedWaitSeconds = 300;
        c.createdAt = 5;
        const ConversationView back = ConversationView::fromJson(c.toJson());
        QCOMPARE(back.id, c.id);
        QCOMPARE(back.queuePosition, 2);
        QCOMPARE(back.estimatedWaitSeconds.value_or(-1), 300);
        QCOMPARE(back.visitor.name, QStringLiteral("Ada"));
        QVERIFY(c.toJson().value("agent").isNull());
    }

    void offlineInboxStateIsForAgentsOnly()
    {
        ConversationView c;
        c.id = "c1";
        c.status = ConversationStatus::Closed;
        c.offline = true;
        c.offlineState = OfflineState::Claimed;
        c.claimedById = "a1";
        c.claimedByName = "Grace";
        const ConversationView back = ConversationView::fromJson(c.toJson());
        QCOMPARE(back.offlineState, OfflineState::Claimed);
        QCOMPARE(back.claimedByName, QStringLiteral("Grace"));
        QVERIFY(back.isInOfflineInbox());
        const QJsonObject visitors = c.toVisitorJson();
        QVERIFY(visitors.value("offline").toBool());
        QVERIFY(!visitors.contains("offlineState"));
        QVERIFY(!visitors.contains("claimedBy"));
        c.offlineState = OfflineState::Done;
        QVERIFY(!c.isInOfflineInbox());
        ConversationView chat;
        chat.status = ConversationStatus::Queued;
        QVERIFY(!chat.toJson().contains("offlineState"));
    }
};

QTEST_GUILESS_MAIN(TestProtocolDecoding)
#include "tst_protocoldecoding.moc"
