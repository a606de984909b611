#include <chatscenario.h>
#include <testclient.h>
#include <testserver.h>

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace ChatScenario;

// Identity verification as a visitor who wants someone else's conversations would try it: a
// site's backend signs its user's id, email and an expiry with the site's secret (made by the
// real `chat-server site set --identity-secret new`); the server admits a valid signature as that
// user on every device, with its history, and refuses wrong, tampered and expired ones. An
// anonymous visitor typing the user's email, or holding a token of the user's device, gets none
// of it; a site that requires verification admits no one without a signature. The snippets in
// docs/identity.md are run as printed and must sign what the server accepts.
class TestIdentity : public QObject
{
    Q_OBJECT

    static constexpr char ada[] = "ada@example.com";

    std::vector<std::unique_ptr<TestClient>> m_clients; // connections a test leaves open

    /// Runs `chat-server site set --key KEY <args> --db <the server's database>` while the
    /// server runs; its standard output (the new secret, if one was made), or nothing on failure.
    static std::optional<QString> siteSet(
        TestServer &server, const QString &siteKey, const QStringList &args)
    {
        QProcess process;
        process.start(QStringLiteral(CHAT_SERVER_BIN),
            QStringList { "site", "set", "--key", siteKey, "--db", server.databasePath() } + args);
        if (!process.waitForFinished(60'000) || process.exitCode() != 0) {
            qWarning().noquote() << process.readAllStandardError();
            return std::nullopt;
        }
        return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    }

    static qint64 inAnHour() { return QDateTime::currentSecsSinceEpoch() + 3600; }

    /// What a site's backend computes, written here from the documented recipe (not the
    /// server's code): hex HMAC-SHA256 of "userId\nemail\nexpires".
    static QJsonObject identity(const QString &secret, const QString &userId, const QString &email,
        qint64 expires = inAnHour())
    {
        const QByteArray text
            = userId.toUtf8() + '\n' + email.toUtf8() + '\n' + QByteArray::number(expires);
        const QByteArray mac
            = QMessageAuthenticationCode::hash(text, secret.toUtf8(), QCryptographicHash::Sha256);
        return { { "userId", userId }, { "email", email }, { "expires", expires },
            { "signature", QString::fromLatin1(mac.toHex()) } };
    }

    /// A new visitor connection that says hello with @p fields added; the reply.
    std::optional<QJsonObject> helloWith(TestServer &server, const QString &siteKey,
        const QJsonObject &fields, TestClient **client = nullptr)
    {
        auto visitor = std::make_unique<TestClient>();
        if (!visitor->open(server.port(), "/ws/visitor"))
            return std::nullopt;
        QJsonObject hello { { "type", "hello" }, { "siteKey", siteKey }, { "language", "en" } };
        for (auto it = fields.begin(); it != fields.end(); ++it)
            hello.insert(it.key(), it.value());
        auto reply = visitor->request(hello);
        if (client)
            *client = visitor.get();
        m_clients.push_back(std::move(visitor));
        return reply;
    }

    static QString typeOf(const std::optional<QJsonObject> &reply)
    {
        return reply ? reply->value("type").toString() : QStringLiteral("(no reply)");
    }
    static QString codeOf(const std::optional<QJsonObject> &reply)
    {
        return reply ? reply->value("code").toString() : QString();
    }

private slots:
    void cleanup() { m_clients.clear(); }

    void verifiedUserHasOneVisitorAndItsHistoryOnEveryDevice()
    {
        TestServer server;
        server.addAgent("agent@example.com", "Bo");
        const QString siteKey = server.addSite();
        QVERIFY(server.start());
        const auto secret = siteSet(server, siteKey, { "--identity-secret", "new" });
        QVERIFY(secret && secret->startsWith("is_"));
        auto agent = signedInAgent(server, "agent@example.com");
        QVERIFY(agent);

        TestClient *laptop = nullptr;
        const auto first
            = helloWith(server, siteKey, { { "identity", identity(*secret, "42", ada) } }, &laptop);
        QCOMPARE(typeOf(first), "welcome");
        const QString visitorId = first->value("visitorId").toString();
        const QJsonObject conversation
            = startConversation(*laptop, { { "name", "Ada" }, { "email", "typed@example.com" } });
        QVERIFY(!conversation.isEmpty());
        QVERIFY(laptop->request(
            { { "type", "message.send" }, { "conversationId", conversation.value("id") },
                { "clientId", "c1" }, { "body", "sent from the laptop" } }));

        // Agents are told the visitor is the site's verified user, with the signed email (not
        // one typed into the pre-chat form).
        const auto offered = agent->waitFor([&](const QJsonObject &m) {
            const QJsonObject visitor
                = m.value("conversation").toObject().value("visitor").toObject();
            return visitor.value("id").toString() == visitorId;
        });
        QVERIFY(offered);
        const QJsonObject shown
            = offered->value("conversation").toObject().value("visitor").toObject();
        QCOMPARE(shown.value("verified").toBool(), true);
        QCOMPARE(shown.value("email").toString(), ada);

        // Another device: no token, a signature made later for the same user.
        TestClient *phone = nullptr;
        const auto second = helloWith(server, siteKey,
            { { "identity", identity(*secret, "42", ada, inAnHour() + 60) } }, &phone);
        QCOMPARE(typeOf(second), "welcome");
        QCOMPARE(second->value("visitorId").toString(), visitorId);
        const QJsonArray conversations = second->value("conversations").toArray();
        QCOMPARE(conversations.size(), 1);
        QCOMPARE(conversations.first().toObject().value("id"), conversation.value("id"));
        const QJsonArray history = historyOf(*phone, conversation.value("id").toString());
        QVERIFY(!history.isEmpty());
        QCOMPARE(history.last().toObject().value("body").toString(), "sent from the laptop");
    }

    void unverifiedVisitorsGetNothingOfAVerifiedUser()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        QVERIFY(server.start());
        const auto secret = siteSet(server, siteKey, { "--identity-secret", "new" });
        QVERIFY(secret);
        TestClient *user = nullptr;
        const auto verified
            = helloWith(server, siteKey, { { "identity", identity(*secret, "42", ada) } }, &user);
        QCOMPARE(typeOf(verified), "welcome");
        QVERIFY(!startConversation(*user).isEmpty());
        const QString visitorId = verified->value("visitorId").toString();

        // Typing the user's email, or claiming its id unsigned, is an anonymous visitor.
        const auto claimer = helloWith(server, siteKey, { { "email", ada }, { "name", "Ada" } });
        QCOMPARE(typeOf(claimer), "welcome");
        QVERIFY(claimer->value("visitorId").toString() != visitorId);
        QVERIFY(claimer->value("conversations").toArray().isEmpty());

        // The token the user's device holds, without the signature (signed out, shared computer).
        const auto tokenOnly
            = helloWith(server, siteKey, { { "visitorToken", verified->value("visitorToken") } });
        QCOMPARE(typeOf(tokenOnly), "welcome");
        QVERIFY(tokenOnly->value("visitorId").toString() != visitorId);
        QVERIFY(tokenOnly->value("conversations").toArray().isEmpty());
    }

    void forgedTamperedAndExpiredSignaturesAreRefused_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("signed with another secret") << "other-secret";
        QTest::newRow("email changed after signing") << "tampered-email";
        QTest::newRow("user id changed after signing") << "tampered-user";
        QTest::newRow("expiry moved after signing") << "tampered-expiry";
        QTest::newRow("expired") << "expired";
        QTest::newRow("another site's secret") << "other-site";
    }
    void forgedTamperedAndExpiredSignaturesAreRefused()
    {
        QFETCH(QString, how);
        TestServer server;
        const QString siteKey = server.addSite();
        const QString otherSiteKey = server.addSite("Other shop");
        QVERIFY(server.start());
        const auto secret = siteSet(server, siteKey, { "--identity-secret", "new" });
        const auto otherSecret = siteSet(server, otherSiteKey, { "--identity-secret", "new" });
        QVERIFY(secret && otherSecret && *secret != *otherSecret);

        QJsonObject claim = identity(*secret, "42", ada);
        if (how == u"other-secret")
            claim = identity(QStringLiteral("is_guessed"), "42", ada);
        else if (how == u"tampered-email")
            claim.insert("email", "mallory@example.com");
        else if (how == u"tampered-user")
            claim.insert("userId", "43");
        else if (how == u"tampered-expiry")
            claim.insert("expires", claim.value("expires").toInteger() + 86400 * 365);
        else if (how == u"expired")
            claim = identity(*secret, "42", ada, QDateTime::currentSecsSinceEpoch() - 1);
        else if (how == u"other-site")
            claim = identity(*otherSecret, "42", ada);

        TestClient *visitor = nullptr;
        const auto reply = helloWith(server, siteKey, { { "identity", claim } }, &visitor);
        QCOMPARE(typeOf(reply), "error");
        QCOMPARE(codeOf(reply), "identity_invalid");
        // Not admitted: nothing else is accepted on the connection.
        const auto start = visitor->request({ { "type", "conversation.start" } });
        QCOMPARE(codeOf(start), "not_authenticated");
    }

    void requiredSiteRefusesVisitorsWithoutASignature()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        QVERIFY(server.start());
        QVERIFY(!siteSet(server, siteKey, { "--identity", "required" })); // no secret yet
        const auto secret
            = siteSet(server, siteKey, { "--identity-secret", "new", "--identity", "required" });
        QVERIFY(secret && secret->startsWith("is_"));

        TestClient *anonymous = nullptr;
        const auto refused = helloWith(server, siteKey, { { "name", "Ada" } }, &anonymous);
        QCOMPARE(codeOf(refused), "identity_required");
        QCOMPARE(
            codeOf(anonymous->request({ { "type", "conversation.start" } })), "not_authenticated");

        TestClient *user = nullptr;
        const auto admitted
            = helloWith(server, siteKey, { { "identity", identity(*secret, "42", ada) } }, &user);
        QCOMPARE(typeOf(admitted), "welcome");
        QVERIFY(!startConversation(*user).isEmpty());

        // Back to optional: anonymous visitors come in again, as anonymous ones.
        QVERIFY(siteSet(server, siteKey, { "--identity", "optional" }));
        QCOMPARE(typeOf(helloWith(server, siteKey, { { "name", "Ada" } })), "welcome");
    }

    void newSecretInvalidatesSignaturesMadeWithTheOldOne()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        QVERIFY(server.start());
        const auto old = siteSet(server, siteKey, { "--identity-secret", "new" });
        const auto current = siteSet(server, siteKey, { "--identity-secret", "new" });
        QVERIFY(old && current && *old != *current);
        QCOMPARE(codeOf(helloWith(server, siteKey, { { "identity", identity(*old, "42", ada) } })),
            "identity_invalid");
        QCOMPARE(
            typeOf(helloWith(server, siteKey, { { "identity", identity(*current, "42", ada) } })),
            "welcome");
    }

    void snippetsFromTheDocsSignIdentitiesTheServerAccepts_data()
    {
        QTest::addColumn<QString>("fence");
        QTest::addColumn<QString>("program");
        QTest::addColumn<QString>("driver");
        QTest::newRow("node") << "js"
                              << "node"
                              << "\nconsole.log(JSON.stringify(chatIdentity(process.argv[2], "
                                 "process.argv[3], process.argv[4])));\n";
        QTest::newRow("python")
            << "python"
            << "python3"
            << "\nimport json, sys\nprint(json.dumps(chat_identity(sys.argv[1], "
               "sys.argv[2], sys.argv[3])))\n";
        QTest::newRow("php")
            << "php"
            << "php"
            << "\necho json_encode(chat_identity($argv[1], $argv[2], $argv[3]));\n";
    }
    void snippetsFromTheDocsSignIdentitiesTheServerAccepts()
    {
        QFETCH(QString, fence);
        QFETCH(QString, program);
        QFETCH(QString, driver);
        QFile doc(QStringLiteral(CHAT_SOURCE_DIR "/docs/identity.md"));
        QVERIFY(doc.open(QIODevice::ReadOnly));
        const QRegularExpression block(QStringLiteral("```%1\\n(.*?)```").arg(fence),
            QRegularExpression::DotMatchesEverythingOption);
        const auto match = block.match(QString::fromUtf8(doc.readAll()));
        QVERIFY2(match.hasMatch(), "docs/identity.md has no snippet for this language");
        if (QStandardPaths::findExecutable(program).isEmpty())
            QSKIP("not installed here; the snippet's recipe is the one the other rows check");
        QTemporaryDir dir;
        QFile script(dir.filePath("sign"));
        QVERIFY(script.open(QIODevice::WriteOnly));
        const QString opening = fence == u"php" ? QStringLiteral("<?php\n") : QString();
        script.write((opening + match.captured(1) + driver).toUtf8());
        script.close();

        TestServer server;
        const QString siteKey = server.addSite();
        QVERIFY(server.start());
        const auto secret = siteSet(server, siteKey, { "--identity-secret", "new" });
        QVERIFY(secret);
        QProcess process;
        process.start(program, { script.fileName(), *secret, "42", ada });
        QVERIFY(process.waitForFinished(60'000));
        QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
        const QJsonObject claim = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
        QCOMPARE(claim.value("userId").toString(), "42");

        const auto reply = helloWith(server, siteKey, { { "identity", claim } });
        QCOMPARE(typeOf(reply), "welcome");
        // And what the snippet signed is bound to: another email under it is refused.
        QJsonObject tampered = claim;
        tampered.insert("email", "mallory@example.com");
        QCOMPARE(
            codeOf(helloWith(server, siteKey, { { "identity", tampered } })), "identity_invalid");
    }
};

QTEST_GUILESS_MAIN(TestIdentity)
#include "tst_identity.moc"
