#include "scriptedday.h"

#include <admindashboard.h>
#include <agentmetricsmodel.h>
#include <conversationlistmodel.h>
#include <csvexport.h>
#include <livefigures.h>
#include <metricsformat.h>
#include <metricsrange.h>
#include <queueseriesmodel.h>
#include <rangereport.h>

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>

// The admins' dashboard: live figures from the feed, the range report over HTTP, the chart's
// data and the per-agent table, against a real server and a scripted morning (scriptedday.h),
// and the parts' rules without a server.
class TestDashboard : public QObject
{
    Q_OBJECT

    static QString text(const AgentMetricsModel &model, int row, AgentMetricsModel::Role role)
    {
        return model.data(model.index(row), role).toString();
    }

    static Metrics::Report reportWithSeries()
    {
        const QByteArray json = R"({"from": 0, "to": 10800000, "asOf": 10800000,
            "conversations": {"total": 4, "outcomes": {"answered": 3, "abandoned": 1}},
            "queueWait": {"count": 3, "medianMs": 10000, "p90Ms": 80000, "meanMs": 30000,
                          "maxMs": 80000, "stillWaiting": 0},
            "firstResponse": {"count": 0, "medianMs": null, "p90Ms": null, "meanMs": null, "maxMs": null},
            "serviceLevel": {"thresholdSeconds": 30, "met": 0, "total": 0, "share": null},
            "rating": {"rated": 0, "good": 0, "bad": 0, "goodShare": null},
            "agents": [],
            "series": {"bucket": "hour", "points": [
              {"from": 0, "to": 3600000, "queued": 3, "queueLengthMean": 0.42, "queueLengthMax": 3,
               "queueWait": {"count": 3, "medianMs": 10000, "p90Ms": 80000, "meanMs": 30000, "maxMs": 80000}},
              {"from": 3600000, "to": 7200000, "queued": 0, "queueLengthMean": 0, "queueLengthMax": 0,
               "queueWait": {"count": 0, "medianMs": null, "p90Ms": null, "meanMs": null, "maxMs": null}},
              {"from": 7200000, "to": 10800000, "queued": 1, "queueLengthMean": 1.5, "queueLengthMax": 2,
               "queueWait": {"count": 1, "medianMs": 20000, "p90Ms": 20000, "meanMs": 20000, "maxMs": 20000}}
            ]}})";
        return *Metrics::Report::fromJson(QJsonDocument::fromJson(json).object());
    }

private slots:
    // ---- without a server ----------------------------------------------------------------

    void missingFiguresReadAsDashNotZero()
    {
        const Metrics::Report report = reportWithSeries();
        QVERIFY(!report.firstResponse.medianMs);
        QVERIFY(!report.serviceLevel.share);
        QCOMPARE(MetricsFormat::duration(report.firstResponse.medianMs), QStringLiteral("—"));
        QCOMPARE(MetricsFormat::share(report.rating.goodShare), QStringLiteral("—"));
        QCOMPARE(MetricsFormat::duration(0), QStringLiteral("0 s"));
        QCOMPARE(MetricsFormat::duration(80'000), QStringLiteral("1 min 20 s"));
        QCOMPARE(MetricsFormat::duration(3'900'000), QStringLiteral("1 h 5 min"));
        QCOMPARE(MetricsFormat::share(0.2857), QStringLiteral("29%"));
        QCOMPARE(MetricsFormat::timeSpent(212'000), QStringLiteral("3 min"));

        LiveFigures live;
        QVERIFY(!live.isAvailable());
        QCOMPARE(live.waitingText(), QStringLiteral("—"));
        QCOMPARE(live.longestWaitText(), QStringLiteral("—"));
        QCOMPARE(live.serviceLevelText(), QStringLiteral("—"));
    }

    void aReportWithoutSeriesGivesAnEmptyChart()
    {
        QJsonObject json
            = QJsonDocument::fromJson(R"({"from": 0, "to": 1, "conversations": {}})").object();
        const auto report = Metrics::Report::fromJson(json);
        QVERIFY(report);
        QueueSeriesModel series;
        QAbstractItemModelTester tester(
            &series, QAbstractItemModelTester::FailureReportingMode::QtTest);
        series.setReport(report);
        QCOMPARE(series.count(), 0);
        QVERIFY(!series.hasQueue());
        QVERIFY(!Metrics::Report::fromJson(QJsonObject { { "error", "forbidden" } }));
    }

    void chartDataIsScaledToReadableAxes()
    {
        QueueSeriesModel series;
        QAbstractItemModelTester tester(
            &series, QAbstractItemModelTester::FailureReportingMode::QtTest);
        series.setReport(reportWithSeries());
        QCOMPARE(series.count(), 3);
        QVERIFY(series.hasQueue());
        QCOMPARE(series.bucketText(), QStringLiteral("per hour"));
        QCOMPARE(series.lengthAxisMax(), 5.0); // most waiting 3 → axis up to 5
        QCOMPARE(series.lengthAxisLabels(), QStringList({ "0", "2.5", "5" }));
        QCOMPARE(series.waitAxisMaxMs(), 2 * 60'000); // p90 80 s → 2 min
        QCOMPARE(series.waitAxisLabels(), QStringList({ "0 s", "1 min", "2 min" }));
        QCOMPARE(series.lengthMaxFractions(), QVariantList({ 0.6, 0.0, 0.4 }));
        QCOMPARE(series.waitMedianFractions().at(1).toDouble(), -1.0); // no wait: a gap
        QCOMPARE(series.waitP90Fractions().at(0).toDouble(), 80'000.0 / 120'000);
        QCOMPARE(series.data(series.index(1), QueueSeriesModel::WaitMedianMsRole), QVariant());
        QCOMPARE(series.data(series.index(2), QueueSeriesModel::QueuedRole).toInt(), 1);
        QCOMPARE(series.bucketLabels().size(), 3);

        QCOMPARE(QueueSeriesModel::niceCount(0), 1.0);
        QCOMPARE(QueueSeriesModel::niceCount(11), 20.0);
        QCOMPARE(QueueSeriesModel::niceWait(0), 30'000);
        QCOMPARE(QueueSeriesModel::niceWait(11 * 60'000), 15 * 60'000);
    }

    void rangePresetsAndPickedDaysCoverWholeLocalDays()
    {
        MetricsRange range;
        range.setToday(QDate(2026, 3, 10));
        QCOMPARE(range.preset(), MetricsRange::Preset::Today);
        QCOMPARE(range.from(), QDate(2026, 3, 10).startOfDay().toMSecsSinceEpoch());
        QCOMPARE(range.to(), QDate(2026, 3, 11).startOfDay().toMSecsSinceEpoch());
        QSignalSpy changed(&range, &MetricsRange::changed);
        range.choosePreset(MetricsRange::Preset::Last7Days);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(range.firstDay(), QDate(2026, 3, 4));
        QCOMPARE(range.lastDay(), QDate(2026, 3, 10));
        QCOMPARE(range.title(), QStringLiteral("Last 7 days"));
        range.choosePreset(MetricsRange::Preset::Yesterday);
        QCOMPARE(range.from(), QDate(2026, 3, 9).startOfDay().toMSecsSinceEpoch());
        QCOMPARE(range.to(), QDate(2026, 3, 10).startOfDay().toMSecsSinceEpoch());
        range.choosePreset(MetricsRange::Preset::Last30Days);
        QCOMPARE(range.firstDay(), QDate(2026, 2, 9));

        // The calendar: the second click ends the range, in either order; no future days.
        range.beginPicking();
        QCOMPARE(range.pickerMonth(), 2); // March, counted from 0 as MonthGrid does
        range.pickDay(2026, 2, 5);
        QCOMPARE(range.pickedFirst(), 20260305);
        QCOMPARE(range.pickedLast(), 0);
        range.pickDay(2026, 2, 12); // tomorrow: ignored
        QCOMPARE(range.pickedLast(), 0);
        range.pickDay(2026, 1, 27);
        QCOMPARE(range.pickedFirst(), 20260227);
        QCOMPARE(range.pickedLast(), 20260305);
        QVERIFY(range.applyPick());
        QCOMPARE(range.preset(), MetricsRange::Preset::Custom);
        QCOMPARE(range.from(), QDate(2026, 2, 27).startOfDay().toMSecsSinceEpoch());
        QCOMPARE(range.to(), QDate(2026, 3, 6).startOfDay().toMSecsSinceEpoch());
        QCOMPARE(range.datesText(), QStringLiteral("27 Feb – 5 Mar 2026"));
        QVERIFY(!range.chooseDays(QDate(2024, 1, 1), QDate(2026, 1, 1))); // over 366 days
    }

    void presetsMoveOnAtMidnight()
    {
        MetricsRange range; // the system's date
        QSignalSpy changed(&range, &MetricsRange::changed);
        QSignalSpy picker(&range, &MetricsRange::pickerChanged);
        range.dayTurned(); // what the midnight timer calls
        QCOMPARE(changed.count(), 1); // "Today" is read again: its labels and its report
        QCOMPARE(picker.count(), 1);
        QVERIFY(range.chooseDays(QDate(2026, 3, 1), QDate(2026, 3, 2)));
        changed.clear();
        range.dayTurned();
        QCOMPARE(changed.count(), 0); // picked days stay the days they are
    }

    void longestWaitRunsOnBetweenUpdates()
    {
        LiveFigures live;
        Metrics::Live feed;
        feed.at = 1'000'000;
        feed.now.waiting = 1;
        feed.now.waitingSince = 1'000'000 - 59'000;
        live.apply(feed);
        const qint64 first = live.longestWaitMs();
        QVERIFY(first >= 59'000);
        QCOMPARE(live.longestWaitText().left(2), QStringLiteral("59"));
        QSignalSpy ticked(&live, &LiveFigures::longestWaitChanged);
        QTRY_VERIFY_WITH_TIMEOUT(ticked.count() >= 1, 5000); // about once a second
        QVERIFY(live.longestWaitMs() > first);
        QTRY_VERIFY_WITH_TIMEOUT(live.longestWaitMs() >= 60'000, 5000);
        QVERIFY(live.longestWaitText().startsWith(QStringLiteral("1 min")));
        feed.now.waiting = 0;
        feed.now.waitingSince.reset();
        live.apply(feed);
        QCOMPARE(live.longestWaitMs(), -1);
        QCOMPARE(live.longestWaitText(), QStringLiteral("—"));
    }

    // ---- against a real server -----------------------------------------------------------

    void adminSeesLiveFiguresAndTheRangeReport()
    {
        ScriptedDay day;
        QVERIFY(day.start());
        DeskHarness olga;
        QVERIFY(olga.signIn(day.server, "olga@example.com", false));
        AdminDashboard *dashboard = olga.desk->dashboard();
        LiveFigures *live = dashboard->live();
        QTRY_VERIFY(live->isAvailable()); // metrics.snapshot follows agent.snapshot
        QCOMPARE(live->conversationsText(), QStringLiteral("0"));
        QCOMPARE(live->firstResponseMedianText(), QStringLiteral("—"));

        QVERIFY(day.playMorning());
        day.at(360);
        olga.desk->me()->setPresence("away");

        // An update computed at 09:06 may still predate Olga's change: wait for the one with it.
        QTRY_VERIFY(live->latest()->at == day.t0 + 360'000 && live->agentsAwayText() == u"3");
        QCOMPARE(live->waitingText(), QStringLiteral("1"));
        QVERIFY(live->longestWaitMs() >= 60'000);
        QVERIFY(live->longestWaitText().startsWith(QStringLiteral("1 min")));
        QCOMPARE(live->inProgressText(), QStringLiteral("0"));
        QCOMPARE(live->agentsOnlineText(), QStringLiteral("0"));
        QCOMPARE(live->agentsAwayText(), QStringLiteral("3"));
        QCOMPARE(live->agentsOfflineText(), QStringLiteral("1"));
        QCOMPARE(live->conversationsText(), QStringLiteral("5"));
        QCOMPARE(live->answeredText(), QStringLiteral("2"));
        QCOMPARE(live->missedText(), QStringLiteral("1"));
        QCOMPARE(live->abandonedText(), QStringLiteral("1"));
        QCOMPARE(live->firstResponseMedianText(), QStringLiteral("30 s"));
        QCOMPARE(live->firstResponseP90Text(), QStringLiteral("40 s"));
        QCOMPARE(live->serviceLevelText(), QStringLiteral("20%"));
        QCOMPARE(live->serviceLevelDetail(), QStringLiteral("1 of 5 answered within 30 s"));
        QCOMPARE(live->goodRatingText(), QStringLiteral("50%"));
        QCOMPARE(live->goodRatingDetail(), QStringLiteral("1 of 2 rated good"));

        // The agent table knows the team from the feed before any report.
        AgentMetricsModel *agents = dashboard->agents();
        QAbstractItemModelTester tester(
            agents, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(agents->count(), 4);
        const int ada = agents->rowOf(day.adaId);
        QCOMPARE(text(*agents, ada, AgentMetricsModel::StatusRole), QStringLiteral("away"));
        QCOMPARE(text(*agents, ada, AgentMetricsModel::LoadTextRole), QStringLiteral("0 / 1"));
        QCOMPARE(text(*agents, ada, AgentMetricsModel::ChatsHandledTextRole), QStringLiteral("—"));

        // The page opens: today's report over HTTP.
        RangeReport *report = dashboard->report();
        QSignalSpy fetched(report, &RangeReport::reportChanged);
        dashboard->setActive(true);
        QCOMPARE(report->status(), RangeReport::Status::Loading);
        QTRY_COMPARE(report->status(), RangeReport::Status::Ready);
        QCOMPARE(fetched.count(), 1);
        const Metrics::Report &r = *report->report();
        QCOMPARE(r.from, dashboard->range()->from());
        QCOMPARE(r.asOf, day.t0 + 360'000);
        QCOMPARE(r.conversations, 5);
        QCOMPARE(r.answered, 2);
        QCOMPARE(r.missed, 1);
        QCOMPARE(r.abandoned, 1);
        QCOMPARE(r.waiting, 1);
        QCOMPARE(r.queueWait.count, 4);
        QCOMPARE(r.stillWaiting, 1);
        QCOMPARE(report->conversationsText(), QStringLiteral("5"));
        QCOMPARE(report->outcomesText(), QStringLiteral("2 answered · 1 missed · 1 abandoned"));
        QCOMPARE(report->queueWaitText(), QStringLiteral("median 0 s · p90 1 min"));

        QCOMPARE(agents->count(), 4);
        QCOMPARE(text(*agents, 0, AgentMetricsModel::NameRole), QStringLiteral("Ada Lovelace"));
        QCOMPARE(text(*agents, ada, AgentMetricsModel::ChatsHandledTextRole), QStringLiteral("2"));
        QCOMPARE(
            text(*agents, ada, AgentMetricsModel::FirstResponseTextRole), QStringLiteral("30 s"));
        QCOMPARE(text(*agents, ada, AgentMetricsModel::RatingTextRole), QStringLiteral("100% (1)"));
        QCOMPARE(text(*agents, ada, AgentMetricsModel::OnlineTextRole),
            QStringLiteral("4 min")); // 290 s
        QCOMPARE(
            text(*agents, ada, AgentMetricsModel::AwayTextRole), QStringLiteral("1 min")); // 70 s
        const int ben = agents->rowOf(day.benId);
        QCOMPARE(text(*agents, ben, AgentMetricsModel::ChatsHandledTextRole), QStringLiteral("1"));
        QCOMPARE(
            text(*agents, ben, AgentMetricsModel::FirstResponseTextRole), QStringLiteral("40 s"));
        QCOMPARE(text(*agents, ben, AgentMetricsModel::RatingTextRole), QStringLiteral("0% (1)"));
        QCOMPARE(text(*agents, ben, AgentMetricsModel::OnlineTextRole),
            QStringLiteral("3 min")); // 210 s
        const int cy = agents->rowOf(day.cyId);
        QCOMPARE(text(*agents, cy, AgentMetricsModel::StatusTextRole), QStringLiteral("Offline"));
        QCOMPARE(text(*agents, cy, AgentMetricsModel::ChatsHandledTextRole), QStringLiteral("0"));
        QCOMPARE(text(*agents, cy, AgentMetricsModel::FirstResponseTextRole), QStringLiteral("—"));
        QCOMPARE(text(*agents, cy, AgentMetricsModel::RatingTextRole), QStringLiteral("—"));

        // The chart, once the server sends a series: one bucket per hour of the day.
        QueueSeriesModel *series = dashboard->series();
        QCOMPARE(r.seriesBucket, QStringLiteral("hour"));
        QCOMPARE(series->count(), int(r.series.size()));
        QVERIFY(series->count() >= 23 && series->count() <= 25); // a day, DST or not
        const auto nine = std::find_if(r.series.begin(), r.series.end(),
            [&](const Metrics::SeriesPoint &p) { return p.from == day.t0; });
        QVERIFY(nine != r.series.end());
        QCOMPARE(nine->queueLengthMax.value_or(-1), 1.0); // never more than one waiting at once
        QVERIFY(nine->queueWait.count >= 1);
        QVERIFY(series->hasQueue());
        // Hours not begun yet have no queue length: a gap in the chart, not a zero.
        const auto later = std::find_if(r.series.begin(), r.series.end(),
            [&](const Metrics::SeriesPoint &p) { return p.from > r.asOf; });
        QVERIFY(later != r.series.end());
        QVERIFY(!later->queueLengthMean && !later->queueLengthMax);
        QCOMPARE(series->lengthMeanFractions().at(later - r.series.begin()).toDouble(), -1.0);

        // Today is still running: the report is fetched again by itself.
        dashboard->setAutoRefreshInterval(50);
        QTRY_VERIFY(fetched.count() >= 2);
        QTRY_COMPARE(report->status(), RangeReport::Status::Ready);
        dashboard->setAutoRefreshInterval(60'000);

        // Another range: yesterday had nothing.
        dashboard->range()->choosePreset(MetricsRange::Preset::Yesterday);
        QCOMPARE(report->status(), RangeReport::Status::Loading);
        QTRY_COMPARE(report->status(), RangeReport::Status::Ready);
        QCOMPARE(report->report()->conversations, 0);
        QCOMPARE(text(*agents, ada, AgentMetricsModel::ChatsHandledTextRole), QStringLiteral("0"));
        QCOMPARE(text(*agents, ada, AgentMetricsModel::FirstResponseTextRole), QStringLiteral("—"));

        // Signing out forgets everything.
        olga.desk->signOut();
        QTRY_VERIFY(!live->isAvailable());
        QVERIFY(!report->hasReport());
        QCOMPARE(agents->count(), 0);
    }

    void exportCsvSavesTheRangeWithNamesAndFilters()
    {
        ScriptedDay day;
        QVERIFY(day.start());
        DeskHarness olga;
        QVERIFY(olga.signIn(day.server, "olga@example.com", false));
        QVERIFY(day.playMorning());
        day.at(360);
        AdminDashboard *dashboard = olga.desk->dashboard();
        CsvExport *csv = dashboard->csvExport();

        // The filters offer the site's departments (agent snapshot) and the team (live feed).
        const auto names = [](const QVariantList &choices) {
            QStringList list;
            for (const QVariant &choice : choices)
                list.append(choice.toMap().value("name").toString());
            return list;
        };
        QCOMPARE(names(csv->departmentChoices()), (QStringList { "All departments", "Sales" }));
        QTRY_COMPARE(names(csv->agentChoices()),
            (QStringList { "All agents", "Ada Lovelace", "Ben Okafor", "Cy Young", "Olga Berg" }));
        QVERIFY(dashboard->suggestedExportFile().isLocalFile());
        QVERIFY(dashboard->suggestedExportFile().fileName().startsWith(u"conversations_"));

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto exportTo
            = [&](const QString &name, const QString &department, const QString &agent) {
                  const QString path = dir.filePath(name);
                  dashboard->exportCsv(QUrl::fromLocalFile(path), department, agent);
                  if (csv->status() != CsvExport::Status::Exporting)
                      return QList<QStringList>();
                  if (!QTest::qWaitFor([csv] { return !csv->isBusy(); }, 10000))
                      return QList<QStringList>();
                  QFile file(path);
                  if (csv->status() != CsvExport::Status::Saved || !file.open(QIODevice::ReadOnly))
                      return QList<QStringList>();
                  QList<QStringList> rows;
                  for (const QByteArray &line : file.readAll().split('\n'))
                      if (!line.trimmed().isEmpty())
                          rows.append(QString::fromUtf8(line.trimmed()).split(u','));
                  return rows;
              };

        // The whole of today: the header, then the five chats of the morning, with names.
        QList<QStringList> rows = exportTo("today.csv", {}, {});
        QCOMPARE(rows.size(), 6);
        const QStringList header = rows.takeFirst();
        QCOMPARE(header.first(), QStringLiteral("conversation_id"));
        const auto column
            = [&header](const char *name) { return header.indexOf(QLatin1String(name)); };
        for (const char *name : { "visitor_name", "visitor_email", "site_name", "department_name",
                 "agent_name", "created_time", "agent_id", "outcome" })
            QVERIFY2(column(name) >= 0, name);
        QHash<QString, QStringList> byVisitor;
        for (const QStringList &row : std::as_const(rows)) {
            QCOMPARE(row.size(), header.size());
            byVisitor.insert(row.at(column("visitor_name")), row);
        }
        QCOMPARE(QSet<QString>(byVisitor.keyBegin(), byVisitor.keyEnd()),
            (QSet<QString> { "Grace", "Linus", "Margaret", "Dennis", "Ken" }));
        const QStringList grace = byVisitor.value("Grace");
        QCOMPARE(grace.at(column("agent_name")), QStringLiteral("Ada Lovelace"));
        QCOMPARE(grace.at(column("agent_id")), day.adaId);
        QCOMPARE(grace.at(column("site_name")), QStringLiteral("Shop"));
        QCOMPARE(grace.at(column("outcome")), QStringLiteral("answered"));
        // Times in this machine's zone, with its offset.
        QCOMPARE(grace.at(column("created_time")),
            QDateTime::fromMSecsSinceEpoch(day.t0, QTimeZone::systemTimeZone())
                .toString(Qt::ISODateWithMs));
        QCOMPARE(byVisitor.value("Margaret").at(column("outcome")), QStringLiteral("abandoned"));
        QCOMPARE(byVisitor.value("Ken").at(column("department_name")), QStringLiteral("Sales"));
        QCOMPARE(byVisitor.value("Ken").at(column("outcome")), QStringLiteral("waiting"));
        QCOMPARE(csv->message(),
            QStringLiteral("Saved 5 conversation(s) to %1")
                .arg(QDir::toNativeSeparators(dir.filePath("today.csv"))));

        // Filters: Ada's chats (Grace, Dennis); the Sales department (Ken).
        rows = exportTo("ada.csv", {}, day.adaId);
        QCOMPARE(rows.size(), 3);
        QStringList visitors { rows.at(1).at(column("visitor_name")),
            rows.at(2).at(column("visitor_name")) };
        visitors.sort();
        QCOMPARE(visitors, (QStringList { "Dennis", "Grace" }));
        rows = exportTo("sales.csv", day.salesId, {});
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(1).at(column("visitor_name")), QStringLiteral("Ken"));

        // An agent who is not an admin is told so, and nothing is written.
        DeskHarness cy;
        QVERIFY(cy.signIn(day.server, "cy@example.com"));
        CsvExport *cyCsv = cy.desk->dashboard()->csvExport();
        cy.desk->dashboard()->exportCsv(QUrl::fromLocalFile(dir.filePath("cy.csv")));
        QTRY_COMPARE(cyCsv->status(), CsvExport::Status::Failed);
        QCOMPARE(cyCsv->message(), QStringLiteral("Only admins can export team metrics."));
        QVERIFY(!QFile::exists(dir.filePath("cy.csv")));

        QUrl url = CsvExport::exportUrl(
            { QUrl("wss://chat.example.com"), "t", 1, 2, "d1", {}, "Europe/Berlin" });
        QCOMPARE(url.toString(QUrl::FullyDecoded),
            QStringLiteral("https://chat.example.com/api/v1/metrics/"
                           "export.csv?from=1&to=2&department=d1&tz=Europe/Berlin"));
    }

    void agentWhoIsNotAdminGetsNoFeedAndAForbiddenReport()
    {
        ScriptedDay day;
        QVERIFY(day.start());
        DeskHarness cy;
        QVERIFY(cy.signIn(day.server, "cy@example.com"));
        QVERIFY(!cy.desk->me()->isAdmin());
        // Something happens that an admin would see in the feed.
        ScriptedVisitor visitor;
        QVERIFY(visitor.arrive(day.server, day.siteKey, "Grace"));
        QTRY_VERIFY(cy.desk->conversations()->count() == 1);
        QVERIFY(!cy.desk->dashboard()->live()->isAvailable());

        RangeReport *report = cy.desk->dashboard()->report();
        cy.desk->dashboard()->refresh();
        QTRY_COMPARE(report->status(), RangeReport::Status::Failed);
        QCOMPARE(report->httpStatus(), 403);
        QCOMPARE(report->errorTitle(), QStringLiteral("Only admins can see team metrics"));
        QVERIFY(!report->hasReport());
        QCOMPARE(cy.desk->dashboard()->series()->count(), 0);
    }

    void unknownSessionAndUnreachableServerAreErrorsToActOn()
    {
        ScriptedDay day;
        QVERIFY(day.start());
        QNetworkAccessManager network;
        RangeReport report(&network);
        const QUrl server(QStringLiteral("http://127.0.0.1:%1").arg(day.server.port()));
        report.fetch(server, QStringLiteral("not-a-session"), 0, 3'600'000);
        QTRY_COMPARE(report.status(), RangeReport::Status::Failed);
        QCOMPARE(report.httpStatus(), 401);
        QCOMPARE(report.errorTitle(), QStringLiteral("Your session is no longer valid"));

        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        report.fetch(
            QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(port)), QStringLiteral("x"), 0, 1);
        QCOMPARE(report.status(), RangeReport::Status::Loading);
        QTRY_COMPARE(report.status(), RangeReport::Status::Failed);
        QCOMPARE(report.httpStatus(), 0);
        QCOMPARE(report.errorTitle(), QStringLiteral("The server cannot be reached"));

        QCOMPARE(RangeReport::reportUrl(QUrl("wss://chat.example.com"), 1, 2).toString(),
            QStringLiteral("https://chat.example.com/api/v1/metrics/queue?from=1&to=2"));
    }
};

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"
