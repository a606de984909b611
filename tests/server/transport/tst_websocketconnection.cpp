#include <transport/readgate.h>
#include <transport/tlscredentials.h>
#include <transport/websocket/handshake.h>
#include <transport/websocketconnection.h>

#include <testcertificate.h>

#include <QRegularExpression>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QWebSocket>
#include <QtTest>

using namespace WebSocket;

// The server side of a WebSocket on a real loopback socket, against Qt's own client and against
// raw TCP clients that misbehave: messages both ways, closing handshakes, pings, a peer that
// stops reading, and protocol errors.
class TestWebSocketConnection : public QObject
{
    Q_OBJECT

    /// Hands out plain sockets, or encrypted ones when given a TLS configuration.
    class Listener : public QTcpServer
    {
    public:
        std::optional<QSslConfiguration> tls;

    protected:
        void incomingConnection(qintptr descriptor) override
        {
            if (!tls)
                return QTcpServer::incomingConnection(descriptor);
            auto *socket = new QSslSocket(this);
            socket->setSslConfiguration(*tls);
            socket->setSocketDescriptor(descriptor);
            socket->startServerEncryption();
            addPendingConnection(socket);
        }
    };

    /// Accepts one TCP connection, answers its upgrade and wraps it.
    struct Endpoint
    {
        Listener server;
        std::unique_ptr<WebSocketConnection> connection;
        WebSocketConnection::Limits limits;

        bool listen()
        {
            QObject::connect(&server, &QTcpServer::newConnection, [this] {
                QTcpSocket *socket = server.nextPendingConnection();
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    const QByteArray head = socket->peek(8192);
                    const qsizetype end = head.indexOf("\r\n\r\n");
                    if (end < 0 || connection)
                        return;
                    socket->read(end + 4);
                    const QByteArray key
                        = QRegularExpression(QStringLiteral("Sec-WebSocket-Key: *([^\\r]+)"),
                            QRegularExpression::CaseInsensitiveOption)
                              .match(QString::fromLatin1(head))
                              .captured(1)
                              .toLatin1();
                    QObject::disconnect(socket, &QTcpSocket::readyRead, nullptr, nullptr);
                    socket->write(upgradeResponse(key, "chat.v1"));
                    connection = std::make_unique<WebSocketConnection>(socket, limits);
                });
            });
            return server.listen(QHostAddress::LocalHost);
        }
        QUrl url() const
        {
            return QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(server.serverPort()));
        }
    };

    static std::unique_ptr<QWebSocket> qtClient(Endpoint &endpoint)
    {
        auto client = std::make_unique<QWebSocket>();
        QNetworkRequest request(endpoint.url());
        request.setRawHeader("Sec-WebSocket-Protocol", "chat.v1");
        QSignalSpy connected(client.get(), &QWebSocket::connected);
        client->open(request);
        if (!connected.wait(5000))
            return nullptr;
        return client;
    }

    /// A raw TCP client that has completed the upgrade. (The server runs on this thread, so
    /// every wait here spins the event loop instead of blocking.)
    static std::unique_ptr<QTcpSocket> rawClient(
        Endpoint &endpoint, const TestCertificate *tls = nullptr)
    {
        std::unique_ptr<QTcpSocket> socket;
        if (tls) {
            auto encrypted = std::make_unique<QSslSocket>();
            encrypted->setSslConfiguration(tls->clientConfiguration());
            encrypted->connectToHostEncrypted(
                QStringLiteral("localhost"), endpoint.server.serverPort());
            if (!QTest::qWaitFor([&] { return encrypted->isEncrypted(); }, 5000))
                return nullptr;
            socket = std::move(encrypted);
        } else {
            socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QHostAddress::LocalHost, endpoint.server.serverPort());
            if (!QTest::qWaitFor(
                    [&] { return socket->state() == QAbstractSocket::ConnectedState; }, 5000))
                return nullptr;
        }
        socket->write("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      "Sec-WebSocket-Version: 13\r\n\r\n");
        if (!QTest::qWaitFor([&] { return socket->peek(4096).contains("\r\n\r\n"); }, 5000))
            return nullptr;
        const QByteArray head = socket->peek(4096);
        socket->read(head.indexOf("\r\n\r\n") + 4);
        if (!head.startsWith("HTTP/1.1 101"))
            return nullptr;
        return socket;
    }

    /// Frames the server wrote to @p socket until it closed (or @p timeoutMs passed).
    static QList<Incoming> framesUntilClosed(QTcpSocket &socket, int timeoutMs = 5000)
    {
        // Timing out is not an error here: the caller checks the frames it got.
        (void)QTest::qWaitFor(
            [&] { return socket.state() != QAbstractSocket::ConnectedState; }, timeoutMs);
        FrameReader reader({ 1 << 20, false });
        reader.append(socket.readAll());
        QList<Incoming> frames;
        while (auto frame = reader.next())
            frames.append(*frame);
        return frames;
    }

private slots:
    void messagesBothWaysWithQtsClient()
    {
        Endpoint endpoint;
        QVERIFY(endpoint.listen());
        auto client = qtClient(endpoint);
        QVERIFY(client);
        QTRY_VERIFY(endpoint.connection);
        QSignalSpy received(endpoint.connection.get(), &WebSocketConnection::textReceived);
        client->sendTextMessage(QStringLiteral("hello from the client"));
        QVERIFY(received.wait(5000));
        QCOMPARE(received.first().first().toByteArray(), QByteArray("hello from the client"));

        QSignalSpy atClient(client.get(), &QWebSocket::textMessageReceived);
        QVERIFY(endpoint.connection->sendText("Grüße zurück"));
        QVERIFY(atClient.wait(5000));
        QCOMPARE(atClient.first().first().toString(), QStringLiteral("Grüße zurück"));
    }

    void aClosedReadGateHoldsMessagesAndPushesBackOnTheSender()
    {
        Endpoint endpoint;
        QVERIFY(endpoint.listen());
        auto client = qtClient(endpoint);
        QVERIFY(client);
        QTRY_VERIFY(endpoint.connection);
        ReadGate gate;
        endpoint.connection->setReadGate(&gate);
        gate.setOpen(false);
        QList<QByteArray> received;
        connect(endpoint.connection.get(), &WebSocketConnection::textReceived,
            [&](const QByteArray &text) { received.append(text.left(8)); });

        // 12 MB, more than the kernel's loopback buffers take: while the gate is closed the
        // server reads none of it, so the rest waits in the client.
        const QString filler(60'000, QLatin1Char('x'));
        for (int i = 0; i < 200; ++i)
            client->sendTextMessage(QStringLiteral("%1").arg(i, 8, 10, QLatin1Char('0')) + filler);
        QTest::qWait(300);
        QCOMPARE(received.size(), 0);
        QVERIFY2(client->bytesToWrite() > 0, "the sender was not pushed back");

        gate.setOpen(true);
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), 200, 20000);
        for (int i = 0; i < 200; ++i)
            QCOMPARE(received.at(i), QByteArray::number(i).rightJustified(8, '0'));
        QCOMPARE(gate.closings(), 1u);
    }

    void aConnectionClosingBehindAShutGateHearsThePeersClose()
    {
        Endpoint endpoint;
        endpoint.limits.closeTimeoutMs = 60'000; // only the peer's close can end it in time
        QVERIFY(endpoint.listen());
        auto client = qtClient(endpoint);
        QVERIFY(client);
        QTRY_VERIFY(endpoint.connection);
        ReadGate gate;
        endpoint.connection->setReadGate(&gate);
        gate.shut();
        QSignalSpy received(endpoint.connection.get(), &WebSocketConnection::textReceived);
        // More than the socket's read buffer and the kernel's take: held behind the gate.
        const QString filler(60'000, QLatin1Char('x'));
        for (int i = 0; i < 200; ++i)
            client->sendTextMessage(filler);
        QTest::qWait(100);

        QSignalSpy gone(endpoint.connection.get(), &WebSocketConnection::disconnected);
        endpoint.connection->close(CloseCode::GoingAway, QStringLiteral("server shutting down"));
        QVERIFY(gone.wait(20'000));
        QCOMPARE(received.size(), 0); // what it sent after the gate shut is never handled
        QTRY_COMPARE(int(client->closeCode()), 1001);
    }

    void textSplitInsideACharacterArrives()
    {
        // Qt's client cuts its frames every 7 bytes, inside the two- and four-byte characters.
        Endpoint endpoint;
        QVERIFY(endpoint.listen());
        auto client = qtClient(endpoint);
        QVERIFY(client);
        QTRY_VERIFY(endpoint.connection);
        client->setOutgoingFrameSize(7);
        QSignalSpy received(endpoint.connection.get(), &WebSocketConnection::textReceived);
        const QString text = QStringLiteral("Ça va? 🙂 Ünïcödé über alles 🙂");
        client->sendTextMessage(text);
        QVERIFY(received.wait(5000));
        QCOMPARE(QString::fromUtf8(received.first().first().toByteArray()), text);
        QVERIFY(endpoint.connection->isOpen());
    }

    void theClientsCloseIsAnsweredAndReported()
    {
        Endpoint endpoint;
        QVERIFY(endpoint.listen());
        auto client = qtClient(endpoint);
        QVERIFY(client);
        QTRY_VERIFY(endpoint.connection);
        QSignalSpy gone(endpoint.connection.get(), &WebSocketConnection::disconnected);
        QSignalSpy clientGone(client.get(), &QWebSocket::disconnected);
        client->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("tab closed"));
        QVERIFY(gone.wait(5000));
        QCOMPARE(endpoint.connection->closeCode(), quint16(1001));
        QCOMPARE(endpoint.connection->closeReason(), QStringLiteral("tab closed"));
        QVERIFY(clientGone.size() == 1 || clientGone.wait(5000));
    }

    void theServersCloseReachesTheClient()
    {
        Endpoint endpoint;
        QVERIFY(endpoint.listen());
        auto client = qtClient(endpoint);
        QVERIFY(client);
        QTRY_VERIFY(endpoint.connection);
        QSignalSpy clientGone(client.get(), &QWebSocket::disconnected);
        QSignalSpy gone(endpoint.connection.get(), &WebSocketConnection::disconnected);
        endpoint.connection->close(CloseCode::PolicyViolation, QStringLiteral("signed out"));
        QVERIFY(!endpoint.connection->sendText("too late"));
        QVERIFY(clientGone.wait(5000));
        QCOMPARE(int(client->closeCode()), 1008);
        QCOMPARE(client->closeReason(), QStringLiteral("signed out"));
        QVERIFY(gone.size() == 1 || gone.wait(5000));
    }

    void aPeerThatAnswersPingsStaysAndOneThatDoesNotIsDropped()
    {
        Endpoint endpoint;
        endpoint.limits.idlePingMs = 100;
        QVERIFY(endpoint.listen());
        auto qt = qtClient(endpoint); // Qt's client answers pings by itself
        QVERIFY(qt);
        QTRY_VERIFY(endpoint.connection);
        QSignalSpy qtGone(endpoint.connection.get(), &WebSocketConnection::disconnected);
        QTest::qWait(600); // six idle periods: pinged, answered, pinged again…
        QCOMPARE(qtGone.size(), 0);

        Endpoint silent;
        silent.limits.idlePingMs = 100;
        QVERIFY(silent.listen());
        auto raw = rawClient(silent); // reads, never answers
        QVERIFY(raw);
        QTRY_VERIFY(silent.connection);
        QSignalSpy dropped(silent.connection.get(), &WebSocketConnection::disconnected);
        QVERIFY(dropped.wait(5000));
        QCOMPARE(silent.connection->closeCode(), quint16(1001));
        const QList<Incoming> frames = framesUntilClosed(*raw);
        QVERIFY(!frames.isEmpty());
        QCOMPARE(frames.first().kind, Incoming::Kind::Ping);
    }

    void aPingedPeerIsUnresponsiveUntilItIsHeardAgain()
    {
        Endpoint silent;
        silent.limits.idlePingMs = 200;
        QVERIFY(silent.listen());
        auto raw = rawClient(silent);
        QVERIFY(raw);
        QTRY_VERIFY(silent.connection);
        QSignalSpy changes(silent.connection.get(), &WebSocketConnection::unresponsiveChanged);
        QVERIFY(changes.wait(5000)); // quiet for a whole interval: pinged
        QCOMPARE(changes.at(0).at(0).toBool(), true);
        QVERIFY(silent.connection->isUnresponsive());
        raw->write(encodeFrame(Opcode::Pong, {}, true, 0x11223344));
        QTRY_COMPARE(changes.size(), 2);
        QCOMPARE(changes.at(1).at(0).toBool(), false);
        QVERIFY(!silent.connection->isUnresponsive());
        QVERIFY(silent.connection->isOpen());
    }

    void aPeerThatStopsReadingIsDroppedAtTheBacklogLimit_data()
    {
        QTest::addColumn<bool>("encrypted");
        QTest::newRow("plain") << false;
        // An encrypted socket holds what it has encrypted in a buffer of its own.
        QTest::newRow("TLS") << true;
    }

    void aPeerThatStopsReadingIsDroppedAtTheBacklogLimit()
    {
        QFETCH(bool, encrypted);
        Endpoint endpoint;
        endpoint.limits.maxSendBacklogBytes = 256 * 1024;
        std::optional<TestCertificate> certificate;
        if (encrypted) {
            certificate.emplace();
            QVERIFY2(certificate->isValid(), qPrintable(certificate->error()));
            const auto credentials
                = TlsCredentials::load(certificate->certificatePath(), certificate->keyPath());
            QVERIFY(std::holds_alternative<QSslConfiguration>(credentials));
            endpoint.server.tls = std::get<QSslConfiguration>(credentials);
        }
        QVERIFY(endpoint.listen());
        auto raw = rawClient(endpoint, certificate ? &*certificate : nullptr);
        QVERIFY(raw);
        raw->setReadBufferSize(1); // the client application reads nothing
        QTRY_VERIFY(endpoint.connection);
        QSignalSpy dropped(endpoint.connection.get(), &WebSocketConnection::disconnected);
        const QByteArray page(60 * 1024, 'h');
        qint64 largestBacklog = 0;
        int sent = 0;
        // 64 MB offered: far more than the kernel's socket buffers take.
        for (; sent < 1000 && endpoint.connection->sendText(page); ++sent) {
            largestBacklog = std::max(largestBacklog, endpoint.connection->sendBacklog());
            QCoreApplication::processEvents();
        }
        QVERIFY2(sent < 1000, "the server kept queueing for a peer that reads nothing");
        QVERIFY(largestBacklog <= endpoint.limits.maxSendBacklogBytes);
        QVERIFY(dropped.size() == 1 || dropped.wait(5000));
        QCOMPARE(endpoint.connection->closeCode(), quint16(1008));
    }

    void anUnmaskedFrameIsClosedWith1002()
    {
        Endpoint endpoint;
        QVERIFY(endpoint.listen());
        auto raw = rawClient(endpoint);
        QVERIFY(raw);
        QTRY_VERIFY(endpoint.connection);
        QSignalSpy received(endpoint.connection.get(), &WebSocketConnection::textReceived);
        raw->write(encodeFrame(Opcode::Text, "not masked"));
        const QList<Incoming> frames = framesUntilClosed(*raw);
        QCOMPARE(received.size(), 0);
        QVERIFY(!frames.isEmpty());
        QCOMPARE(frames.last().kind, Incoming::Kind::Close);
        QCOMPARE(frames.last().closeCode, CloseCode::ProtocolError);
    }

    void invalidUtf8IsClosedWith1007()
    {
        Endpoint endpoint;
        QVERIFY(endpoint.listen());
        auto raw = rawClient(endpoint);
        QVERIFY(raw);
        QTRY_VERIFY(endpoint.connection);
        raw->write(encodeFrame(Opcode::Text, "caf\xC3", false, 0x11223344)
            + encodeFrame(Opcode::Continuation, "(", true, 0x11223344));
        const QList<Incoming> frames = framesUntilClosed(*raw);
        QVERIFY(!frames.isEmpty());
        QCOMPARE(frames.last().closeCode, CloseCode::InvalidPayload);
    }

    void pingsAreAnsweredWithTheirPayload()
    {
        Endpoint endpoint;
        QVERIFY(endpoint.listen());
        auto raw = rawClient(endpoint);
        QVERIFY(raw);
        QTRY_VERIFY(endpoint.connection);
        raw->write(encodeFrame(Opcode::Ping, "42", true, 0x01020304));
        raw->write(encodeClose(1000, {}, 0x01020304));
        const QList<Incoming> frames = framesUntilClosed(*raw);
        QCOMPARE(frames.size(), 2);
        QCOMPARE(frames.at(0).kind, Incoming::Kind::Pong);
        QCOMPARE(frames.at(0).payload, QByteArray("42"));
        QCOMPARE(frames.at(1).kind, Incoming::Kind::Close);
        QCOMPARE(frames.at(1).closeCode, quint16(1000));
    }
};

QTEST_MAIN(TestWebSocketConnection)
#include "tst_websocketconnection.moc"
