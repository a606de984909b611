#include <testclient.h>
#include <testserver.h>

#include <core/clock.h>
#include <metrics/conversationfacts.h>
#include <metrics/queuemetrics.h>
#include <metrics/sqlite/facttable.h>
#include <storage/sqlstore.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QtTest>

// Queue metrics end to end: a scripted day with an injected clock (agents join, chats queue,
// one visitor closes while waiting, one is gone for good, one reloads while waiting, one chat is
// transferred, one missed, one reopened, two rated and one re-rated), with the exact expected
// figure of every metric, read through the four views — the REST report, the CSV export, the
// admins' live feed and /metrics — which must agree because they share one definition.
class TestMetrics : public QObject
{
    Q_OBJECT

    struct HttpAnswer
    {
        int status = 0;
        QByteArray body;
        QByteArray contentType;
        QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    };

    struct Day
    {
        std::unique_ptr<ManualClock> clock;
        std::unique_ptr<TestServer> server;
        qint64 t0 = 0; // 09:00 local time on the scripted day
        qint64 dayStart = 0;
        qint64 dayEnd = 0;
        QString site1Id;
        QString site2Id;
        QString returnsId; // a department of the second site
        QString adaId;
        QString benId;
        QString cyId;
        QString adminToken;
        QString agentToken;
        QString visitor1Name; // C1's, from its pre-chat form
        QStringList conversations; // C1 … C8
        std::unique_ptr<TestClient> ada;
        std::unique_ptr<TestClient> ben;
        std::unique_ptr<TestClient> cy;
        std::vector<std::unique_ptr<TestClient>> visitors;
        TestClient *v1 = nullptr; // C1's visitor
        TestClient *v7 = nullptr; // C7's visitor, after its reload
    };

    /// Short, so a visitor gone for good leaves the queue within the test; a reload on loopback
    /// takes far less.
    static constexpr int visitorGraceMs = 2'000;

    QNetworkAccessManager m_http;
    Day m_day;

    HttpAnswer get(quint16 port, const QString &pathAndQuery, const QString &token = {})
    {
        QNetworkRequest request(
            QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(pathAndQuery)));
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        QNetworkReply *reply = m_http.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(10000);
        HttpAnswer answer { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            reply->readAll(), reply->header(QNetworkRequest::ContentTypeHeader).toByteArray() };
        reply->deleteLater();
        return answer;
    }

    QString rangeQuery() const
    {
        return QStringLiteral("from=%1&to=%2").arg(m_day.dayStart).arg(m_day.dayEnd);
    }

    void at(int seconds) { m_day.clock->set(m_day.t0 + seconds * 1000LL); }

    static std::function<bool(const QJsonObject &)> presenceOf(
        const QString &agentId, const QString &status)
    {
        return [agentId, status](const QJsonObject &m) {
            return m.value("type").toString() == u"presence"
                && m.value("agent").toObject().value("id").toString() == agentId
                && m.value("agent").toObject().value("status").toString() == status;
        };
    }

    bool setPresence(TestClient &agent, const QString &agentId, const QString &status)
    {
        agent.send({ { "type", "presence.set" }, { "status", status } });
        return agent.waitFor(presenceOf(agentId, status)).has_value();
    }

    TestClient &visitor(const QString &siteKey, const QString &visitorToken = {})
    {
        auto client = std::make_unique<TestClient>();
        client->open(m_day.server->port(), "/ws/visitor");
        client->hello(siteKey, visitorToken);
        m_day.visitors.push_back(std::move(client));
        return *m_day.visitors.back();
    }

    static QString startConversation(TestClient &visitor, const QJsonObject &preChat = {})
    {
        QJsonObject start { { "type", "conversation.start" } };
        for (auto it = preChat.begin(); it != preChat.end(); ++it)
            start.insert(it.key(), it.value());
        const auto started = visitor.request(start);
        return started ? started->value("conversation").toObject().value("id").toString()
                       : QString();
    }

    static bool say(TestClient &client, const QString &conversationId, const QString &body,
        bool internal = false)
    {
        static int counter = 0;
        QJsonObject message { { "type", "message.send" }, { "conversationId", conversationId },
            { "clientId", QStringLiteral("m-%1").arg(++counter) }, { "body", body } };
        if (internal)
            message.insert("internal", true);
        const auto ack = client.request(message);
        return ack && ack->value("type").toString() == u"message.ack";
    }

    static bool close(TestClient &client, const QString &conversationId)
    {
        const auto reply = client.request(
            { { "type", "conversation.close" }, { "conversationId", conversationId } });
        return reply && reply->value("type").toString() == u"conversation.updated";
    }

    /// The figures of one duration column, as the report computes them (nearest rank).
    static QJsonObject distributionOf(QList<qint64> samples)
    {
        std::sort(samples.begin(), samples.end());
        const auto rank = [&samples](int p) {
            return samples.at(
                std::clamp<qsizetype>((p * samples.size() + 99) / 100, 1, samples.size()) - 1);
        };
        if (samples.isEmpty())
            return { { "count", 0 }, { "medianMs", QJsonValue() }, { "p90Ms", QJsonValue() },
                { "meanMs", QJsonValue() }, { "maxMs", QJsonValue() } };
        long double sum = 0;
        for (qint64 s : samples)
            sum += s;
        return { { "count", samples.size() }, { "medianMs", rank(50) }, { "p90Ms", rank(90) },
            { "meanMs", qint64(std::llround(sum / samples.size())) }, { "maxMs", samples.last() } };
    }

    static QJsonObject expectedDistribution(
        qint64 count, qint64 median, qint64 p90, qint64 mean, qint64 max)
    {
        return { { "count", count }, { "medianMs", median }, { "p90Ms", p90 }, { "meanMs", mean },
            { "maxMs", max } };
    }

    static QJsonObject withoutKey(QJsonObject object, const QString &key)
    {
        object.remove(key);
        return object;
    }

    /// The rows of a CSV text (RFC 4180: quoted fields may hold commas, quotes and line breaks),
    /// the header first.
    static QList<QStringList> parseCsv(const QByteArray &bytes)
    {
        const QString text = QString::fromUtf8(bytes);
        QList<QStringList> rows;
        QStringList row;
        QString field;
        bool quoted = false;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text.at(i);
            if (quoted) {
                if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                    field += c;
                    ++i;
                } else if (c == u'"') {
                    quoted = false;
                } else {
                    field += c;
                }
            } else if (c == u'"') {
                quoted = true;
            } else if (c == u',') {
                row.append(std::exchange(field, QString()));
            } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
                row.append(std::exchange(field, QString()));
                rows.append(std::exchange(row, QStringList()));
                ++i;
            } else {
                field += c;
            }
        }
        if (!field.isEmpty() || !row.isEmpty())
            rows.append(
                row + QStringList { field }); // no CRLF at the end: a defect the caller sees
        return rows;
    }

    /// The CSV's rows by conversation id, each as column name → cell.
    QHash<QString, QHash<QString, QString>> csvRows(const QString &query)
    {
        const auto answer
            = get(m_day.server->port(), "/api/v1/metrics/export.csv?" + query, m_day.adminToken);
        if (answer.status != 200)
            return {};
        QList<QStringList> rows = parseCsv(answer.body);
        const QStringList header = rows.takeFirst();
        QHash<QString, QHash<QString, QString>> byId;
        for (const QStringList &cells : std::as_const(rows)) {
            if (cells.size() != header.size())
                return {};
            QHash<QString, QString> row;
            for (qsizetype i = 0; i < cells.size(); ++i)
                row.insert(header.at(i), cells.at(i));
            byId.insert(row.value("conversation_id"), row);
        }
        return byId;
    }

    using CsvRows = QHash<QString, QHash<QString, QString>>;

    /// The report's figures are the CSV columns' figures: same samples, same nearest ranks.
    static void verifyCsvMatchesReport(const CsvRows &rows, const QJsonObject &report)
    {
        QHash<QString, QList<qint64>> samples;
        QHash<QString, int> outcomes;
        int stillWaiting = 0;
        int good = 0;
        int bad = 0;
        for (const auto &row : rows) {
            ++outcomes[row.value("outcome")];
            if (row.value("outcome") == u"offline")
                continue;
            stillWaiting += row.value("still_waiting") == u"1";
            good += row.value("rating") == u"good";
            bad += row.value("rating") == u"bad";
            for (const char *name : { "queue_wait_ms", "abandoned_wait_ms", "first_response_ms",
                     "handling_ms", "resolution_ms" })
                if (!row.value(name).isEmpty())
                    samples[name].append(row.value(name).toLongLong());
            for (const char *list : { "reopen_first_response_ms", "response_times_ms" })
                for (const QString &value : row.value(list).split(u' ', Qt::SkipEmptyParts))
                    samples[list == QByteArray("response_times_ms") ? "response_times_ms"
                                                                    : "first_response_ms"]
                        .append(value.toLongLong());
        }
        QCOMPARE(withoutKey(report.value("queueWait").toObject(), "stillWaiting"),
            distributionOf(samples.value("queue_wait_ms")));
        QCOMPARE(report.value("queueWait").toObject().value("stillWaiting").toInt(), stillWaiting);
        QCOMPARE(report.value("abandoned").toObject().value("wait").toObject(),
            distributionOf(samples.value("abandoned_wait_ms")));
        QCOMPARE(report.value("firstResponse").toObject(),
            distributionOf(samples.value("first_response_ms")));
        QCOMPARE(report.value("responseTime").toObject(),
            distributionOf(samples.value("response_times_ms")));
        QCOMPARE(
            report.value("handlingTime").toObject(), distributionOf(samples.value("handling_ms")));
        QCOMPARE(report.value("resolutionTime").toObject(),
            distributionOf(samples.value("resolution_ms")));
        const QJsonObject counted
            = report.value("conversations").toObject().value("outcomes").toObject();
        for (auto it = counted.begin(); it != counted.end(); ++it)
            QCOMPARE(outcomes.value(it.key()), it.value().toInt());
        QCOMPARE(report.value("rating").toObject().value("good").toInt(), good);
        QCOMPARE(report.value("rating").toObject().value("bad").toInt(), bad);
    }

    /// The four views read now agree on every figure they share: the REST report, the CSV, the
    /// latest live update Ada's session got and the /metrics text. Returns the REST report.
    QJsonObject verifyViewsAgree()
    {
        const quint16 port = m_day.server->port();
        const QJsonObject rest
            = get(port, "/api/v1/metrics/queue?" + rangeQuery(), m_day.adminToken).json();
        [&] {
            const CsvRows rows = csvRows(rangeQuery());
            QVERIFY(!rows.isEmpty());
            verifyCsvMatchesReport(rows, rest);
            if (QTest::currentTestFailed())
                return;

            // The live feed: its latest update is the report, and its "now" the gauges.
            QJsonObject live;
            QVERIFY(QTest::qWaitFor(
                [&] {
                    for (const QJsonObject &m : m_day.ada->received())
                        if (m.value("type").toString() == u"metrics.update")
                            live = m;
                    return live.value("today").toObject() == rest;
                },
                5000));
            const QJsonObject now = live.value("now").toObject();
            const QByteArray prom = get(port, "/metrics").body;
            const auto value = [&prom](const QByteArray &series) {
                return promValue(prom, series).value_or(-1);
            };

            // Waiting now: the live feed, /metrics and the report's stillWaiting (nobody was
            // requeued this day, so every waiting chat waits for its first agent).
            const int waiting = rest.value("queueWait").toObject().value("stillWaiting").toInt();
            QCOMPARE(now.value("waiting").toInt(), waiting);
            QCOMPARE(value("chat_queue_waiting"), double(waiting));
            qint64 earliest = 0;
            int inProgress = 0;
            for (const auto &row : rows) {
                if (row.value("still_waiting") == u"1"
                    && (earliest == 0 || row.value("queued_at").toLongLong() < earliest))
                    earliest = row.value("queued_at").toLongLong();
                if (row.value("closed_at").isEmpty() && !row.value("first_assigned_at").isEmpty())
                    ++inProgress;
            }
            const qint64 asOf = rest.value("asOf").toInteger();
            QCOMPARE(now.value("waitingSince").toInteger(), earliest);
            QCOMPARE(now.value("longestWaitMs").toInteger(), earliest > 0 ? asOf - earliest : 0);
            QCOMPARE(value("chat_queue_longest_wait_seconds"),
                earliest > 0 ? double(asOf - earliest) / 1000 : 0.0);
            QCOMPARE(now.value("inProgress").toInt(), inProgress);
            QCOMPARE(value("chat_conversations_in_progress"), double(inProgress));
            for (const QJsonValue &member : now.value("team").toArray()) {
                for (const QJsonValue &agent : rest.value("agents").toArray())
                    if (agent.toObject().value("id") == member.toObject().value("id"))
                        QCOMPARE(agent.toObject().value("concurrentNow").toInt(),
                            member.toObject().value("activeChats").toInt());
            }

            // Counters since start (the server started this morning) against the rows.
            const QJsonObject conversations = rest.value("conversations").toObject();
            const QJsonObject outcomes = conversations.value("outcomes").toObject();
            QCOMPARE(value("chat_conversations_created_total"),
                double(conversations.value("total").toInt()));
            QCOMPARE(
                value("chat_offline_messages_total"), double(outcomes.value("offline").toInt()));
            QCOMPARE(value("chat_conversations_reopened_total"),
                double(conversations.value("reopened").toInt()));
            int transfers = 0;
            QHash<QString, int> closedBy;
            for (const auto &row : rows) {
                transfers += row.value("transfers").toInt();
                if (!row.value("closed_at").isEmpty() && row.value("outcome") != u"offline")
                    ++closedBy[row.value("outcome")];
            }
            QCOMPARE(value("chat_transfers_total"), double(transfers));
            QCOMPARE(conversations.value("closed").toInt(),
                closedBy.value("answered") + closedBy.value("missed")
                    + closedBy.value("abandoned"));
            for (const char *outcome : { "answered", "missed", "abandoned" })
                QCOMPARE(value("chat_conversations_closed_total{outcome=\"" + QByteArray(outcome)
                             + "\"}"),
                    double(closedBy.value(outcome)));
            QCOMPARE(value("chat_conversations_closed_total{outcome=\"abandoned\"}"),
                double(outcomes.value("abandoned").toInt()));

            // Histograms hold the finished durations: the report's counts and sums, less the waits
            // still running.
            const auto sumOf = [&rows](const char *column, bool finishedOnly) {
                qint64 sum = 0;
                for (const auto &row : rows)
                    if (row.value("outcome") != u"offline"
                        && !(finishedOnly && row.value("still_waiting") == u"1"))
                        for (const QString &ms : row.value(column).split(u' ', Qt::SkipEmptyParts))
                            sum += ms.toLongLong();
                return double(sum) / 1000;
            };
            const auto countOf = [&rest](const char *figure) {
                return double(rest.value(figure).toObject().value("count").toInt());
            };
            QCOMPARE(value("chat_queue_wait_seconds_count"), countOf("queueWait") - waiting);
            QCOMPARE(value("chat_queue_wait_seconds_sum"), sumOf("queue_wait_ms", true));
            QCOMPARE(value("chat_queue_abandoned_wait_seconds_count"),
                double(rest.value("abandoned")
                           .toObject()
                           .value("wait")
                           .toObject()
                           .value("count")
                           .toInt()));
            QCOMPARE(
                value("chat_queue_abandoned_wait_seconds_sum"), sumOf("abandoned_wait_ms", false));
            QCOMPARE(value("chat_first_response_seconds_count"), countOf("firstResponse"));
            QCOMPARE(value("chat_first_response_seconds_sum"),
                sumOf("first_response_ms", false) + sumOf("reopen_first_response_ms", false));
            QCOMPARE(value("chat_response_seconds_count"), countOf("responseTime"));
            QCOMPARE(value("chat_response_seconds_sum"), sumOf("response_times_ms", false));
            QCOMPARE(value("chat_handling_seconds_count"), countOf("handlingTime"));
            QCOMPARE(value("chat_handling_seconds_sum"), sumOf("handling_ms", false));
            QCOMPARE(value("chat_resolution_seconds_count"), countOf("resolutionTime"));
            QCOMPARE(value("chat_resolution_seconds_sum"), sumOf("resolution_ms", false));
        }();
        return rest;
    }

    /// The sample value of a line of the Prometheus text, e.g. `chat_agents{status="away"}`.
    static std::optional<double> promValue(const QByteArray &text, const QByteArray &series)
    {
        for (const QByteArray &line : text.split('\n'))
            if (line.startsWith(series + ' '))
                return line.mid(series.size() + 1).toDouble();
        return std::nullopt;
    }

    /// The scripted day. Times are seconds after 09:00; the comments give what each step means.
    void scriptDay()
    {
        Day &d = m_day;
        d.clock = std::make_unique<ManualClock>();
        d.dayStart = localDayStart(1'700'000'000'000);
        d.dayEnd = localNextDayStart(d.dayStart);
        d.t0 = d.dayStart + 9 * 3600 * 1000LL;
        d.clock->set(d.t0);
        d.server = std::make_unique<TestServer>(60'000, visitorGraceMs);
        TestServer &server = *d.server;
        const QString site1 = server.addSite(QStringLiteral("Shop"));
        const QString site2 = server.addSite(QStringLiteral("Other shop"));
        d.returnsId = server.addDepartment(site2, QStringLiteral("Returns"));
        d.adaId = server.addAgent("ada@example.com", "Ada", 2, true);
        d.benId = server.addAgent("ben@example.com", "Ben", 1);
        d.cyId = server.addAgent("cy@example.com", "Cy", 2);
        QVERIFY(!site1.isEmpty() && !site2.isEmpty() && !d.adaId.isEmpty());
        QVERIFY(server.start(d.clock.get()));

        d.ada = std::make_unique<TestClient>();
        QVERIFY(d.ada->open(server.port(), "/ws/agent"));
        const auto adaAuth = d.ada->login("ada@example.com", TestServer::password());
        QVERIFY(adaAuth);
        d.adminToken = adaAuth->value("sessionToken").toString();
        QVERIFY(d.ada->waitForType("metrics.snapshot")); // admins follow the live feed
        d.ben = std::make_unique<TestClient>();
        QVERIFY(d.ben->open(server.port(), "/ws/agent"));
        QVERIFY(d.ben->login("ben@example.com", TestServer::password()));
        d.cy = std::make_unique<TestClient>();
        QVERIFY(d.cy->open(server.port(), "/ws/agent"));
        const auto cyAuth = d.cy->login("cy@example.com", TestServer::password());
        QVERIFY(cyAuth);
        d.agentToken = cyAuth->value("sessionToken").toString();

        // 0: C1 queues (nobody online), its visitor gave a name and email. 10: C2 queues.
        at(0);
        TestClient &v1 = visitor(site1);
        d.visitor1Name = QStringLiteral("Dana \"Keyboard\" Smith, Jr.");
        const QString c1 = startConversation(
            v1, { { "name", d.visitor1Name }, { "email", "dana@example.com" } });
        at(10);
        TestClient &v2 = visitor(site1);
        const QString c2 = startConversation(v2);
        // 20: Ada comes online and gets both (queue waits 20 s and 10 s); she is full (2).
        at(20);
        QVERIFY(setPresence(*d.ada, d.adaId, "online"));
        // C1: visitor 25, Ada 30 (first response 30 s), visitor 40 and 45, Ada 50 (response 10 s).
        at(25);
        QVERIFY(say(v1, c1, "hello?"));
        at(30);
        QVERIFY(say(*d.ada, c1, "Hi, how can I help?"));
        at(40);
        QVERIFY(say(v1, c1, "my order"));
        at(45);
        QVERIFY(say(v1, c1, "is late"));
        at(50);
        QVERIFY(say(*d.ada, c1, "Let me look"));
        // C2: a note at 55 does not count; Ada's reply at 60 is its first response (50 s).
        at(55);
        QVERIFY(say(*d.ada, c2, "VIP customer", true));
        at(60);
        QVERIFY(say(*d.ada, c2, "Hello!"));
        // 70: C3 queues; 100: its visitor closes it while waiting: abandoned after 30 s.
        at(70);
        TestClient &v3 = visitor(site1);
        const QString c3 = startConversation(v3);
        at(100);
        QVERIFY(close(v3, c3));
        // 110: C4 queues; 120: Ben comes online and gets it (wait 10 s); 125 Ben answers (15 s);
        // 130 Ben transfers it to Ada; visitor 140, Ada 150 (response 10 s). C4 stays open.
        at(110);
        TestClient &v4 = visitor(site1);
        const QString c4 = startConversation(v4);
        at(120);
        QVERIFY(setPresence(*d.ben, d.benId, "online"));
        at(125);
        QVERIFY(say(*d.ben, c4, "Hi, Ben here"));
        at(130);
        const auto transfer = d.ben->request({ { "type", "conversation.transfer" },
            { "conversationId", c4 }, { "toAgentId", d.adaId } });
        QCOMPARE(transfer->value("type").toString(), QStringLiteral("conversation.updated"));
        at(140);
        QVERIFY(say(v4, c4, "still there?"));
        at(150);
        QVERIFY(say(*d.ada, c4, "Yes, now with me"));
        // 160: Ada closes C1 (handling 140 s, resolution 160 s).
        at(160);
        QVERIFY(close(*d.ada, c1));
        // 170: C5 goes straight to Ben (wait 0); 200: he closes it without a word: missed.
        at(170);
        TestClient &v5 = visitor(site1);
        const QString c5 = startConversation(v5);
        at(200);
        QVERIFY(close(*d.ben, c5));
        // 205: Ben goes away. 210: C6 queues; 220: C7 queues and will still be waiting at 09:05.
        at(205);
        QVERIFY(setPresence(*d.ben, d.benId, "away"));
        at(210);
        TestClient &v6 = visitor(site1);
        const QString c6 = startConversation(v6);
        at(220);
        TestClient &v7 = visitor(site1);
        const QString c7 = startConversation(v7);
        const QString v7Token = v7.received().first().value("visitorToken").toString();
        QVERIFY(!v7Token.isEmpty());
        // 225: C7's visitor reloads (disconnects, comes back with its token within the grace
        // period) while C6's is gone for good. C7's grace period began first: had the reload not
        // kept C7 in the queue, C7 would be closed before C6.
        at(225);
        v7.close();
        QTRY_VERIFY(!v7.isOpen());
        v6.close();
        QTRY_VERIFY(!v6.isOpen());
        TestClient &v7back = visitor(site1, v7Token);
        QVERIFY(!v7back.received().isEmpty());
        QCOMPARE(v7back.received().first().value("visitorId").toString(),
            v7.received().first().value("visitorId").toString());
        // C6 closes after the grace period (the clock stands still meanwhile): abandoned after 15
        // s.
        const auto abandoned = d.ada->waitFor(
            [](const QJsonObject &m) {
                return m.value("type").toString() == u"metrics.update"
                    && m.value("today")
                           .toObject()
                           .value("conversations")
                           .toObject()
                           .value("outcomes")
                           .toObject()
                           .value("abandoned")
                           .toInt()
                    == 2;
            },
            visitorGraceMs + 5'000);
        QVERIFY(abandoned);
        const QJsonObject nowAfter = abandoned->value("now").toObject();
        QCOMPARE(nowAfter.value("waiting").toInt(), 1);
        QCOMPARE(nowAfter.value("waitingSince").toInteger(), d.t0 + 220'000); // C7 waits on, not C6
        QCOMPARE(abandoned->value("today")
                     .toObject()
                     .value("queueWait")
                     .toObject()
                     .value("stillWaiting")
                     .toInt(),
            1);
        QCOMPARE(v7back.count([](const QJsonObject &m) {
            return m.value("conversation").toObject().value("status").toString() == u"closed";
        }),
            0);
        d.v1 = &v1;
        d.v7 = &v7back;
        // 228: Ada goes away; 230: she closes C2 (handling 210 s, resolution 220 s); C7 waits on.
        at(228);
        QVERIFY(setPresence(*d.ada, d.adaId, "away"));
        at(230);
        QVERIFY(close(*d.ada, c2));
        // 240, 241: C1 rated good, C2 rated bad.
        at(240);
        QCOMPARE(v1.request({ { "type", "conversation.rate" }, { "conversationId", c1 },
                                { "rating", "good" } })
                     ->value("type")
                     .toString(),
            QStringLiteral("conversation.updated"));
        at(241);
        QCOMPARE(v2.request({ { "type", "conversation.rate" }, { "conversationId", c2 },
                                { "rating", "bad" } })
                     ->value("type")
                     .toString(),
            QStringLiteral("conversation.updated"));
        // 250: Ada reopens C1; 262 she writes (first response after reopen 12 s); visitor 265,
        // Ada 270 (response 5 s); 280 closed again (its first close stays the one that counts).
        at(250);
        QCOMPARE(d.ada->request({ { "type", "conversation.reopen" }, { "conversationId", c1 } })
                     ->value("type")
                     .toString(),
            QStringLiteral("conversation.updated"));
        at(262);
        QVERIFY(say(*d.ada, c1, "Following up"));
        at(265);
        QVERIFY(say(v1, c1, "thanks"));
        at(270);
        QVERIFY(say(*d.ada, c1, "You're welcome"));
        at(280);
        QVERIFY(close(*d.ada, c1));
        // 290: C8 queues on the second site, in its Returns department. 295: an offline message on
        // the first.
        at(290);
        TestClient &v8 = visitor(site2);
        const QString c8 = startConversation(v8, { { "departmentId", d.returnsId } });
        at(295);
        TestClient &v9 = visitor(site1);
        QCOMPARE(v9.request({ { "type", "offline.message" }, { "email", "dee@example.com" },
                                { "body", "Call me" } })
                     ->value("type")
                     .toString(),
            QStringLiteral("offline.received"));
        at(300);
        d.conversations = { c1, c2, c3, c4, c5, c6, c7, c8 };
        for (const QString &id : std::as_const(d.conversations))
            QVERIFY(!id.isEmpty());
        d.site1Id = v1.received().first().value("site").toObject().value("id").toString();
        d.site2Id = v8.received().first().value("site").toObject().value("id").toString();
        QVERIFY(!d.site1Id.isEmpty() && d.site1Id != d.site2Id);
    }

    /// Every figure of the scripted day, as GET /api/v1/metrics/queue must give it at 09:05:00.
    void verifyDayReport(const QJsonObject &r)
    {
        const Day &d = m_day;
        QCOMPARE(r.value("from").toInteger(), d.dayStart);
        QCOMPARE(r.value("to").toInteger(), d.dayEnd);
        QCOMPARE(r.value("asOf").toInteger(), d.t0 + 300'000);

        const QJsonObject conversations = r.value("conversations").toObject();
        QCOMPARE(conversations.value("total").toInt(), 8);
        QCOMPARE(conversations.value("closed").toInt(), 5);
        QCOMPARE(conversations.value("open").toInt(), 3);
        QCOMPARE(conversations.value("transferred").toInt(), 1);
        QCOMPARE(conversations.value("reopened").toInt(), 1);
        QCOMPARE(conversations.value("outcomes").toObject(),
            (QJsonObject { { "waiting", 2 }, { "assigned", 0 }, { "answered", 3 },
                { "abandoned", 2 }, { "missed", 1 }, { "offline", 1 } }));

        // Queue waits: C1 20, C2 10, C4 10, C5 0, and still waiting C7 80, C8 10 (C7's reload
        // did not end its wait). Abandoned C3 and C6 have none.
        QJsonObject queueWait = expectedDistribution(6, 10'000, 80'000, 21'667, 80'000);
        queueWait.insert("stillWaiting", 2);
        QCOMPARE(r.value("queueWait").toObject(), queueWait);
        // Abandoned: C3 after 30 s (closed by its visitor), C6 after 15 s (gone for good).
        QCOMPARE(r.value("abandoned").toObject(),
            (QJsonObject { { "count", 2 },
                { "wait", expectedDistribution(2, 15'000, 30'000, 22'500, 30'000) } }));
        QCOMPARE(r.value("missed").toInt(), 1);
        // First responses: C1 30, C2 50, C4 15, C1 after its reopen 12.
        QCOMPARE(r.value("firstResponse").toObject(),
            expectedDistribution(4, 15'000, 50'000, 26'750, 50'000));
        // Responses: C1 10 and 5, C4 10.
        QCOMPARE(r.value("responseTime").toObject(),
            expectedDistribution(3, 10'000, 10'000, 8'333, 10'000));
        // Handling (first assigned → first close): C1 140, C2 210, C5 30.
        QCOMPARE(r.value("handlingTime").toObject(),
            expectedDistribution(3, 140'000, 210'000, 126'667, 210'000));
        // Resolution (created → first close): C1 160, C2 220, C3 30, C5 30, C6 15.
        QCOMPARE(r.value("resolutionTime").toObject(),
            expectedDistribution(5, 30'000, 220'000, 91'000, 220'000));
        // Answered within 30 s: C1 (exactly 30) and C4 of C1–C7; C8 (10 s old) is undecided.
        QCOMPARE(r.value("serviceLevel").toObject(),
            (QJsonObject {
                { "thresholdSeconds", 30 }, { "met", 2 }, { "total", 7 }, { "share", 2.0 / 7 } }));
        QCOMPARE(r.value("rating").toObject(),
            (QJsonObject { { "rated", 2 }, { "good", 1 }, { "bad", 1 }, { "goodShare", 0.5 } }));

        // The chart's series: hours of the day; all eight chats in the 09:00 hour, whose first
        // 300 s have passed. Waiting: C1 20, C2 10, C3 30, C4 10, C5 0, C6 15, C7 80, C8 10 s
        // = 175 s of waiting in 300 s; two at once at most (C1+C2, C6+C7, C7+C8).
        const QJsonObject series = r.value("series").toObject();
        QCOMPARE(series.value("bucket").toString(), QStringLiteral("hour"));
        const QJsonArray points = series.value("points").toArray();
        QCOMPARE(points.size(), (d.dayEnd - d.dayStart) / 3'600'000);
        for (qsizetype i = 0; i < points.size(); ++i) {
            const QJsonObject point = points[i].toObject();
            QCOMPARE(point.value("from").toInteger(), d.dayStart + i * 3'600'000);
            if (i < 9) {
                QCOMPARE(
                    point.value("to").toInteger(), point.value("from").toInteger() + 3'600'000);
                QCOMPARE(point.value("queued").toInt(), 0);
                QCOMPARE(point.value("queueLengthMean").toDouble(-1), 0.0);
                QCOMPARE(point.value("queueLengthMax").toInt(-1), 0);
                QCOMPARE(point.value("queueWait").toObject().value("count").toInt(), 0);
                QVERIFY(point.value("queueWait").toObject().value("medianMs").isNull());
            } else if (i == 9) {
                QCOMPARE(point.value("queued").toInt(), 8);
                QCOMPARE(point.value("queueLengthMean").toDouble(), 175.0 / 300);
                QCOMPARE(point.value("queueLengthMax").toInt(), 2);
                QCOMPARE(
                    point.value("queueWait").toObject(), withoutKey(queueWait, "stillWaiting"));
            } else {
                QVERIFY(point.value("queueLengthMean").isNull()); // not begun at 09:05
                QVERIFY(point.value("queueLengthMax").isNull());
                QCOMPARE(point.value("queued").toInt(), 0);
            }
        }

        const QJsonArray agents = r.value("agents").toArray();
        QCOMPARE(agents.size(), 3);
        QCOMPARE(agents[0].toObject(),
            (QJsonObject { { "id", d.adaId }, { "name", "Ada" }, { "chatsHandled", 2 },
                { "concurrentNow", 1 },
                { "firstResponse", expectedDistribution(3, 30'000, 50'000, 30'667, 50'000) },
                { "rating",
                    QJsonObject {
                        { "rated", 2 }, { "good", 1 }, { "bad", 1 }, { "goodShare", 0.5 } } },
                { "onlineMs", 208'000 }, { "awayMs", 72'000 } }));
        QCOMPARE(agents[1].toObject(),
            (QJsonObject { { "id", d.benId }, { "name", "Ben" }, { "chatsHandled", 1 },
                { "concurrentNow", 0 },
                { "firstResponse", expectedDistribution(1, 15'000, 15'000, 15'000, 15'000) },
                { "rating",
                    QJsonObject { { "rated", 0 }, { "good", 0 }, { "bad", 0 },
                        { "goodShare", QJsonValue() } } },
                { "onlineMs", 85'000 }, { "awayMs", 95'000 } }));
        QCOMPARE(agents[2].toObject().value("name").toString(), QStringLiteral("Cy"));
        QCOMPARE(agents[2].toObject().value("chatsHandled").toInt(), 0);
        QCOMPARE(agents[2].toObject().value("onlineMs").toInteger(), 0);
    }

private slots:
    void initTestCase() { scriptDay(); }

    void restReportHasTheExactFiguresOfTheDay()
    {
        const auto answer
            = get(m_day.server->port(), "/api/v1/metrics/queue?" + rangeQuery(), m_day.adminToken);
        QCOMPARE(answer.status, 200);
        QVERIFY(answer.contentType.startsWith("application/json"));
        verifyDayReport(answer.json());
    }

    void defaultRangeIsTodayAndIsoTimesAreAccepted()
    {
        const quint16 port = m_day.server->port();
        const QJsonObject byMs
            = get(port, "/api/v1/metrics/queue?" + rangeQuery(), m_day.adminToken).json();
        QCOMPARE(get(port, "/api/v1/metrics/queue", m_day.adminToken).json(), byMs);
        const QString from = QDateTime::fromMSecsSinceEpoch(m_day.dayStart).toString(Qt::ISODate);
        const QString to = QDateTime::fromMSecsSinceEpoch(m_day.dayEnd).toString(Qt::ISODate);
        QCOMPARE(get(port, QStringLiteral("/api/v1/metrics/queue?from=%1&to=%2").arg(from, to),
                     m_day.adminToken)
                     .json(),
            byMs);
        // [from, to) : C1 created at 09:00:00.000 is in a range starting then, not in one ending
        // then.
        const QJsonObject before = get(port,
            QStringLiteral("/api/v1/metrics/queue?from=%1&to=%2").arg(m_day.dayStart).arg(m_day.t0),
            m_day.adminToken)
                                       .json();
        QCOMPARE(before.value("conversations").toObject().value("total").toInt(), 0);
        const QJsonObject first = get(port,
            QStringLiteral("/api/v1/metrics/queue?from=%1&to=%2").arg(m_day.t0).arg(m_day.t0 + 1),
            m_day.adminToken)
                                      .json();
        QCOMPARE(first.value("conversations").toObject().value("total").toInt(), 1);
    }

    void filtersNarrowTheConversations()
    {
        const quint16 port = m_day.server->port();
        const QJsonObject site2 = get(port,
            "/api/v1/metrics/queue?" + rangeQuery() + "&site=" + m_day.site2Id, m_day.adminToken)
                                      .json();
        QCOMPARE(site2.value("conversations").toObject().value("total").toInt(), 1);
        QCOMPARE(site2.value("conversations")
                     .toObject()
                     .value("outcomes")
                     .toObject()
                     .value("waiting")
                     .toInt(),
            1);
        QCOMPARE(site2.value("filters").toObject().value("site").toString(), m_day.site2Id);
        const QJsonObject site1 = get(port,
            "/api/v1/metrics/queue?" + rangeQuery() + "&site=" + m_day.site1Id, m_day.adminToken)
                                      .json();
        QCOMPARE(site1.value("conversations").toObject().value("total").toInt(), 7);
        QCOMPARE(site1.value("conversations")
                     .toObject()
                     .value("outcomes")
                     .toObject()
                     .value("offline")
                     .toInt(),
            1);

        const QJsonObject ben = get(port,
            "/api/v1/metrics/queue?" + rangeQuery() + "&agent=" + m_day.benId, m_day.adminToken)
                                    .json();
        QCOMPARE(
            ben.value("conversations").toObject().value("total").toInt(), 1); // C5: C4 went to Ada
        QCOMPARE(ben.value("missed").toInt(), 1);
        QCOMPARE(ben.value("agents").toArray().size(), 1);
        QCOMPARE(ben.value("agents").toArray()[0].toObject().value("onlineMs").toInteger(), 85'000);
    }

    void badParametersAre400()
    {
        const quint16 port = m_day.server->port();
        auto answer = get(port, "/api/v1/metrics/queue?from=yesterday", m_day.adminToken);
        QCOMPARE(answer.status, 400);
        QCOMPARE(answer.json().value("error").toString(), QStringLiteral("invalid_parameter"));
        QCOMPARE(get(port, QStringLiteral("/api/v1/metrics/queue?from=%1&to=%1").arg(m_day.t0),
                     m_day.adminToken)
                     .status,
            400);
        QCOMPARE(get(port, QStringLiteral("/api/v1/metrics/queue?from=0&to=%1").arg(m_day.t0),
                     m_day.adminToken)
                     .status,
            400);
        QCOMPARE(get(port, "/api/v1/metrics/export.csv?to=x", m_day.adminToken).status, 400);
    }

    void nonAdminsGet403AndNoTokenGets401()
    {
        const quint16 port = m_day.server->port();
        for (const char *path : { "/api/v1/metrics/queue", "/api/v1/metrics/export.csv" }) {
            const auto forbidden = get(port, QLatin1String(path), m_day.agentToken);
            QCOMPARE(forbidden.status, 403);
            QCOMPARE(forbidden.json().value("error").toString(), QStringLiteral("forbidden"));
            const auto anonymous = get(port, QLatin1String(path));
            QCOMPARE(anonymous.status, 401);
            QCOMPARE(anonymous.json().value("error").toString(), QStringLiteral("unauthorized"));
            QCOMPARE(get(port, QLatin1String(path), QStringLiteral("not-a-token")).status, 401);
        }
        // The live feed is for admins only: Cy (an agent) got no metrics message at sign-in or
        // since.
        const auto pong = m_day.cy->request({ { "type", "ping" } });
        QVERIFY(pong);
        QCOMPARE(m_day.cy->count([](const QJsonObject &m) {
            return m.value("type").toString().startsWith(u"metrics.");
        }),
            0);
        QVERIFY(m_day.ada->count([](const QJsonObject &m) {
            return m.value("type").toString() == u"metrics.update";
        }) > 0);
    }

    void csvExportHasOneRowPerConversationAndTheSameFigures()
    {
        const quint16 port = m_day.server->port();
        const auto answer
            = get(port, "/api/v1/metrics/export.csv?" + rangeQuery(), m_day.adminToken);
        QCOMPARE(answer.status, 200);
        QVERIFY(answer.contentType.startsWith("text/csv"));
        QVERIFY(answer.body.endsWith("\r\n"));
        const auto rows = csvRows(rangeQuery());
        QCOMPARE(rows.size(), 9); // C1–C8 and the offline message
        for (const QString &id : m_day.conversations)
            QVERIFY(rows.contains(id));
        const auto &c1 = rows[m_day.conversations.at(0)];
        QCOMPARE(c1.value("outcome"), QStringLiteral("answered"));
        QCOMPARE(c1.value("queue_wait_ms"), QStringLiteral("20000"));
        QCOMPARE(c1.value("first_response_ms"), QStringLiteral("30000"));
        QCOMPARE(c1.value("response_times_ms"), QStringLiteral("10000 5000"));
        QCOMPARE(c1.value("reopen_first_response_ms"), QStringLiteral("12000"));
        QCOMPARE(c1.value("handling_ms"), QStringLiteral("140000"));
        QCOMPARE(c1.value("rating"), QStringLiteral("good"));
        QCOMPARE(c1.value("service_level_met"), QStringLiteral("1"));
        const auto &c6 = rows[m_day.conversations.at(5)];
        QCOMPARE(c6.value("outcome"), QStringLiteral("abandoned"));
        QCOMPARE(c6.value("closed_by"), QStringLiteral("server"));
        QCOMPARE(c6.value("abandoned_wait_ms"), QStringLiteral("15000"));
        QCOMPARE(c6.value("queue_wait_ms"), QString());
        QCOMPARE(c6.value("first_assigned_at"), QString());
        const auto &c7 = rows[m_day.conversations.at(6)];
        QCOMPARE(c7.value("outcome"), QStringLiteral("waiting"));
        QCOMPARE(c7.value("still_waiting"), QStringLiteral("1"));
        QCOMPARE(c7.value("queue_wait_ms"), QStringLiteral("80000"));
        verifyCsvMatchesReport(
            rows, get(port, "/api/v1/metrics/queue?" + rangeQuery(), m_day.adminToken).json());
    }

    void csvRowsCarryNamesAndTimesInTheRequestedZone()
    {
        const QTimeZone kolkata("Asia/Kolkata"); // +05:30 all year, unlike the machine's zone
        const auto rows = csvRows(rangeQuery() + "&tz=Asia/Kolkata");
        QCOMPARE(rows.size(), 9);
        const auto &c1 = rows[m_day.conversations.at(0)];
        QCOMPARE(c1.value("visitor_name"), m_day.visitor1Name); // quotes and a comma survive
        QCOMPARE(c1.value("visitor_email"), QStringLiteral("dana@example.com"));
        QCOMPARE(c1.value("site_name"), QStringLiteral("Shop"));
        QCOMPARE(c1.value("site_id"), m_day.site1Id);
        QCOMPARE(c1.value("agent_name"), QStringLiteral("Ada"));
        QCOMPARE(c1.value("agent_id"), m_day.adaId);
        QCOMPARE(c1.value("department_name"), QString());
        QCOMPARE(c1.value("created_at"), QString::number(m_day.t0));
        QCOMPARE(c1.value("created_time"),
            QDateTime::fromMSecsSinceEpoch(m_day.t0, kolkata).toString(Qt::ISODateWithMs));
        QVERIFY(c1.value("created_time").endsWith(u"+05:30"));
        QCOMPARE(c1.value("closed_time"),
            QDateTime::fromMSecsSinceEpoch(m_day.t0 + 160'000, kolkata)
                .toString(Qt::ISODateWithMs));
        QCOMPARE(QDateTime::fromString(c1.value("first_response_time"), Qt::ISODateWithMs)
                     .toMSecsSinceEpoch(),
            m_day.t0 + 30'000);
        const auto &c8 = rows[m_day.conversations.at(7)];
        QCOMPARE(c8.value("site_name"), QStringLiteral("Other shop"));
        QCOMPARE(c8.value("department_id"), m_day.returnsId);
        QCOMPARE(c8.value("department_name"), QStringLiteral("Returns"));
        QCOMPARE(c8.value("agent_name"), QString()); // nobody has it yet
        QCOMPARE(c8.value("closed_time"), QString());
        // The offline message's visitor is known by the email it left.
        bool offlineSeen = false;
        for (const auto &row : rows)
            if (row.value("outcome") == u"offline")
                offlineSeen = row.value("visitor_email") == u"dee@example.com";
        QVERIFY(offlineSeen);

        // Without tz: the server's zone.
        const auto local = csvRows(rangeQuery());
        QCOMPARE(local[m_day.conversations.at(0)].value("created_time"),
            QDateTime::fromMSecsSinceEpoch(m_day.t0, QTimeZone::systemTimeZone())
                .toString(Qt::ISODateWithMs));
        // An unknown zone is a bad parameter.
        const auto bad = get(m_day.server->port(),
            "/api/v1/metrics/export.csv?" + rangeQuery() + "&tz=Mars/Olympus_Mons",
            m_day.adminToken);
        QCOMPARE(bad.status, 400);
        QVERIFY(bad.contentType.startsWith("application/json"));
        QCOMPARE(bad.json().value("error").toString(), QStringLiteral("invalid_parameter"));
        QVERIFY(bad.json().value("message").toString().contains(u"tz"));
    }

    void liveSnapshotEqualsTheReportOfToday()
    {
        TestClient admin;
        QVERIFY(admin.open(m_day.server->port(), "/ws/agent"));
        QVERIFY(admin.login("ada@example.com", TestServer::password()));
        const auto snapshot = admin.waitForType("metrics.snapshot");
        QVERIFY(snapshot);
        QCOMPARE(snapshot->value("at").toInteger(), m_day.t0 + 300'000);
        QCOMPARE(snapshot->value("serviceLevelSeconds").toInt(), 30);
        const QJsonObject now = snapshot->value("now").toObject();
        QCOMPARE(now.value("waiting").toInt(), 2); // C7 and C8
        QCOMPARE(now.value("longestWaitMs").toInteger(), 80'000); // C7, since 09:03:40
        QCOMPARE(now.value("waitingSince").toInteger(), m_day.t0 + 220'000);
        QCOMPARE(now.value("inProgress").toInt(), 1); // C4
        QCOMPARE(now.value("agents").toObject(),
            (QJsonObject { { "online", 0 }, { "away", 2 }, { "offline", 1 } }));
        const QJsonArray team = now.value("team").toArray();
        QCOMPARE(team.size(), 3);
        QCOMPARE(team[0].toObject(),
            (QJsonObject { { "id", m_day.adaId }, { "name", "Ada" }, { "status", "away" },
                { "activeChats", 1 }, { "maxChats", 2 } }));

        const QJsonObject today = snapshot->value("today").toObject();
        verifyDayReport(today);
        QCOMPARE(today,
            get(m_day.server->port(), "/api/v1/metrics/queue?" + rangeQuery(), m_day.adminToken)
                .json());

        // The latest update Ada's session got equals it too.
        QJsonObject latest;
        for (const QJsonObject &m : m_day.ada->received())
            if (m.value("type").toString() == u"metrics.update")
                latest = m;
        QVERIFY(QTest::qWaitFor(
            [&] {
                for (const QJsonObject &m : m_day.ada->received())
                    if (m.value("type").toString() == u"metrics.update")
                        latest = m;
                return latest.value("today").toObject() == today;
            },
            5000));
    }

    void clientsHangingUpMidReportDoNotHarmTheServer()
    {
        // The report and the CSV are answered after store reads; a client that hangs up before
        // then must not make the late answer touch its closed connection. The hang-ups land at
        // every stage: before the request is read, while the session is checked, while the rows
        // are read.
        const quint16 port = m_day.server->port();
        for (const char *path :
            { "/api/v1/metrics/queue?", "/api/v1/metrics/export.csv?", "/healthz?" }) {
            for (int spins = 0; spins < 24; ++spins) {
                QTcpSocket client;
                client.connectToHost(QHostAddress::LocalHost, port);
                QVERIFY(client.waitForConnected(5000));
                client.write(QByteArray("GET ") + path + rangeQuery().toUtf8()
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      "Authorization: Bearer "
                    + m_day.adminToken.toUtf8() + "\r\n\r\n");
                QVERIFY(client.waitForBytesWritten(5000));
                for (int i = 0; i < spins; ++i)
                    QCoreApplication::processEvents();
                client.abort();
            }
        }
        // Every late answer has come back by the time these, queued behind them, are answered.
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(
                get(port, "/api/v1/metrics/queue?" + rangeQuery(), m_day.adminToken).status, 200);
            QCOMPARE(get(port, "/healthz").status, 200);
        }
    }

    void prometheusTextHasTheSameFigures()
    {
        const auto answer = get(m_day.server->port(), "/metrics");
        QCOMPARE(answer.status, 200);
        QVERIFY(answer.contentType.startsWith("text/plain"));
        const QByteArray &text = answer.body;
        const auto value
            = [&text](const char *series) { return promValue(text, series).value_or(-1); };
        QCOMPARE(value("chat_queue_waiting"), 2.0);
        QCOMPARE(value("chat_queue_longest_wait_seconds"), 80.0);
        QCOMPARE(value("chat_conversations_in_progress"), 1.0);
        QCOMPARE(value("chat_agents{status=\"online\"}"), 0.0);
        QCOMPARE(value("chat_agents{status=\"away\"}"), 2.0);
        QCOMPARE(value("chat_agents{status=\"offline\"}"), 1.0);
        QCOMPARE(value("chat_conversations_created_total"), 8.0);
        QCOMPARE(value("chat_conversations_closed_total{outcome=\"answered\"}"), 2.0); // C4 is open
        QCOMPARE(value("chat_conversations_closed_total{outcome=\"missed\"}"), 1.0);
        QCOMPARE(value("chat_conversations_closed_total{outcome=\"abandoned\"}"), 2.0);
        QCOMPARE(value("chat_offline_messages_total"), 1.0);
        QCOMPARE(value("chat_conversations_reopened_total"), 1.0);
        QCOMPARE(value("chat_transfers_total"), 1.0);
        QCOMPARE(value("chat_ratings_total{rating=\"good\"}"), 1.0);
        QCOMPARE(value("chat_ratings_total{rating=\"bad\"}"), 1.0);
        // Histograms hold finished waits: the report's 6 minus the 2 still waiting.
        QCOMPARE(value("chat_queue_wait_seconds_count"), 4.0);
        QCOMPARE(value("chat_queue_wait_seconds_sum"), 40.0);
        QCOMPARE(value("chat_queue_wait_seconds_bucket{le=\"10\"}"), 3.0);
        QCOMPARE(value("chat_queue_wait_seconds_bucket{le=\"+Inf\"}"), 4.0);
        QCOMPARE(value("chat_queue_abandoned_wait_seconds_count"), 2.0);
        QCOMPARE(value("chat_queue_abandoned_wait_seconds_sum"), 45.0);
        QCOMPARE(value("chat_first_response_seconds_count"), 4.0);
        QCOMPARE(value("chat_first_response_seconds_sum"), 107.0);
        // Service level from the histogram: first responses within 30 s (C1, C4 and the reopen).
        QCOMPARE(value("chat_first_response_seconds_bucket{le=\"30\"}"), 3.0);
        QCOMPARE(value("chat_response_seconds_count"), 3.0);
        QCOMPARE(value("chat_response_seconds_sum"), 25.0);
        QCOMPARE(value("chat_handling_seconds_count"), 3.0);
        QCOMPARE(value("chat_handling_seconds_sum"), 380.0);
        QCOMPARE(value("chat_resolution_seconds_count"), 5.0);
        QCOMPARE(value("chat_resolution_seconds_sum"), 455.0);
        QCOMPARE(value("chat_service_level_threshold_seconds"), 30.0);
        // Aggregates only: no agent or visitor ids.
        QVERIFY(!text.contains(m_day.adaId.toUtf8()));
        QVERIFY(!text.contains(m_day.conversations.first().toUtf8()));
    }

    void prometheusTextPassesPromtool()
    {
        const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        if (promtool.isEmpty())
            QSKIP("promtool is not installed (Debian package prometheus; scripts/install-deps.sh "
                  "--test)");
        const auto answer = get(m_day.server->port(), "/metrics");
        QCOMPARE(answer.status, 200);
        QProcess check;
        check.start(promtool, { QStringLiteral("check"), QStringLiteral("metrics") });
        QVERIFY(check.waitForStarted());
        check.write(answer.body);
        check.closeWriteChannel();
        QVERIFY(check.waitForFinished(30000));
        const QByteArray output = check.readAllStandardOutput() + check.readAllStandardError();
        QVERIFY2(check.exitCode() == 0, output.constData());
        QVERIFY2(output.trimmed().isEmpty(), output.constData()); // no lint warnings either
    }

    void fourViewsAgreeMidDayAndAtTheEnd()
    {
        Day &d = m_day;
        // Mid-day (09:05): C7 (reloaded) and C8 wait; C3 and C6 were abandoned.
        QJsonObject rest = verifyViewsAgree();
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(rest.value("asOf").toInteger(), d.t0 + 300'000);
        QCOMPARE(rest.value("queueWait").toObject().value("stillWaiting").toInt(), 2);
        QCOMPARE(rest.value("conversations")
                     .toObject()
                     .value("outcomes")
                     .toObject()
                     .value("abandoned")
                     .toInt(),
            2);

        // 305: Cy comes online and gets C7 (the reloaded visitor: wait 85 s) and C8 (15 s).
        at(305);
        QVERIFY(setPresence(*d.cy, d.cyId, "online"));
        const QString c7 = d.conversations.at(6);
        const QString c8 = d.conversations.at(7);
        for (const QString &id : { c7, c8 })
            QVERIFY(d.cy->waitFor([&id](const QJsonObject &m) {
                const QJsonObject conversation = m.value("conversation").toObject();
                return conversation.value("id").toString() == id
                    && conversation.value("status").toString() == u"assigned";
            }));
        QVERIFY(d.v7->waitFor([](const QJsonObject &m) {
            return m.value("conversation").toObject().value("status").toString() == u"assigned";
        }));
        // 310: Cy answers C7 (first response 90 s); 315: C1 is rated again, bad this time.
        at(310);
        QVERIFY(say(*d.cy, c7, "Sorry for the wait"));
        at(315);
        QCOMPARE(
            d.v1->request({ { "type", "conversation.rate" },
                              { "conversationId", d.conversations.at(0) }, { "rating", "bad" } })
                ->value("type")
                .toString(),
            QStringLiteral("conversation.updated"));
        // 330: Cy closes C7 (answered) and C8 without a word (missed); 340: Ada closes C4.
        at(330);
        QVERIFY(close(*d.cy, c7));
        QVERIFY(close(*d.cy, c8));
        at(340);
        QVERIFY(close(*d.ada, d.conversations.at(3)));
        at(350);

        // The end of the day: nobody waits, every chat is closed.
        rest = verifyViewsAgree();
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(rest.value("conversations").toObject().value("outcomes").toObject(),
            (QJsonObject { { "waiting", 0 }, { "assigned", 0 }, { "answered", 4 },
                { "abandoned", 2 }, { "missed", 2 }, { "offline", 1 } }));
        // Queue waits: C1 20, C2 10, C4 10, C5 0, C7 85, C8 15.
        QJsonObject queueWait = expectedDistribution(6, 10'000, 85'000, 23'333, 85'000);
        queueWait.insert("stillWaiting", 0);
        QCOMPARE(rest.value("queueWait").toObject(), queueWait);
        QCOMPARE(rest.value("abandoned").toObject().value("count").toInt(), 2);
        // The last rating counts: C1 bad, C2 bad.
        const QJsonObject rating = rest.value("rating").toObject();
        QCOMPARE(rating.value("rated").toInt(), 2);
        QCOMPARE(rating.value("bad").toInt(), 2);
        QCOMPARE(rating.value("goodShare").toDouble(-1), 0.0);
        const QByteArray prom = get(d.server->port(), "/metrics").body;
        QCOMPARE(promValue(prom, "chat_ratings_total{rating=\"good\"}"), 1.0); // every rating given
        QCOMPARE(promValue(prom, "chat_ratings_total{rating=\"bad\"}"), 2.0);
        QCOMPARE(promValue(prom, "chat_conversations_closed_total{outcome=\"abandoned\"}"), 2.0);
        QCOMPARE(promValue(prom, "chat_queue_waiting"), 0.0);
        const auto rows = csvRows(rangeQuery());
        QCOMPARE(rows[c7].value("outcome"), QStringLiteral("answered"));
        QCOMPARE(rows[c7].value("queue_wait_ms"), QStringLiteral("85000"));
        QCOMPARE(rows[c7].value("agent_name"), QStringLiteral("Cy"));
    }

    void storedFactsAreTheEventsLogFoldedAgain()
    {
        // C1–C6 (created before 09:03:40): their figures are settled; a shutdown disconnects
        // every visitor.
        const QString settled
            = QStringLiteral("from=%1&to=%2").arg(m_day.dayStart).arg(m_day.t0 + 220'000);
        const QJsonObject before
            = get(m_day.server->port(), "/api/v1/metrics/queue?" + settled, m_day.adminToken)
                  .json();
        QCOMPARE(before.value("conversations").toObject().value("total").toInt(), 6);
        m_day.server->stop();
        m_day.ada.reset();
        m_day.ben.reset();
        m_day.cy.reset();
        m_day.visitors.clear();
        {
            // Reproducible: folding the whole events log from scratch gives the stored rows
            // exactly.
            SqlStore store(m_day.server->databasePath());
            QVERIFY(!store.open());
            QList<ConversationFacts> incremental;
            QList<ConversationFacts> rebuilt;
            QVERIFY(store.runBlocking([&](QSqlDatabase &db) {
                FactTable facts(db);
                incremental = facts.listLive(0);
                return facts.rebuild() && !(rebuilt = facts.listLive(0)).isEmpty();
            }));
            const auto byId = [](const ConversationFacts &a, const ConversationFacts &b) {
                return a.conversationId < b.conversationId;
            };
            std::sort(incremental.begin(), incremental.end(), byId);
            std::sort(rebuilt.begin(), rebuilt.end(), byId);
            QCOMPARE(incremental.size(), 9);
            QVERIFY(incremental == rebuilt);
        }
        // After a restart: the same figures from the stored facts, and the live feed agrees.
        QVERIFY(m_day.server->start(m_day.clock.get()));
        TestClient admin;
        QVERIFY(admin.open(m_day.server->port(), "/ws/agent"));
        const auto auth = admin.login("ada@example.com", TestServer::password());
        QVERIFY(auth);
        const QString token = auth->value("sessionToken").toString();
        const auto snapshot = admin.waitForType("metrics.snapshot");
        QVERIFY(snapshot);
        QCOMPARE(
            get(m_day.server->port(), "/api/v1/metrics/queue?" + settled, token).json(), before);
        QCOMPARE(snapshot->value("today").toObject(),
            get(m_day.server->port(), "/api/v1/metrics/queue?" + rangeQuery(), token).json());
    }
};

QTEST_MAIN(TestMetrics)
#include "tst_metrics.moc"
