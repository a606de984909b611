#include <chatscenario.h>
#include <testcertificate.h>
#include <testclient.h>
#include <testserver.h>

#include <transport/tlscredentials.h>

#include <QSslSocket>
#include <QtTest>

using namespace ChatScenario;

// The server's own TLS (--tls-cert/--tls-key): HTTPS and WSS on the one port, with a certificate
// made when the test starts; a client that does not speak TLS gets nothing; files that cannot
// serve stop start-up with a reason.
class TestTls : public QObject
{
    Q_OBJECT

    /// A server on a fresh database that serves TLS with @p certificate.
    static bool startEncrypted(TestServer &server, const TestCertificate &certificate)
    {
        server.config().tlsCertificatePath = certificate.certificatePath();
        server.config().tlsKeyPath = certificate.keyPath();
        return server.start();
    }

    /// What the server answers to one request on a connection of its own, until it closes.
    static QByteArray answerTo(QTcpSocket &socket, const QByteArray &request)
    {
        socket.write(request);
        QByteArray answer;
        (void)QTest::qWaitFor(
            [&] {
                answer += socket.readAll();
                return socket.state() != QAbstractSocket::ConnectedState;
            },
            15'000);
        return answer + socket.readAll();
    }

    /// A visitor that said hello over WSS, trusting @p certificate; null if it could not.
    static std::unique_ptr<TestClient> wssVisitor(
        TestServer &server, const TestCertificate &certificate, const QString &siteKey)
    {
        auto visitor = std::make_unique<TestClient>();
        visitor->socket().setSslConfiguration(certificate.clientConfiguration());
        const QUrl url(QStringLiteral("wss://localhost:%1/ws/visitor?site=%2")
                           .arg(server.port())
                           .arg(siteKey));
        if (!visitor->open(url) || !visitor->hello(siteKey))
            return nullptr;
        return visitor;
    }

private slots:
    void httpsAndWssAreServedOnOnePort()
    {
        TestCertificate certificate;
        QVERIFY2(certificate.isValid(), qPrintable(certificate.error()));
        TestServer server;
        const QString siteKey = server.addSite();
        server.addAgent("ada@example.com", "Ada");
        QVERIFY(startEncrypted(server, certificate));

        // HTTPS: the certificate verifies for localhost, and /healthz answers.
        QSslSocket https;
        https.setSslConfiguration(certificate.clientConfiguration());
        https.connectToHostEncrypted(QStringLiteral("localhost"), server.port());
        QVERIFY(QTest::qWaitFor([&] { return https.isEncrypted(); }, 10'000));
        QCOMPARE(https.peerCertificate().digest(),
            QSslCertificate::fromPath(certificate.certificatePath()).first().digest());
        QVERIFY(https.sessionProtocol() >= QSsl::TlsV1_2);
        const QByteArray health = answerTo(
            https, "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        QVERIFY2(health.startsWith("HTTP/1.1 200"), health.constData());
        QVERIFY(health.contains("\"status\":\"ok\""));

        // WSS: a visitor and an agent chat over it.
        TestClient agent;
        agent.socket().setSslConfiguration(certificate.clientConfiguration());
        QVERIFY(agent.open(QUrl(QStringLiteral("wss://localhost:%1/ws/agent").arg(server.port()))));
        const auto signedIn = agent.login("ada@example.com", TestServer::password());
        QVERIFY(signedIn && signedIn->value("type").toString() == u"auth.ok");
        QVERIFY(agent.request({ { "type", "presence.set" }, { "status", "online" } }));
        const auto visitor = wssVisitor(server, certificate, siteKey);
        QVERIFY(visitor);
        const QJsonObject conversation = startConversation(*visitor);
        QVERIFY(!conversation.isEmpty());
        visitor->send({ { "type", "message.send" }, { "conversationId", conversation.value("id") },
            { "clientId", "tls-1" }, { "body", "sent over TLS" } });
        QVERIFY(agent.waitFor(messageWithBody("sent over TLS"), 10'000));
    }

    void plainConnectionsToATlsPortAreNotServed()
    {
        TestCertificate certificate;
        QVERIFY2(certificate.isValid(), qPrintable(certificate.error()));
        TestServer server;
        const QString siteKey = server.addSite();
        QVERIFY(startEncrypted(server, certificate));

        QTcpSocket plain;
        plain.connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(plain.waitForConnected(5000));
        const QByteArray answer
            = answerTo(plain, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
        QCOMPARE(plain.state(), QAbstractSocket::UnconnectedState);
        QVERIFY2(!answer.contains("HTTP/1.1"), answer.constData());

        TestClient unencrypted;
        QVERIFY(
            !unencrypted.open(server.port(), QStringLiteral("/ws/visitor?site=%1").arg(siteKey)));

        // The server goes on serving TLS clients.
        QVERIFY(wssVisitor(server, certificate, siteKey));
    }

    void unusableCredentialsStopStartUpWithAReason()
    {
        TestCertificate certificate;
        TestCertificate another;
        QVERIFY2(certificate.isValid() && another.isValid(), qPrintable(certificate.error()));

        const auto missing = TlsCredentials::load(
            certificate.certificatePath() + QStringLiteral(".gone"), certificate.keyPath());
        QVERIFY(std::holds_alternative<QString>(missing));
        QVERIFY(std::get<QString>(missing).contains(u"cannot read the TLS certificate file"));

        // The key where the certificate belongs and the other way round.
        const auto swapped
            = TlsCredentials::load(certificate.keyPath(), certificate.certificatePath());
        QVERIFY(std::holds_alternative<QString>(swapped));
        QVERIFY2(std::get<QString>(swapped).contains(u"no PEM certificate"),
            qPrintable(std::get<QString>(swapped)));

        // A key of the same kind but another certificate's is told apart from the right one.
        const QRegularExpression notItsKey(QStringLiteral("does not seem to belong"));
        QTest::ignoreMessage(QtWarningMsg, notItsKey);
        QVERIFY(std::holds_alternative<QSslConfiguration>(
            TlsCredentials::load(certificate.certificatePath(), another.keyPath())));
        QTest::failOnWarning(notItsKey);
        QVERIFY(std::holds_alternative<QSslConfiguration>(
            TlsCredentials::load(certificate.certificatePath(), certificate.keyPath())));

        // The server does not start on them, and says why.
        TestServer server;
        server.config().tlsCertificatePath = certificate.certificatePath();
        server.config().tlsKeyPath = certificate.keyPath() + QStringLiteral(".gone");
        ChatServer chat(server.config());
        const auto error = chat.start();
        QVERIFY(error);
        QVERIFY2(error->contains(u"TLS key file"), qPrintable(*error));
        QCOMPARE(chat.port(), quint16(0));
    }
};

QTEST_MAIN(TestTls)
#include "tst_tls.moc"
