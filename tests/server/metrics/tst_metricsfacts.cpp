#include <http/metricsroutes.h>
#include <metrics/conversationfacts.h>
#include <metrics/distribution.h>
#include <metrics/factscsv.h>
#include <metrics/histogram.h>
#include <metrics/presencetime.h>
#include <metrics/prometheustext.h>
#include <metrics/queuemetrics.h>

#include <QtTest>

// The pure core of the queue metrics: the fold of one conversation's events into its facts,
// nearest-rank distributions, time online, the Prometheus text and the query parameters.
class TestMetricsFacts : public QObject
{
    Q_OBJECT

    /// Event times are seconds after `base` (0 means "not yet" in the facts).
    static constexpr qint64 base = 1'700'000'000'000;
    static qint64 t(qint64 seconds) { return base + seconds * 1000; }

    static ConversationEvent event(EventType type, qint64 atSeconds, const QString &agent = {},
        const QJsonObject &payload = {})
    {
        return ConversationEvent { QStringLiteral("c"), type, agent, payload, t(atSeconds) };
    }
    static ConversationEvent message(
        const QString &role, qint64 atSeconds, const QString &agent = {}, bool internal = false)
    {
        return event(EventType::Message, atSeconds, agent,
            { { "role", role }, { "internal", internal }, { "seq", 1 } });
    }
    static ConversationFacts fold(const QList<ConversationEvent> &events)
    {
        ConversationFacts facts;
        for (const ConversationEvent &e : events)
            facts.apply(e);
        return facts;
    }

private slots:
    void answeredConversationHasEveryDuration()
    {
        const ConversationFacts f = fold({ event(EventType::Created, 100),
            event(EventType::Queued, 100),
            event(EventType::Assigned, 112, "a1", { { "how", "auto" } }), message("visitor", 113),
            message("agent", 120, "a1", true), message("agent", 125, "a1"), message("visitor", 130),
            message("visitor", 131), message("agent", 140, "a1"),
            event(EventType::Closed, 200, "a1", { { "by", "agent" } }) });
        QCOMPARE(f.outcome(), Outcome::Answered);
        QCOMPARE(f.queueWaitMs(t(300)), 12'000);
        QCOMPARE(f.firstResponseMs(), 25'000); // the note at 120 does not count
        QCOMPARE(f.responseTimes, (QList<qint64> { 10'000 })); // 130 waits, 131 waits with it
        QCOMPARE(f.handlingMs(), 88'000);
        QCOMPARE(f.resolutionMs(), 100'000);
        QCOMPARE(f.internalNotes, 1);
        QCOMPARE(f.agentMessages, 2);
        QCOMPARE(f.agentId, QStringLiteral("a1"));
        QCOMPARE(f.serviceLevelMet(t(300), 30'000), true);
        QCOMPARE(f.serviceLevelMet(t(300), 20'000), false);
    }

    void stillWaitingCountsItsWaitSoFar()
    {
        const ConversationFacts f
            = fold({ event(EventType::Created, 100), event(EventType::Queued, 100) });
        QCOMPARE(f.outcome(), Outcome::Waiting);
        QVERIFY(f.stillWaiting());
        QCOMPARE(f.queueWaitMs(t(145)), 45'000);
        QCOMPARE(f.serviceLevelMet(t(120), 30'000), std::nullopt); // undecided for 30 s
        QCOMPARE(f.serviceLevelMet(t(131), 30'000), false);
        QCOMPARE(f.inQueueSince, t(100));
    }

    void visitorClosingWhileWaitingAbandons()
    {
        const ConversationFacts closed = fold({ event(EventType::Created, 0),
            event(EventType::Queued, 0),
            event(EventType::Closed, 40, {}, { { "by", "visitor" }, { "whileQueued", true } }) });
        QCOMPARE(closed.outcome(), Outcome::Abandoned);
        QCOMPARE(closed.abandonedWaitMs(), 40'000);
        QCOMPARE(closed.queueWaitMs(t(100)), std::nullopt);

        // An agent closing a waiting chat is not the visitor abandoning it: missed.
        const ConversationFacts byAgent = fold({ event(EventType::Created, 0),
            event(EventType::Queued, 0),
            event(EventType::Closed, 40, "a1", { { "by", "agent" }, { "whileQueued", true } }) });
        QCOMPARE(byAgent.outcome(), Outcome::Missed);
        QCOMPARE(byAgent.abandonedWaitMs(), std::nullopt);
    }

    void visitorGoneForGoodAbandonsWhenTheServerClosesTheChat()
    {
        // The visitor's grace period runs: still waiting, like the queue says.
        const ConversationFacts graceRunning
            = fold({ event(EventType::Created, 0), event(EventType::Queued, 0) });
        QCOMPARE(graceRunning.outcome(), Outcome::Waiting);

        // Gone past the grace period: visitor_left, then the server closes the chat.
        const ConversationFacts gone = fold({ event(EventType::Created, 0),
            event(EventType::Queued, 0), event(EventType::VisitorLeft, 70),
            event(EventType::Closed, 70, {},
                { { "by", "server" }, { "reason", "visitor_left" }, { "whileQueued", true } }) });
        QCOMPARE(gone.outcome(), Outcome::Abandoned);
        QCOMPARE(gone.closedBy, QStringLiteral("server"));
        QCOMPARE(gone.abandonedWaitMs(), 70'000);
        QCOMPARE(gone.queueWaitMs(t(100)), std::nullopt); // abandoned chats have no queue wait
        QVERIFY(!gone.stillWaiting());
        QCOMPARE(gone.handlingMs(), std::nullopt);
        QCOMPARE(gone.resolutionMs(), 70'000);
        QCOMPARE(gone.serviceLevelMet(t(100), 30'000), false);

        // The close alone (no visitor_left before it) says the same.
        const ConversationFacts closeOnly = fold({ event(EventType::Created, 0),
            event(EventType::Queued, 0),
            event(EventType::Closed, 65, {},
                { { "by", "server" }, { "reason", "visitor_left" }, { "whileQueued", true } }) });
        QCOMPARE(closeOnly.outcome(), Outcome::Abandoned);
        QCOMPARE(closeOnly.abandonedWaitMs(), 65'000);

        // The server closing for another reason is not the visitor's doing.
        const ConversationFacts otherReason = fold({ event(EventType::Created, 0),
            event(EventType::Queued, 0),
            event(EventType::Closed, 65, {}, { { "by", "server" }, { "whileQueued", true } }) });
        QCOMPARE(otherReason.outcome(), Outcome::Missed);
    }

    void visitorLeftFollowedByAnAssignmentIsNotAbandoned()
    {
        // Older logs: a reload while queued logged visitor_left, and an agent took the chat later.
        const ConversationFacts left = fold({ event(EventType::Created, 0),
            event(EventType::Queued, 0), event(EventType::VisitorLeft, 8) });
        QCOMPARE(left.outcome(), Outcome::Waiting); // still queued: it waits, whatever the log says
        QVERIFY(left.stillWaiting());
        QCOMPARE(left.queueWaitMs(t(30)), 30'000);

        const ConversationFacts assigned = fold({ event(EventType::Created, 0),
            event(EventType::Queued, 0), event(EventType::VisitorLeft, 8),
            event(EventType::Assigned, 20, "a1", { { "how", "auto" } }) });
        QCOMPARE(assigned.outcome(), Outcome::Assigned);
        QCOMPARE(assigned.queueWaitMs(t(100)), 20'000);
        QCOMPARE(assigned.abandonedWaitMs(), std::nullopt);

        // Assigned, never answered, closed: missed, not abandoned.
        const ConversationFacts missed = fold({ event(EventType::Created, 0),
            event(EventType::Queued, 0), event(EventType::VisitorLeft, 8),
            event(EventType::Assigned, 20, "a1", { { "how", "auto" } }),
            event(EventType::Closed, 90, "a1", { { "by", "agent" } }) });
        QCOMPARE(missed.outcome(), Outcome::Missed);
        QCOMPARE(missed.abandonedAt, 0);
        QCOMPARE(missed.handlingMs(), 70'000);

        const ConversationFacts back = fold({ event(EventType::Created, 0),
            event(EventType::Queued, 0), event(EventType::VisitorLeft, 8),
            event(EventType::Assigned, 20, "a1"), message("agent", 22, "a1") });
        QCOMPARE(back.outcome(), Outcome::Answered);

        // Older logs also left a gone visitor's chat queued until someone closed it: abandoned
        // when the visitor left.
        const ConversationFacts lingered = fold({ event(EventType::Created, 0),
            event(EventType::Queued, 0), event(EventType::VisitorLeft, 8),
            event(EventType::Closed, 400, "a1", { { "by", "agent" }, { "whileQueued", true } }) });
        QCOMPARE(lingered.outcome(), Outcome::Abandoned);
        QCOMPARE(lingered.abandonedWaitMs(), 8'000);

        // Requeued after an assignment: waiting again, but no longer "in queue" for abandonment.
        const ConversationFacts requeued = fold({ event(EventType::Created, 0),
            event(EventType::Queued, 0), event(EventType::Assigned, 5, "a1"),
            event(EventType::Requeued, 60, "a1", { { "reason", "agent_gone" } }),
            event(EventType::VisitorLeft, 70) });
        QCOMPARE(requeued.outcome(), Outcome::Assigned);
        QCOMPARE(requeued.requeues, 1);
        QCOMPARE(requeued.inQueueSince, t(60));
    }

    void reopenStartsANewFirstResponseButNotANewClose()
    {
        const ConversationFacts f = fold({ event(EventType::Created, 0),
            event(EventType::Queued, 0), event(EventType::Assigned, 0, "a1"),
            event(EventType::Closed, 50, "a1", { { "by", "agent" } }),
            event(EventType::Reopened, 100, "a2"), message("agent", 107, "a2"),
            message("visitor", 110), message("agent", 111, "a2"),
            event(EventType::Closed, 200, "a2", { { "by", "agent" } }) });
        QCOMPARE(f.outcome(), Outcome::Missed); // no reply before the first close
        QCOMPARE(f.closedAt, t(50));
        QCOMPARE(f.handlingMs(), 50'000);
        QCOMPARE(f.agentId, QStringLiteral("a1"));
        QCOMPARE(f.reopens, 1);
        QCOMPARE(f.reopenResponses, (QList<ReopenResponse> { { 7'000, QStringLiteral("a2") } }));
        QCOMPARE(f.responseTimes, (QList<qint64> { 1'000 }));
        QVERIFY(!f.open);
    }

    void transfersMoveTheHandlingAgentAndDepartment()
    {
        ConversationFacts f = fold({ event(EventType::Created, 0), event(EventType::Queued, 0),
            event(EventType::Assigned, 1, "a1"),
            event(EventType::Transferred, 10, "a2",
                { { "from", "a1" }, { "to", "a2" }, { "by", "a1" } }) });
        QCOMPARE(f.agentId, QStringLiteral("a2"));
        QCOMPARE(f.transfers, 1);
        f.apply(event(EventType::Transferred, 20, {},
            { { "from", "a2" }, { "toDepartment", "d9" }, { "by", "a2" } }));
        QCOMPARE(f.departmentId, QStringLiteral("d9"));
        QCOMPARE(f.currentAgentId, QString());
        QCOMPARE(f.inQueueSince, t(20));
        QCOMPARE(f.firstAssignedAt, t(1)); // the queue wait ended at the first assignment
    }

    void offlineMessagesAreNotChats()
    {
        const ConversationFacts f
            = fold({ event(EventType::Created, 0, {}, { { "offline", true } }),
                event(EventType::Closed, 0, {}, { { "by", "visitor" }, { "offline", true } }),
                message("visitor", 0) });
        QCOMPARE(f.outcome(), Outcome::Offline);
        QCOMPARE(f.resolutionMs(), std::nullopt);
        QCOMPARE(f.serviceLevelMet(t(100), 30'000), std::nullopt);
        QueueMetrics metrics(MetricsQuery { t(0), t(1000), {}, {}, {}, t(10), 30'000 });
        ConversationFacts row = f;
        metrics.add(row);
        const QueueReport report = metrics.finish({}, {});
        QCOMPARE(report.conversations, 0);
        QCOMPARE(report.count(Outcome::Offline), 1);
    }

    void slicesMergeIntoTheSameReport()
    {
        // A range read in parallel halves gives the report of one read.
        const MetricsQuery query { t(0), t(100'000), {}, {}, {}, t(100'000), 30'000 };
        QList<ConversationFacts> rows;
        for (int i = 0; i < 40; ++i) {
            const qint64 start = i * 1000;
            const QString agent = QStringLiteral("a%1").arg(i % 3);
            QList<ConversationEvent> events { event(EventType::Created, start),
                event(EventType::Queued, start) };
            if (i % 5 != 0) {
                events += { event(EventType::Assigned, start + i % 7, agent),
                    message("visitor", start + 10), message("agent", start + 12 + i, agent),
                    message("visitor", start + 60), message("agent", start + 61 + i % 4, agent) };
                if (i % 2)
                    events += { event(EventType::Closed, start + 300, agent, { { "by", "agent" } }),
                        event(EventType::Rated, start + 310, agent,
                            { { "rating", i % 4 == 1 ? "good" : "bad" } }) };
            } else if (i % 10 == 0) {
                events += event(EventType::Closed, start + 20, {},
                    { { "by", "visitor" }, { "whileQueued", true } });
            }
            rows.append(fold(events));
        }
        QueueMetrics whole(query);
        QueueMetrics first(query);
        QueueMetrics second(query);
        for (qsizetype i = 0; i < rows.size(); ++i) {
            whole.add(rows[i]);
            (i < 17 ? first : second).add(rows[i]);
        }
        first.merge(second);
        const QList<PresenceChange> presence { { "a1", Presence::Online, t(5) } };
        const QList<AgentView> team;
        QCOMPARE(first.finish(presence, team).toJson(), whole.finish(presence, team).toJson());
    }

    void queueSeriesFollowsEachWaitAcrossTheBuckets()
    {
        // Three hours; A waits 00:30–01:30, B 00:50–01:10 (then leaves), C is assigned at once,
        // D queues at 02:00 exactly and still waits at the end.
        const qint64 hour = 3600;
        const MetricsQuery query { t(0), t(3 * hour), {}, {}, {}, t(3 * hour), 30'000 };
        const QList<ConversationFacts> rows { fold({ event(EventType::Created, 1800),
                                                  event(EventType::Queued, 1800),
                                                  event(EventType::Assigned, 5400, "a1") }),
            fold({ event(EventType::Created, 3000), event(EventType::Queued, 3000),
                event(EventType::Closed, 4200, {},
                    { { "by", "visitor" }, { "whileQueued", true } }) }),
            fold({ event(EventType::Created, 4000), event(EventType::Queued, 4000),
                event(EventType::Assigned, 4000, "a1") }),
            fold({ event(EventType::Created, 2 * hour), event(EventType::Queued, 2 * hour) }) };
        QueueMetrics metrics(query);
        for (const ConversationFacts &row : rows)
            metrics.add(row);
        const QueueReport report = metrics.finish({}, {});
        QCOMPARE(report.seriesBucket, QStringLiteral("hour"));
        QCOMPARE(report.series.size(), 3);
        const QueuePoint &first = report.series[0];
        QCOMPARE(first.from, t(0));
        QCOMPARE(first.to, t(hour));
        QCOMPARE(first.queued, 2);
        QCOMPARE(*first.queueLengthMean, 2400.0 / 3600); // A 30 min + B 10 min
        QCOMPARE(*first.queueLengthMax, 2);
        QCOMPARE(first.queueWait.count, 1); // A's hour; B left without a wait that counts
        QCOMPARE(first.queueWait.medianMs, hour * 1000);
        const QueuePoint &second = report.series[1];
        QCOMPARE(second.queued, 1);
        QCOMPARE(*second.queueLengthMean, 2400.0 / 3600); // A 30 min + B 10 min; C none
        QCOMPARE(*second.queueLengthMax, 2);
        QCOMPARE(second.queueWait.count, 1);
        QCOMPARE(second.queueWait.maxMs, 0);
        const QueuePoint &third = report.series[2];
        QCOMPARE(third.to, t(3 * hour));
        QCOMPARE(*third.queueLengthMean, 1.0);
        QCOMPARE(*third.queueLengthMax, 1);
        QCOMPARE(third.queueWait.medianMs, hour * 1000); // D so far

        // Buckets not begun yet have no queue length; longer ranges are charted by local day.
        QueueSeries future(t(0), t(3 * hour), t(hour + 60));
        for (const ConversationFacts &row : rows)
            future.add(row);
        const QList<QueuePoint> soFar = future.finish();
        QCOMPARE(*soFar[1].queueLengthMean, 2.0); // its first minute: A and B both waited it all
        QVERIFY(!soFar[2].queueLengthMean && !soFar[2].queueLengthMax);
        QueueSeries days(t(0), t(0) + 3 * 24 * hour * 1000 + 1, t(0));
        QCOMPARE(days.bucketName(), QStringLiteral("day"));
        const QList<QueuePoint> dayPoints = days.finish();
        QVERIFY(dayPoints.size() >= 3 && dayPoints.size() <= 5);
        QCOMPARE(dayPoints.first().from, t(0));
        QCOMPARE(dayPoints.last().to, t(0) + 3 * 24 * hour * 1000 + 1);
        for (qsizetype i = 1; i < dayPoints.size(); ++i) {
            QCOMPARE(dayPoints[i].from, dayPoints[i - 1].to);
            QCOMPARE(dayPoints[i].from, localDayStart(dayPoints[i].from));
        }
    }

    void distributionsUseNearestRank()
    {
        QList<qint64> none;
        QCOMPARE(Distribution::of(none).count, 0);
        QCOMPARE(Distribution::of(none).toJson().value("medianMs"), QJsonValue());
        QList<qint64> ten { 10, 1, 9, 2, 8, 3, 7, 4, 6, 5 };
        const Distribution d = Distribution::of(ten);
        QCOMPARE(d.count, 10);
        QCOMPARE(d.medianMs, 5); // rank ceil(5) = 5: the lower middle
        QCOMPARE(d.p90Ms, 9); // rank 9
        QCOMPARE(d.maxMs, 10);
        QCOMPARE(d.meanMs, 6); // 5.5 rounds half away from zero
        QList<qint64> one { 42 };
        QCOMPARE(Distribution::of(one).p90Ms, 42);
        QList<qint64> eleven { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
        QCOMPARE(Distribution::of(eleven).p90Ms, 10); // rank ceil(9.9) = 10
    }

    void presenceTimeIsClippedToTheRange()
    {
        const QList<PresenceChange> changes { { "a1", Presence::Online,
                                                  50 }, // before: online at 100
            { "a1", Presence::Away, 150 }, { "a1", Presence::Offline, 170 },
            { "a2", Presence::Online, 180 }, { "a2", Presence::Away, 260 } };
        const auto totals = presenceTotals(changes, 100, 250);
        QCOMPARE(totals.value("a1").onlineMs, 50);
        QCOMPARE(totals.value("a1").awayMs, 20);
        QCOMPARE(totals.value("a2").onlineMs, 70);
        QCOMPARE(totals.value("a2").awayMs, 0);
    }

    void prometheusHistogramIsCumulative()
    {
        Histogram h(Histogram::responseBounds(25));
        QVERIFY(h.bounds().contains(25));
        for (qint64 ms : { 0, 5'000, 25'000, 25'001, 4'000'000 })
            h.observe(ms);
        PrometheusText text;
        text.histogram("chat_x_seconds", "X.", h);
        const QByteArray out = text.text();
        QVERIFY(out.startsWith("# HELP chat_x_seconds X.\n# TYPE chat_x_seconds histogram\n"));
        QVERIFY(out.contains("chat_x_seconds_bucket{le=\"1\"} 1\n"));
        QVERIFY(out.contains("chat_x_seconds_bucket{le=\"25\"} 3\n"));
        QVERIFY(out.contains("chat_x_seconds_bucket{le=\"30\"} 4\n"));
        QVERIFY(out.contains("chat_x_seconds_bucket{le=\"3600\"} 4\n"));
        QVERIFY(out.contains("chat_x_seconds_bucket{le=\"+Inf\"} 5\n"));
        QVERIFY(out.contains("chat_x_seconds_sum 4055.001\n"));
        QVERIFY(out.contains("chat_x_seconds_count 5\n"));
    }

    void queryParametersAreParsedAtTheEdge()
    {
        const qint64 now = localDayStart(1'700'000'000'000) + 3'600'000;
        const auto defaults
            = std::get<MetricsQuery>(MetricsRoutes::parseQuery(QUrlQuery(), now, 30'000));
        QCOMPARE(defaults.from, localDayStart(now));
        QCOMPARE(defaults.to, localNextDayStart(now));
        QCOMPARE(defaults.asOf, now);
        const auto ms = std::get<MetricsQuery>(MetricsRoutes::parseQuery(
            QUrlQuery("from=1000&to=2000&site=s1&agent=a1"), now, 30'000));
        QCOMPARE(ms.from, 1000);
        QCOMPARE(ms.to, 2000);
        QCOMPARE(ms.siteId, QStringLiteral("s1"));
        QCOMPARE(ms.agentId, QStringLiteral("a1"));
        const auto iso = std::get<MetricsQuery>(MetricsRoutes::parseQuery(
            QUrlQuery("from=2024-05-01T00:00:00Z&to=2024-05-02T00:00:00.000Z"), now, 30'000));
        QCOMPARE(iso.from, 1714521600000);
        QCOMPARE(iso.to - iso.from, 86'400'000);
        const auto date = std::get<MetricsQuery>(
            MetricsRoutes::parseQuery(QUrlQuery("from=2024-05-01&to=2024-05-03"), now, 30'000));
        QCOMPARE(date.from, QDate(2024, 5, 1).startOfDay().toMSecsSinceEpoch());
        QVERIFY(std::holds_alternative<MetricsRoutes::QueryError>(
            MetricsRoutes::parseQuery(QUrlQuery("from=soon"), now, 30'000)));
        QVERIFY(std::holds_alternative<MetricsRoutes::QueryError>(
            MetricsRoutes::parseQuery(QUrlQuery("from=5&to=5"), now, 30'000)));
        QVERIFY(std::holds_alternative<MetricsRoutes::QueryError>(MetricsRoutes::parseQuery(
            QUrlQuery("from=0&to=" + QString::number(367LL * 86'400'000)), now, 30'000)));
    }

    void timeZoneParameterIsAnIanaName()
    {
        const auto berlin = MetricsRoutes::parseZone(QUrlQuery("tz=Europe/Berlin"));
        QCOMPARE(std::get<QTimeZone>(berlin).id(), QByteArray("Europe/Berlin"));
        QCOMPARE(std::get<QTimeZone>(MetricsRoutes::parseZone(QUrlQuery())),
            QTimeZone::systemTimeZone());
        for (const char *bad : { "tz=Mars/Olympus", "tz=Europe%2FBerlin%3B", "tz=%2B02%3A00x" })
            QVERIFY2(std::holds_alternative<MetricsRoutes::QueryError>(
                         MetricsRoutes::parseZone(QUrlQuery(bad))),
                bad);
    }

    void csvRowsMatchTheHeader()
    {
        ConversationFacts f = fold({ event(EventType::Created, 0), event(EventType::Queued, 0),
            event(EventType::Assigned, 3, "a,1"), message("agent", 4, "a,1") });
        f.conversationId = QStringLiteral("c1");
        const ConversationNames names { QStringLiteral("Dana \"Keyboard\""),
            QStringLiteral("dana@example.com"), QStringLiteral("Shop"), QStringLiteral("Sales"),
            QStringLiteral("Ada") };
        const QByteArray header = FactsCsv::header();
        const QByteArray row = FactsCsv::row(f, names, t(10), 30'000, QTimeZone("Asia/Kolkata"));
        QVERIFY(header.endsWith("\r\n") && row.endsWith("\r\n"));
        QVERIFY(row.contains("\"a,1\"")); // quoted when it needs to be
        QVERIFY(row.contains(",\"Dana \"\"Keyboard\"\"\",dana@example.com,Shop,Sales,Ada,"));
        // base = 2023-11-14T22:13:20Z; Kolkata is UTC+05:30.
        QVERIFY(row.contains(",2023-11-15T03:43:20.000+05:30,2023-11-15T03:43:20.000+05:30,2023-11-"
                             "15T03:43:23.000+05:30,"
                             "2023-11-15T03:43:24.000+05:30,\r\n"));
        QCOMPARE(header.count(','), 38);
        QCOMPARE(row.count(',') - 2, 38); // two commas inside the quoted ids
    }

    void csvNamesNeverRunAsFormulas()
    {
        ConversationFacts f = fold({ event(EventType::Created, 0), event(EventType::Queued, 0) });
        f.conversationId = QStringLiteral("c1");
        const ConversationNames names { QStringLiteral("=HYPERLINK(\"http://evil.example\",\"x\")"),
            QStringLiteral("@sum(1)"), QStringLiteral("+Shop"), QStringLiteral("-Sales"),
            QStringLiteral("Ada") };
        const QByteArray row = FactsCsv::row(f, names, t(10), 30'000, QTimeZone::utc());
        QVERIFY(row.contains(",\"'=HYPERLINK(\"\"http://"
                             "evil.example\"\",\"\"x\"\")\",'@sum(1),'+Shop,'-Sales,Ada,"));
    }
};

QTEST_MAIN(TestMetricsFacts)
#include "tst_metricsfacts.moc"
