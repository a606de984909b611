#include <http/healthlistener.h>
#include <storage/healthcheck.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QtTest>
#include <future>

// The health port answers GET /healthz from its own thread: what the writer last did, and
// whether the main event loop is still turning — which only a thread beside it can tell.
// (The fixed health is set between requests; a request's socket round trip orders it.)

namespace {
class FixedHealth : public HealthCheck
{
public:
    StorageHealth storageHealth() const override { return m_health; }
    StorageHealth m_health;
};

struct Answer
{
    int status = 0;
    QJsonObject body;
};

/// One request on a fresh connection, with Qt's blocking calls: usable from any thread,
/// including while the main thread is busy.
Answer ask(quint16 port, const QByteArray &request = "GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5'000))
        return {};
    socket.write(request);
    QByteArray response;
    while (socket.waitForReadyRead(5'000))
        response += socket.readAll();
    response += socket.readAll();
    Answer answer;
    answer.status = response.mid(9, 3).toInt(); // "HTTP/1.1 200 OK"
    answer.body = QJsonDocument::fromJson(response.mid(response.indexOf("\r\n\r\n") + 4)).object();
    return answer;
}
} // namespace

class TestHealthListener : public QObject
{
    Q_OBJECT

private slots:
    void answersWhatTheWriterLastDid()
    {
        FixedHealth health;
        HealthListener listener(health, 10'000);
        QVERIFY(!listener.listen(QHostAddress::LocalHost, 0));
        QVERIFY(listener.port() != 0);

        Answer ok = ask(listener.port());
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.body.value("status").toString(), QStringLiteral("ok"));
        QCOMPARE(ok.body.value("database").toString(), QStringLiteral("ok"));
        QVERIFY(ok.body.value("eventLoop").toObject().contains("quietMs"));

        health.m_health.writeFailing = true;
        health.m_health.failure = QStringLiteral("database or disk is full");
        health.m_health.failingSinceMs = 1'000;
        const Answer failing = ask(listener.port());
        QCOMPARE(failing.status, 503);
        QCOMPARE(failing.body.value("database").toString(),
            QStringLiteral("write failed: database or disk is full"));
        QCOMPARE(failing.body.value("since").toInteger(), 1'000);

        QCOMPARE(ask(listener.port(), "GET /metrics HTTP/1.1\r\n\r\n").status, 404);
        QCOMPARE(ask(listener.port(), "POST /healthz HTTP/1.1\r\n\r\n").status, 404);
    }

    void aStuckEventLoopIsReportedNotTimedOut()
    {
        FixedHealth health;
        HealthListener listener(health, 300);
        QVERIFY(!listener.listen(QHostAddress::LocalHost, 0));
        QTRY_COMPARE(ask(listener.port()).status, 200); // the loop turns: its heartbeat is fresh

        // The fault: this (the main) thread stops serving its event loop — it waits for the
        // probe, which asks only once the loop has been stuck for twice the threshold.
        auto probe = std::async(std::launch::async, [port = listener.port()] {
            QThread::msleep(600);
            return ask(port);
        });
        const Answer stuck = probe.get();
        QCOMPARE(stuck.status, 503);
        QVERIFY2(stuck.body.value("problem").toString().startsWith("event loop stalled for"),
            qPrintable(QJsonDocument(stuck.body).toJson()));
        QVERIFY(stuck.body.value("eventLoop").toObject().value("quietMs").toInteger() >= 300);

        // The loop turns again: healthy after its next heartbeat.
        QTRY_COMPARE(ask(listener.port()).status, 200);
    }

    void aDrainingServerTakesNobodyNew()
    {
        FixedHealth health;
        HealthListener listener(health, 10'000);
        QVERIFY(!listener.listen(QHostAddress::LocalHost, 0));
        QCOMPARE(ask(listener.port()).status, 200);
        listener.setShuttingDown();
        const Answer draining = ask(listener.port());
        QCOMPARE(draining.status, 503);
        QCOMPARE(draining.body.value("problem").toString(), QStringLiteral("shutting down"));
    }

    void aHeadTooLargeIsRefused()
    {
        FixedHealth health;
        HealthListener listener(health, 10'000);
        QVERIFY(!listener.listen(QHostAddress::LocalHost, 0));
        // 8 KiB without the blank line that ends a head (exactly: nothing is left unread, so
        // the answer is not lost to a reset).
        const QByteArray start = "GET /healthz?";
        QCOMPARE(ask(listener.port(), start + QByteArray(8192 - start.size(), 'x')).status, 431);
    }
};

QTEST_GUILESS_MAIN(TestHealthListener)
#include "tst_healthlistener.moc"
