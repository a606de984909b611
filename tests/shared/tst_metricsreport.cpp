#include <protocol/metricsreport.h>

#include <QJsonDocument>
#include <QtTest>

// The metrics wire types: what the server encodes, the agent app decodes to the same value,
// through the bytes of a frame. Figures the server does not have are null on the wire and
// empty after decoding.
class TestMetricsReport : public QObject
{
    Q_OBJECT

    /// Encodes to a compact frame and parses it back, as the wire does.
    static QJsonObject throughWire(const QJsonObject &o)
    {
        return QJsonDocument::fromJson(QJsonDocument(o).toJson(QJsonDocument::Compact)).object();
    }
    template <typename T> static T roundTrip(const T &value)
    {
        return T::fromJson(throughWire(value.toJson()));
    }

    static Metrics::Durations durations(int count, qint64 base)
    {
        Metrics::Durations d;
        d.count = count;
        d.medianMs = base;
        d.p90Ms = base * 3;
        d.meanMs = base * 2;
        d.maxMs = base * 5;
        return d;
    }

    static Metrics::Ratings ratings(int good, int bad)
    {
        Metrics::Ratings r { good + bad, good, bad, std::nullopt };
        if (r.rated > 0)
            r.goodShare = double(good) / r.rated;
        return r;
    }

    static Metrics::Report report()
    {
        Metrics::Report r;
        r.from = 1'700'000'000'000;
        r.to = r.from + 86'400'000;
        r.asOf = r.from + 3'600'000;
        r.siteId = QStringLiteral("site-1");
        r.agentId = QStringLiteral("agent-1"); // the department filter stays empty
        r.conversations = 12;
        r.closed = 9;
        r.open = 3;
        r.transferred = 2;
        r.reopened = 1;
        r.waiting = 1;
        r.assigned = 2;
        r.answered = 6;
        r.abandoned = 2;
        r.missed = 1;
        r.offline = 4;
        r.queueWait = durations(10, 4'000);
        r.stillWaiting = 1;
        r.abandonedWait = durations(2, 30'000);
        r.firstResponse = durations(8, 12'000);
        r.responseTime = durations(20, 9'000);
        r.handlingTime = durations(9, 300'000);
        r.resolutionTime = durations(9, 320'000);
        r.serviceLevel = { 30, 7, 10, 0.7 };
        r.rating = ratings(3, 1);
        Metrics::AgentFigures ada { QStringLiteral("agent-1"), QStringLiteral("Ada"), 6, 2,
            durations(6, 11'000), ratings(3, 1), 3'000'000, 600'000 };
        Metrics::AgentFigures ben { QStringLiteral("agent-2"), QStringLiteral("Ben"), 0, 0, {},
            ratings(0, 0), 0, 0 };
        r.agents = { ada, ben };
        r.seriesBucket = QStringLiteral("hour");
        Metrics::SeriesPoint begun { r.from, r.from + 3'600'000, 5, 0.75, 2.0,
            durations(5, 4'000) };
        Metrics::SeriesPoint notBegun { r.from + 3'600'000, r.from + 7'200'000, 0, std::nullopt,
            std::nullopt, {} };
        r.series = { begun, notBegun };
        return r;
    }

    static Metrics::Now now()
    {
        Metrics::Now n;
        n.waiting = 2;
        n.waitingSince = 1'700'000'100'000;
        n.longestWaitMs = 42'000;
        n.inProgress = 3;
        n.agentsOnline = 1;
        n.agentsAway = 1;
        n.agentsOffline = 0;
        n.team = { { QStringLiteral("agent-1"), QStringLiteral("Ada"), Presence::Online, 2, 4 },
            { QStringLiteral("agent-2"), QStringLiteral("Ben"), Presence::Away, 1, 3 } };
        return n;
    }

private slots:
    void durationsSurviveTheWire()
    {
        const Metrics::Durations d = durations(7, 1'500);
        QCOMPARE(roundTrip(d), d);
    }

    void durationsWithoutSamplesSendNullTimes()
    {
        const Metrics::Durations none;
        const QJsonObject json = none.toJson();
        QCOMPARE(json.value("count").toInt(-1), 0);
        for (const char *key : { "medianMs", "p90Ms", "meanMs", "maxMs" })
            QVERIFY2(json.value(QLatin1String(key)).isNull(), key);
        QCOMPARE(roundTrip(none), none);
    }

    void ratingsSurviveTheWireWithAndWithoutAShare()
    {
        QCOMPARE(roundTrip(ratings(3, 1)), ratings(3, 1));
        const Metrics::Ratings unrated = ratings(0, 0);
        QVERIFY(unrated.toJson().value("goodShare").isNull());
        QCOMPARE(roundTrip(unrated), unrated);
    }

    void serviceLevelSurvivesTheWireWithAndWithoutAShare()
    {
        const Metrics::ServiceLevel met { 30, 7, 10, 0.7 };
        QCOMPARE(roundTrip(met), met);
        const Metrics::ServiceLevel none { 20, 0, 0, std::nullopt };
        QVERIFY(none.toJson().value("share").isNull());
        QCOMPARE(roundTrip(none), none);
    }

    void agentFiguresSurviveTheWire()
    {
        const Metrics::AgentFigures ada { QStringLiteral("agent-1"), QStringLiteral("Ada"), 6, 2,
            durations(6, 11'000), ratings(3, 1), 3'000'000, 600'000 };
        QCOMPARE(roundTrip(ada), ada);
    }

    void seriesPointsSurviveTheWireBegunOrNot()
    {
        const Metrics::SeriesPoint begun { 0, 3'600'000, 5, 0.75, 2.0, durations(5, 4'000) };
        QCOMPARE(roundTrip(begun), begun);
        const Metrics::SeriesPoint notBegun { 3'600'000, 7'200'000, 0, std::nullopt, std::nullopt,
            {} };
        const QJsonObject json = notBegun.toJson();
        QVERIFY(json.value("queueLengthMean").isNull());
        QVERIFY(json.value("queueLengthMax").isNull());
        QCOMPARE(roundTrip(notBegun), notBegun);
    }

    void reportSurvivesTheWire()
    {
        const Metrics::Report r = report();
        const auto decoded = Metrics::Report::fromJson(throughWire(r.toJson()));
        QVERIFY(decoded);
        QCOMPARE(*decoded, r);
    }

    void reportSendsEmptyFiltersAsNullAndCountsTwiceWhereTheApiDoes()
    {
        const QJsonObject json = report().toJson();
        const QJsonObject filters = json.value("filters").toObject();
        QCOMPARE(filters.value("site").toString(), QStringLiteral("site-1"));
        QVERIFY(filters.value("department").isNull());
        QCOMPARE(filters.value("agent").toString(), QStringLiteral("agent-1"));
        // docs/metrics.md: abandoned and missed also stand at the top level.
        QCOMPARE(json.value("abandoned").toObject().value("count").toInt(), 2);
        QCOMPARE(json.value("missed").toInt(), 1);
        QCOMPARE(json.value("queueWait").toObject().value("stillWaiting").toInt(), 1);
        QCOMPARE(
            json.value("series").toObject().value("bucket").toString(), QStringLiteral("hour"));
    }

    void anEmptyReportSurvivesTheWire()
    {
        Metrics::Report empty;
        empty.from = 0;
        empty.to = 1;
        const auto decoded = Metrics::Report::fromJson(throughWire(empty.toJson()));
        QVERIFY(decoded);
        QCOMPARE(*decoded, empty);
    }

    void teamMembersSurviveTheWire()
    {
        const Metrics::TeamMember ada { QStringLiteral("agent-1"), QStringLiteral("Ada"),
            Presence::Away, 1, 3 };
        QCOMPARE(roundTrip(ada), ada);
    }

    void nowSurvivesTheWireWithAndWithoutAWaitingChat()
    {
        QCOMPARE(roundTrip(now()), now());
        Metrics::Now idle = now();
        idle.waiting = 0;
        idle.waitingSince.reset();
        idle.longestWaitMs = 0;
        QVERIFY(idle.toJson().value("waitingSince").isNull());
        QCOMPARE(roundTrip(idle), idle);
    }

    void liveFeedSurvivesTheWire()
    {
        Metrics::Live live;
        live.at = 1'700'000'200'000;
        live.serviceLevelSeconds = 30;
        live.now = now();
        live.today = report();
        QCOMPARE(roundTrip(live), live);
    }
};

QTEST_MAIN(TestMetricsReport)
#include "tst_metricsreport.moc"
