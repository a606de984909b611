#include <agentconnection.h>
#include <connectionproblem.h>
#include <pendingrequests.h>
#include <protocol/serverevents.h>
#include <reconnectbackoff.h>
#include <serverversion.h>

#include <QtTest>

// The connection's pure parts: backoff, version rules, address parsing, error wording,
// rid bookkeeping and event decoding.

namespace {
/// The wire name of a reply's error code, empty when it is not an error.
QString errorName(const ServerMessage &reply)
{
    const std::optional<ErrorCode> code = reply.errorCode();
    return code ? errorCodeName(*code) : QString();
}
} // namespace

class TestConnectionUnits : public QObject
{
    Q_OBJECT

private slots:
    void backoffDoublesUpToTheCapWithJitter()
    {
        ReconnectBackoff backoff(1000, 30'000);
        backoff.setRandomSource([] { return 1.0; }); // the top of each jitter range
        QList<int> delays;
        for (int i = 0; i < 8; ++i)
            delays.append(backoff.nextDelayMs());
        QCOMPARE(delays, (QList<int> { 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000 }));

        backoff.reset();
        backoff.setRandomSource([] { return 0.0; }); // the bottom: never below half
        QCOMPARE(backoff.nextDelayMs(), 500);
        QCOMPARE(backoff.nextDelayMs(), 1000);
        QCOMPARE(backoff.attempts(), 2);
    }

    void backoffJitterSpreadsAgents()
    {
        ReconnectBackoff a(1000, 30'000);
        QSet<int> seen;
        for (int i = 0; i < 20; ++i) {
            a.reset();
            const int delay = a.nextDelayMs();
            QVERIFY(delay >= 500 && delay <= 1000);
            seen.insert(delay);
        }
        QVERIFY(seen.size() > 1);
    }

    void serverVersionMajorMustMatch()
    {
        QCOMPARE(ServerVersion::supportedMajor(), 0);
        QVERIFY(ServerVersion::isCompatible(QStringLiteral(CHAT_VERSION)));
        QVERIFY(ServerVersion::isCompatible("0.9.3"));
        QVERIFY(ServerVersion::isCompatible("")); // unknown: assume compatible
        QVERIFY(!ServerVersion::isCompatible("1.0.0"));
        QVERIFY(!ServerVersion::isCompatible("v2.1"));
    }

    void refusedHandshakeStatusIsReadFromTheSocketError()
    {
        QCOMPARE(
            ServerVersion::refusedHandshakeStatus("QWebSocketPrivate::processHandshake: Unhandled "
                                                  "http status code: 426 (Upgrade Required)."),
            std::optional<int>(426));
        QCOMPARE(ServerVersion::refusedHandshakeStatus("Connection refused"), std::nullopt);
        const ConnectionProblem problem = ConnectionProblem::fromSocketError(
            QAbstractSocket::ConnectionRefusedError,
            "Unhandled http status code: 426 (Upgrade Required).", QUrl("http://chat.example.com"));
        QCOMPARE(problem.kind, Connection::Problem::VersionMismatch);
        const ConnectionProblem notFound
            = ConnectionProblem::fromSocketError(QAbstractSocket::ConnectionRefusedError,
                "Unhandled http status code: 404 (Not Found).", QUrl("http://chat.example.com"));
        QCOMPARE(notFound.kind, Connection::Problem::Unreachable);
        QVERIFY(notFound.message.contains("404"));
    }

    void serverAddressesAsPeopleTypeThem_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("endpoint");
        QTest::newRow("bare host") << "chat.example.com"
                                   << "wss://chat.example.com/ws/agent";
        QTest::newRow("local port") << "127.0.0.1:8080"
                                    << "ws://127.0.0.1:8080/ws/agent";
        QTest::newRow("localhost") << "localhost:8080"
                                   << "ws://localhost:8080/ws/agent";
        QTest::newRow("http") << "http://10.0.0.5:8080/"
                              << "ws://10.0.0.5:8080/ws/agent";
        QTest::newRow("https with path") << "https://chat.example.com/admin?x=1"
                                         << "wss://chat.example.com/ws/agent";
        QTest::newRow("wss") << " wss://chat.example.com "
                             << "wss://chat.example.com/ws/agent";
    }
    void serverAddressesAsPeopleTypeThem()
    {
        QFETCH(QString, typed);
        QFETCH(QString, endpoint);
        const QUrl url = AgentConnection::parseServerAddress(typed);
        QVERIFY(url.isValid());
        QCOMPARE(AgentConnection::agentEndpoint(url).toString(), endpoint);
    }

    void nonsenseIsNotAnAddress()
    {
        QVERIFY(!AgentConnection::parseServerAddress("").isValid());
        QVERIFY(!AgentConnection::parseServerAddress("ftp://example.com").isValid());
        QVERIFY(!AgentConnection::parseServerAddress("http://").isValid());
    }

    void problemsSayWhatToDo()
    {
        QVERIFY(ConnectionProblem::wrongPassword().message.contains("password"));
        QCOMPARE(ConnectionProblem::serverError(ErrorCode::AuthFailed, "x").kind,
            Connection::Problem::WrongPassword);
        QVERIFY(ConnectionProblem::versionMismatch("2.0.0").message.contains("2.0.0"));
        QVERIFY(ConnectionProblem::sessionExpired().message.contains("Sign in again"));
        const ConnectionProblem refused
            = ConnectionProblem::fromSocketError(QAbstractSocket::ConnectionRefusedError,
                "Connection refused", QUrl("http://127.0.0.1:9"));
        QCOMPARE(refused.kind, Connection::Problem::Unreachable);
        QVERIFY(refused.message.contains("127.0.0.1:9"));
    }

    void pendingRequestsRunOnceAndFailOnDisconnect()
    {
        PendingRequests pending;
        QStringList calls;
        const QString first
            = pending.add([&calls](const ServerMessage &r) { calls.append("1:" + errorName(r)); });
        const QString second
            = pending.add([&calls](const ServerMessage &r) { calls.append("2:" + errorName(r)); });
        QVERIFY(first != second);
        QVERIFY(
            pending.resolve(ServerMessage { first, ErrorEvent { ErrorCode::Conflict, {}, {} } }));
        QVERIFY(!pending.resolve(
            ServerMessage { first, ErrorEvent { ErrorCode::Conflict, {}, {} } })); // only once
        QVERIFY(!pending.resolve(ServerMessage { {}, PongEvent {} }));
        pending.failAll();
        QCOMPARE(calls, (QStringList { "1:conflict", "2:disconnected" }));
        QCOMPARE(pending.size(), 0);
    }

    void eventsDecodeIntoTypes()
    {
        const ServerMessage message = decodeServerMessage(
            QJsonDocument::fromJson(R"({"type":"message","conversationId":"c1","seq":4,
            "clientId":"m","author":{"role":"agent","id":"a1","name":"Grace"},"body":"Hi","at":5,"internal":true})")
                .object());
        const auto *m = message.as<MessageEvent>();
        QVERIFY(m);
        QCOMPARE(m->message.seq, 4);
        QVERIFY(m->message.internal);
        QCOMPARE(m->message.authorName, QStringLiteral("Grace"));

        const ServerMessage history
            = decodeServerMessage(QJsonDocument::fromJson(R"({"type":"history","rid":"r1",
            "conversationId":"c1","messages":[{"seq":1,"body":"a"},{"seq":2,"body":"b"}],"hasMore":true})")
                                      .object());
        QCOMPARE(history.rid, QStringLiteral("r1"));
        QVERIFY(history.as<HistoryEvent>()->hasMore);
        QCOMPARE(history.as<HistoryEvent>()->messages.at(1).conversationId, QStringLiteral("c1"));

        const ServerMessage search
            = decodeServerMessage(QJsonDocument::fromJson(R"({"type":"search.results","results":[
            {"conversationId":"c1","seq":3,"snippet":"a [refund] b","at":7,"visitorName":"Ada","status":"closed"}]})")
                                      .object());
        QCOMPARE(search.as<SearchResultsEvent>()->results.first().snippet,
            QStringLiteral("a [refund] b"));

        const ServerMessage error = decodeServerMessage(
            QJsonDocument::fromJson(R"({"type":"error","code":"conflict","rid":"r2"})").object());
        QCOMPARE(error.errorCode(), std::optional(ErrorCode::Conflict));
        QVERIFY(decodeServerMessage(QJsonObject { { "type", "something.new" } }).as<OtherEvent>());
    }
};

QTEST_GUILESS_MAIN(TestConnectionUnits)
#include "tst_connectionunits.moc"
