#include "rawhttp.h"

#include <testserver.h>

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

// Plain HTTP on the chat port is bounded beyond the first request head: a body is refused from
// its declared length before it is read, every later head on a kept-alive connection is bounded
// in size and time, an idle kept-alive connection is closed, `Connection: close` is honoured and
// pipelined requests are answered one at a time, in order.
class TestHttpLimits : public QObject
{
    Q_OBJECT

    QTemporaryDir m_widgetDir;

    /// An in-process server with @p requestMs and @p idleMs as its HTTP time limits and a
    /// stand-in widget script.
    std::unique_ptr<TestServer> startServer(int requestMs = 10'000, int idleMs = 15'000)
    {
        auto server = std::make_unique<TestServer>();
        server->config().widgetDir = m_widgetDir.path();
        server->config().httpRequestTimeoutMs = requestMs;
        server->config().httpIdleTimeoutMs = idleMs;
        return server->start() ? std::move(server) : nullptr;
    }

    static QByteArray errorCode(const RawResponse &response)
    {
        return QJsonDocument::fromJson(response.body).object().value("error").toString().toUtf8();
    }

    /// The most resident memory process @p pid has had so far, in KiB (/proc: VmHWM; a body
    /// read whole and freed again leaves RSS where it was, but not this).
    static qint64 peakResidentKiB(qint64 pid)
    {
        QFile status(QStringLiteral("/proc/%1/status").arg(pid));
        if (!status.open(QIODevice::ReadOnly))
            return -1;
        const auto match = QRegularExpression(QStringLiteral("VmHWM:\\s*(\\d+) kB"))
                               .match(QString::fromLatin1(status.readAll()));
        return match.hasMatch() ? match.captured(1).toLongLong() : -1;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_widgetDir.isValid());
        QVERIFY(QDir().mkpath(m_widgetDir.filePath("dist")));
        QFile script(m_widgetDir.filePath("dist/widget.js"));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("console.log('widget');\n");
    }

    void hugeDeclaredBodyIsRefusedWithoutBeingRead()
    {
        // The real binary, so its memory is its own and not the sending test's.
        QTemporaryDir dir;
        QProcess server;
        server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        server.start(QStringLiteral(CHAT_SERVER_BIN),
            { "serve", "--listen", "127.0.0.1:0", "--db", dir.filePath("chat.db") });
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT(
            (out += server.readAllStandardOutput()).contains("listening on"), 10000);
        const quint16 port = QRegularExpression(QStringLiteral(":(\\d+)\\s*$"))
                                 .match(QString::fromUtf8(out.trimmed()))
                                 .captured(1)
                                 .toUShort();
        QVERIFY(port != 0);
        RawHttp warmUp; // the first answer allocates what every answer needs
        QVERIFY(warmUp.connectTo(port));
        QCOMPARE(warmUp.exchange(RawHttp::request("GET", "/healthz"))->status, 200);
        const qint64 before = peakResidentKiB(server.processId());

        // 200 MB announced, then sent as fast as the server takes it until an answer comes.
        constexpr qint64 declared = 200LL * 1024 * 1024;
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        QVERIFY(socket.waitForConnected(5000));
        socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
            + QByteArray::number(declared) + "\r\n\r\n");
        const QByteArray chunk(1024 * 1024, 'x');
        qint64 sent = 0;
        QByteArray answer;
        QElapsedTimer clock;
        clock.start();
        while (!answer.contains("\r\n\r\n") && socket.state() == QAbstractSocket::ConnectedState
            && clock.elapsed() < 30'000) {
            if (sent < declared && socket.bytesToWrite() < chunk.size()) {
                socket.write(chunk);
                sent += chunk.size();
            }
            socket.waitForReadyRead(10);
            answer += socket.readAll();
        }
        answer += socket.readAll();
        qInfo("answer after %lld ms, %lld MiB of body sent", qint64(clock.elapsed()), sent >> 20);
        QVERIFY2(answer.startsWith("HTTP/1.1 413 "), answer.left(200).constData());
        QVERIFY(answer.contains("\"error\":\"body_too_large\""));
        QVERIFY(answer.contains("Connection: close"));
        QVERIFY(socket.state() == QAbstractSocket::UnconnectedState
            || socket.waitForDisconnected(10'000));

        const qint64 after = peakResidentKiB(server.processId());
        qInfo("server peak RSS %lld KiB before, %lld KiB after", before, after);
        QVERIFY(before > 0 && after > 0);
        QVERIFY2(after - before < 16 * 1024, qPrintable(QString::number(after - before)));
        // And the server goes on answering.
        RawHttp next;
        QVERIFY(next.connectTo(port));
        QCOMPARE(next.exchange(RawHttp::request("GET", "/healthz"))->status, 200);
        server.terminate();
        QVERIFY(server.waitForFinished(10'000));
    }

    void unframeableRequestsAreRefusedAndClosed_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("code");
        QTest::newRow("chunked body to a route without a body") << QByteArray(
            "GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            "5\r\nhello\r\n0\r\n\r\n") << 413 << QByteArray("body_too_large");
        QTest::newRow("small body to a route without a body")
            << QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
            << 413 << QByteArray("body_too_large");
        QTest::newRow("both lengths")
            << QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n")
            << 400 << QByteArray("bad_request");
        // The smuggling shape: a front end reading the first length and this server the last.
        QTest::newRow("two different lengths")
            << QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                          "Content-Length: 0\r\n\r\nhello")
            << 400 << QByteArray("bad_request");
        QTest::newRow("length not a number")
            << QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n") << 400
            << QByteArray("bad_request");
        QTest::newRow("no request line")
            << QByteArray("hello\r\nHost: x\r\n\r\n") << 400 << QByteArray("bad_request");
        QTest::newRow("other version") << QByteArray("GET /healthz HTTP/3.0\r\nHost: x\r\n\r\n")
                                       << 505 << QByteArray("unsupported_version");
    }

    void unframeableRequestsAreRefusedAndClosed()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QFETCH(QByteArray, code);
        auto server = startServer();
        QVERIFY(server);
        RawHttp http;
        QVERIFY(http.connectTo(server->port()));
        const auto response = http.exchange(request);
        QVERIFY(response);
        QCOMPARE(response->status, status);
        QCOMPARE(errorCode(*response), code);
        QCOMPARE(response->header("X-Content-Type-Options"), QByteArray("nosniff"));
        QCOMPARE(response->header("Connection"), QByteArray("close"));
        QVERIFY(http.closedByServer());
    }

    void oversizedSecondHeadIsRefused()
    {
        auto server = startServer();
        QVERIFY(server);
        RawHttp http;
        QVERIFY(http.connectTo(server->port()));
        QCOMPARE(http.exchange(RawHttp::request("GET", "/healthz"))->status, 200);
        const auto refused = http.exchange(
            "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: " + QByteArray(9000, 'a'));
        QVERIFY(refused);
        QCOMPARE(refused->status, 431);
        QCOMPARE(errorCode(*refused), QByteArray("header_too_large"));
        QVERIFY(http.closedByServer());
    }

    void slowSecondHeadTimesOut()
    {
        auto server = startServer(1000);
        QVERIFY(server);
        RawHttp http;
        QVERIFY(http.connectTo(server->port()));
        QCOMPARE(http.exchange(RawHttp::request("GET", "/healthz"))->status, 200);
        QElapsedTimer clock;
        clock.start();
        const auto refused = http.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n"); // no end
        QVERIFY(refused);
        QCOMPARE(refused->status, 408);
        QCOMPARE(errorCode(*refused), QByteArray("request_timeout"));
        QVERIFY2(clock.elapsed() >= 900, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(http.closedByServer());
    }

    void idleKeptAliveConnectionIsClosed()
    {
        auto server = startServer(10'000, 1000);
        QVERIFY(server);
        RawHttp http;
        QVERIFY(http.connectTo(server->port()));
        const auto first = http.exchange(RawHttp::request("GET", "/healthz"));
        QVERIFY(first);
        QCOMPARE(first->header("Connection"), QByteArray("keep-alive"));
        // Kept alive: a second request within the idle time is answered on the same connection.
        QCOMPARE(http.exchange(RawHttp::request("GET", "/widget.js"))->status, 200);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(http.closedByServer(10'000));
        QVERIFY2(clock.elapsed() >= 900, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(http.unread(0), QByteArray()); // closed without a word
    }

    void connectionCloseIsHonoured_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<bool>("keptAlive");
        QTest::newRow("HTTP/1.1, Connection: close")
            << QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") << false;
        QTest::newRow("HTTP/1.1, close among other options")
            << QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: TE, Close\r\n\r\n")
            << false;
        QTest::newRow("HTTP/1.0") << QByteArray("GET /healthz HTTP/1.0\r\n\r\n") << false;
        QTest::newRow("HTTP/1.0, keep-alive")
            << QByteArray("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << true;
        QTest::newRow("HTTP/1.1") << RawHttp::request("GET", "/healthz") << true;
    }

    void connectionCloseIsHonoured()
    {
        QFETCH(QByteArray, request);
        QFETCH(bool, keptAlive);
        auto server = startServer();
        QVERIFY(server);
        RawHttp http;
        QVERIFY(http.connectTo(server->port()));
        const auto response = http.exchange(request);
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->header("Connection"),
            keptAlive ? QByteArray("keep-alive") : QByteArray("close"));
        if (keptAlive)
            QCOMPARE(http.exchange(request)->status, 200);
        else
            QVERIFY(http.closedByServer());
    }

    void pipelinedRequestsAreAnsweredInOrder()
    {
        auto server = startServer();
        QVERIFY(server);
        RawHttp http;
        QVERIFY(http.connectTo(server->port()));
        // The health answer waits for the store; the script is answered at once. In order all
        // the same, each after the one before.
        http.send(RawHttp::request("GET", "/healthz") + RawHttp::request("GET", "/widget.js")
            + RawHttp::request("HEAD", "/healthz") + RawHttp::request("GET", "/nothing")
            + "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            + RawHttp::request("GET", "/widget.js")); // after close: never answered
        const auto health = http.receive();
        QVERIFY(health);
        QCOMPARE(health->header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(health->status, 200);
        const auto script = http.receive();
        QVERIFY(script);
        QVERIFY(script->header("Content-Type").startsWith("text/javascript"));
        const auto head = http.receive(true);
        QVERIFY(head);
        QCOMPARE(head->header("Content-Type"), QByteArray("application/json"));
        const auto missing = http.receive();
        QVERIFY(missing);
        QCOMPARE(missing->status, 404);
        const auto last = http.receive();
        QVERIFY(last);
        QCOMPARE(last->status, 200);
        QCOMPARE(last->header("Connection"), QByteArray("close"));
        QVERIFY(http.closedByServer());
        QCOMPARE(http.unread(0), QByteArray());
    }
};

QTEST_GUILESS_MAIN(TestHttpLimits)
#include "tst_httplimits.moc"
