// metrics_bench: how fast the admin dashboard's queue report answers for a month of traffic.
//
// Generates a month with about 1,000,000 events into a temporary SQLite database through the
// real store (SqlStore: the same writes, events and fact folding as a serving server), then
// times the dashboard query — MetricsService::report for the whole month, in process and as
// GET /api/v1/metrics/queue against a real ChatServer on that database — and prints the median
// and p99 of N runs with the machine it ran on. A program, not a test: record its output in
// docs/performance.md.
//
//   metrics_bench [--events 1000000] [--runs 50] [--db path-to-keep] [--reuse]

#include <app/chatserver.h>
#include <core/passwordhasher.h>
#include <core/secrets.h>
#include <metrics/metricsservice.h>
#include <metrics/queuemetrics.h>
#include <metrics/sqlite/factprojection.h>
#include <metrics/sqlite/sqlitemetricssource.h>
#include <storage/sqlstore.h>
#include <storage/tables/agenttable.h>
#include <storage/tables/departmenttable.h>
#include <storage/tables/sessiontable.h>
#include <storage/tables/sitetable.h>
#include <storage/tables/visitortable.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <ctime>
#include <sqlite3.h>

namespace {
QTextStream out(stdout);

constexpr qint64 second = 1000;
constexpr qint64 dayMs = 24 * 3600 * second;

struct Team
{
    QList<Site> sites;
    QList<Department> departments;
    QList<AgentView> agents;
    QList<VisitorView> visitors;
    QString adminToken;
};

/// Waits (running the event loop) until @p pending store callbacks have come back.
class Barrier
{
public:
    std::function<void(bool)> done()
    {
        ++m_pending;
        return [this](bool) {
            if (--m_pending == 0 && m_loop.isRunning())
                m_loop.quit();
        };
    }
    void wait()
    {
        if (m_pending > 0)
            m_loop.exec();
    }

private:
    int m_pending = 0;
    QEventLoop m_loop;
};

QString cpuModel()
{
    QFile file(QStringLiteral("/proc/cpuinfo"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    for (const QByteArray &line : file.readAll().split('\n'))
        if (line.startsWith("model name"))
            return QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
    return QStringLiteral("unknown");
}

qint64 percentile(QList<double> samples, int p, double *value)
{
    std::sort(samples.begin(), samples.end());
    const qsizetype rank
        = std::clamp<qsizetype>((p * samples.size() + 99) / 100, 1, samples.size());
    *value = samples.at(rank - 1);
    return rank;
}

/// CPU time of the whole process (all threads), in ms.
double processCpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

void printTimes(const QString &what, const QList<double> &ms, const QList<double> &cpu = {})
{
    double median = 0, p99 = 0;
    percentile(ms, 50, &median);
    percentile(ms, 99, &p99);
    const double min = *std::min_element(ms.begin(), ms.end());
    const double max = *std::max_element(ms.begin(), ms.end());
    out << qSetFieldWidth(44) << Qt::left << what << qSetFieldWidth(0)
        << QStringLiteral("median %1 ms  p99 %2 ms  min %3 ms  max %4 ms  (n=%5)")
               .arg(median, 0, 'f', 1)
               .arg(p99, 0, 'f', 1)
               .arg(min, 0, 'f', 1)
               .arg(max, 0, 'f', 1)
               .arg(ms.size());
    if (!cpu.isEmpty()) {
        double cpuMedian = 0;
        percentile(cpu, 50, &cpuMedian);
        out << QStringLiteral("  cpu median %1 ms").arg(cpuMedian, 0, 'f', 1);
    }
    out << Qt::endl;
}

Team createTeam(SqlStore &store, qint64 now)
{
    Team team;
    const bool ok = store.runBlocking([&](QSqlDatabase &db) {
        for (int s = 0; s < 2; ++s) {
            Site site;
            site.id = Secrets::newId();
            site.siteKey = QStringLiteral("sk_bench_%1").arg(s);
            site.name = QStringLiteral("Shop %1").arg(s);
            site.createdAt = now;
            if (!SiteTable(db).insert(site))
                return false;
            team.sites.append(site);
            for (const char *name : { "Sales", "Support" }) {
                Department department { Secrets::newId(), site.id, QLatin1String(name) };
                if (!DepartmentTable(db).insert(department, now))
                    return false;
                team.departments.append(department);
            }
        }
        const QString hash = PasswordHasher::hash(QStringLiteral("bench"), 1000);
        for (int a = 0; a < 20; ++a) {
            AgentAccount account;
            account.profile.id = Secrets::newId();
            account.profile.email = QStringLiteral("agent%1@example.com").arg(a);
            account.profile.name = QStringLiteral("Agent %1").arg(a, 2, 10, QLatin1Char('0'));
            account.profile.role = a == 0 ? AgentRole::Admin : AgentRole::Agent;
            account.profile.maxChats = 4;
            account.passwordHash = hash;
            if (!AgentTable(db).insert(account, now))
                return false;
            team.agents.append(account.profile);
        }
        team.adminToken = Secrets::randomToken(32);
        const qint64 realNow = QDateTime::currentMSecsSinceEpoch();
        if (!SessionTable(db).insert(AgentSession { Secrets::newId(), team.agents.first().id,
                                         realNow, realNow + dayMs, realNow + dayMs },
                Secrets::tokenHash(team.adminToken)))
            return false;
        for (int v = 0; v < 20'000; ++v) {
            VisitorRecord visitor;
            visitor.view.id = Secrets::newId();
            visitor.view.name = QStringLiteral("Visitor %1").arg(v);
            visitor.siteId = team.sites.at(v % 2).id;
            visitor.tokenHash = Secrets::tokenHash(visitor.view.id);
            visitor.createdAt = now;
            visitor.lastSeenAt = now;
            if (!VisitorTable(db).save(visitor))
                return false;
            team.visitors.append(visitor.view);
        }
        return true;
    });
    if (!ok)
        qFatal("cannot create the sites, agents and visitors");
    return team;
}

/// The team of a database written by an earlier run, with a fresh admin session.
Team loadTeam(SqlStore &store, qint64 *monthStart, qint64 *events, qint64 *conversations)
{
    Team team;
    store.runBlocking([&](QSqlDatabase &db) {
        team.sites = SiteTable(db).list();
        for (const AgentAccount &account : AgentTable(db).list()) {
            if (account.profile.isAdmin())
                team.agents.prepend(account.profile);
            else
                team.agents.append(account.profile);
        }
        QSqlQuery q(db);
        q.exec(QStringLiteral("SELECT min(created_at), count(*) FROM conversation_facts"));
        q.next();
        *monthStart = localDayStart(q.value(0).toLongLong());
        *conversations = q.value(1).toLongLong();
        q.exec(QStringLiteral("SELECT count(*) FROM events"));
        q.next();
        *events = q.value(0).toLongLong();
        team.adminToken = Secrets::randomToken(32);
        const qint64 realNow = QDateTime::currentMSecsSinceEpoch();
        return SessionTable(db).insert(AgentSession { Secrets::newId(), team.agents.first().id,
                                           realNow, realNow + dayMs, realNow + dayMs },
            Secrets::tokenHash(team.adminToken));
    });
    return team;
}

/// Writes one month of traffic through the store; returns the number of events written.
qint64 generateMonth(SqlStore &store, const Team &team, qint64 monthStart, qint64 targetEvents,
    qint64 *conversationsOut)
{
    QRandomGenerator random(20240501); // the same month every run
    qint64 events = 0;
    qint64 conversations = 0;
    const int days = 30;

    // Presence: every agent online 08:00–12:00, away over lunch, online 13:00–17:00, offline.
    {
        for (int day = 0; day < days; ++day)
            for (const AgentView &agent : team.agents) {
                const qint64 base = monthStart + day * dayMs + qint64(random.bounded(600)) * second;
                for (const auto &[hour, status] :
                    { std::pair { 8, Presence::Online }, std::pair { 12, Presence::Away },
                        std::pair { 13, Presence::Online }, std::pair { 17, Presence::Offline } }) {
                    store.savePresence(agent.id, status, base + hour * 3600 * second);
                    ++events;
                }
            }
    }

    const qint64 perConversation = 12; // rough average, to spread conversations over the month
    const qint64 planned = std::max<qint64>(1, (targetEvents - events) / perConversation);
    const qint64 spacing = (days * dayMs) / planned;
    qint64 at = monthStart;
    qint64 visitorIndex = 0;
    Barrier *barrier = new Barrier;
    qint64 inFlight = 0;
    while (events < targetEvents) {
        ConversationView c;
        c.id = Secrets::newId();
        const VisitorView &visitor = team.visitors.at(visitorIndex++ % team.visitors.size());
        c.visitor = visitor;
        c.siteId = team.sites.at((visitorIndex - 1) % 2).id;
        if (random.bounded(3) == 0) {
            const Department &d
                = team.departments.at(((visitorIndex - 1) % 2) * 2 + random.bounded(2));
            c.departmentId = d.id;
            c.departmentName = d.name;
        }
        at += spacing / 2 + random.bounded(int(std::min<qint64>(spacing, INT_MAX)));
        const qint64 start = at;
        const QString agentId = team.agents.at(random.bounded(int(team.agents.size()))).id;
        const auto event = [&c](EventType type, qint64 when, const QString &agent = {},
                               const QJsonObject &payload = {}) {
            return ConversationEvent { c.id, type, agent, payload, when };
        };
        const auto save = [&](const QList<ConversationEvent> &list) {
            store.saveConversation(c, list, barrier->done());
            events += list.size();
            ++inFlight;
        };
        int seq = 0;
        const auto say = [&](AuthorRole role, qint64 when, bool internal = false) {
            AppendRequest append;
            append.message = MessageView { c.id, 0, QStringLiteral("b-%1").arg(++seq), role,
                role == AuthorRole::Agent ? agentId : visitor.id,
                role == AuthorRole::Agent ? QStringLiteral("Agent") : visitor.name,
                QStringLiteral("message %1 of the bench").arg(seq), when, internal };
            store.appendMessage(append, [done = barrier->done()](const AppendResult &r) {
                done(r.status == StoreStatus::Ok);
            });
            ++events;
            ++inFlight;
        };

        const int kind = random.bounded(100);
        c.status = ConversationStatus::Queued;
        c.createdAt = start;
        c.queuedAt = start;
        if (kind < 1) { // offline message
            c.status = ConversationStatus::Closed;
            c.queuedAt = 0;
            c.offline = true;
            c.closedAt = start;
            save({ event(EventType::Created, start, {}, { { "offline", true } }),
                event(
                    EventType::Closed, start, {}, { { "by", "visitor" }, { "offline", true } }) });
            AppendRequest append;
            append.message = MessageView { c.id, 0, QStringLiteral("offline"), AuthorRole::Visitor,
                visitor.id, visitor.name, QStringLiteral("please call me"), start, false };
            append.allowClosed = true;
            store.appendMessage(append, [done = barrier->done()](const AppendResult &r) {
                done(r.status == StoreStatus::Ok);
            });
            ++events;
        } else if (kind < 9) { // abandoned in the queue
            save({ event(EventType::Created, start), event(EventType::Queued, start) });
            const qint64 gone = start + (5 + random.bounded(300)) * second;
            c.status = ConversationStatus::Closed;
            if (random.bounded(2) == 0) {
                // Gone for good: the server closes it after the visitor's grace period.
                c.closedAt = gone + 60 * second;
                save({ event(EventType::VisitorLeft, c.closedAt),
                    event(EventType::Closed, c.closedAt, {},
                        { { "by", "server" }, { "reason", "visitor_left" },
                            { "whileQueued", true } }) });
            } else {
                c.closedAt = gone;
                save({ event(EventType::Closed, c.closedAt, {},
                    { { "by", "visitor" }, { "whileQueued", true } }) });
            }
        } else {
            save({ event(EventType::Created, start), event(EventType::Queued, start) });
            qint64 t = start + qint64(random.bounded(120)) * second;
            c.status = ConversationStatus::Assigned;
            c.agentId = agentId;
            c.assignedAt = t;
            save({ event(EventType::Assigned, t, agentId,
                { { "how", random.bounded(5) == 0 ? "accept" : "auto" } }) });
            const bool missed = kind < 13;
            if (missed) {
                say(AuthorRole::Visitor, t += 5 * second);
            } else {
                const int messages = 4 + random.bounded(11);
                for (int m = 0; m < messages; ++m) {
                    t += (3 + random.bounded(60)) * second;
                    say(m % 2 == 0 ? AuthorRole::Visitor : AuthorRole::Agent, t);
                    if (m == 2 && random.bounded(10) == 0)
                        say(AuthorRole::Agent, t + second, true); // a note
                }
                if (random.bounded(20) == 0) {
                    const QString to = team.agents.at(random.bounded(int(team.agents.size()))).id;
                    c.agentId = to;
                    save({ event(EventType::Transferred, t += 10 * second, to,
                        { { "from", agentId }, { "to", to }, { "by", agentId } }) });
                }
            }
            c.status = ConversationStatus::Closed;
            c.closedAt = t + (10 + random.bounded(120)) * second;
            save({ event(EventType::Closed, c.closedAt, agentId, { { "by", "agent" } }) });
            if (!missed && random.bounded(100) < 35) {
                c.rating = random.bounded(5) == 0 ? Rating::Bad : Rating::Good;
                save({ event(EventType::Rated, c.closedAt + 30 * second, agentId,
                    { { "rating", wireName(c.rating) }, { "hasComment", false } }) });
            }
            if (!missed && random.bounded(50) == 0) {
                const qint64 reopened = c.closedAt + 3600 * second;
                c.status = ConversationStatus::Assigned;
                c.closedAt = 0;
                save({ event(EventType::Reopened, reopened, agentId) });
                say(AuthorRole::Agent, reopened + 20 * second);
                c.status = ConversationStatus::Closed;
                c.closedAt = reopened + 300 * second;
                save({ event(EventType::Closed, c.closedAt, agentId, { { "by", "agent" } }) });
            }
        }
        ++conversations;
        // Bounded memory: let the writer catch up every few thousand jobs.
        if (inFlight > 20'000) {
            barrier->wait();
            delete barrier;
            barrier = new Barrier;
            inFlight = 0;
            out << "\r  " << events << " events, " << conversations << " conversations"
                << Qt::flush;
        }
    }
    barrier->wait();
    delete barrier;
    out << "\r  " << events << " events, " << conversations << " conversations" << Qt::endl;
    *conversationsOut = conversations;
    return events;
}

QList<double> timeService(SqlStore &store, const Team &team, const MetricsQuery &query, int runs,
    qsizetype *conversations, QList<double> *cpu = nullptr)
{
    SqliteMetricsSource source(store);
    MetricsService service(source, [&team] { return team.agents; });
    QList<double> times;
    for (int i = 0; i < runs; ++i) {
        QEventLoop loop;
        QElapsedTimer timer;
        const double cpuStart = processCpuMs();
        timer.start();
        std::optional<QueueReport> result;
        service.report(query, [&](std::optional<QueueReport> report) {
            result = std::move(report);
            loop.quit();
        });
        loop.exec();
        times.append(timer.nsecsElapsed() / 1e6);
        if (cpu)
            cpu->append(processCpuMs() - cpuStart);
        if (!result)
            qFatal("the report failed");
        *conversations = result->conversations;
    }
    return times;
}

/// The phases of one report, to explain where the time goes.
void profile(SqlStore &store, const Team &team, const MetricsQuery &query, int runs)
{
    SqliteMetricsSource source(store);
    QList<double> scan, finish, presence;
    qsizetype rows = 0;
    qsizetype changes = 0;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer presenceTimer;
        presenceTimer.start();
        QEventLoop presenceLoop;
        source.readPresenceChanges(query.from, query.to, [&](const QList<PresenceChange> &list) {
            changes = list.size();
            presenceLoop.quit();
        });
        presenceLoop.exec();
        presence.append(presenceTimer.nsecsElapsed() / 1e6);

        auto metrics = std::make_shared<QueueMetrics>(query);
        QEventLoop loop;
        QElapsedTimer timer;
        timer.start();
        rows = 0;
        source.scanConversationFacts(
            query, false,
            [metrics, &rows](const ConversationFacts &f) {
                ++rows;
                metrics->add(f);
            },
            [&loop](bool) { loop.quit(); });
        loop.exec();
        scan.append(timer.nsecsElapsed() / 1e6);
        timer.restart();
        metrics->finish({}, team.agents);
        finish.append(timer.nsecsElapsed() / 1e6);
    }
    printTimes(QStringLiteral("  phase: presence changes (%1)").arg(changes), presence);
    printTimes(QStringLiteral("  phase: read + fold rows (%1 rows)").arg(rows), scan);
    printTimes(QStringLiteral("  phase: finish (selections, agents)"), finish);
}

QList<double> timeHttp(
    quint16 port, const QString &pathAndQuery, const QString &token, int runs, qint64 *bytes)
{
    QNetworkAccessManager http;
    QList<double> times;
    for (int i = 0; i < runs; ++i) {
        QNetworkRequest request(
            QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(pathAndQuery)));
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        QElapsedTimer timer;
        timer.start();
        QNetworkReply *reply = http.get(request);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        times.append(timer.nsecsElapsed() / 1e6);
        const QByteArray body = reply->readAll();
        *bytes = body.size();
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
            qFatal("HTTP %d: %s",
                reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                body.constData());
        reply->deleteLater();
    }
    return times;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Times the queue metrics report for a month of traffic."));
    parser.addHelpOption();
    parser.addOption(
        { QStringLiteral("events"), QStringLiteral("Events to generate (default 1000000)."),
            QStringLiteral("n"), QStringLiteral("1000000") });
    parser.addOption({ QStringLiteral("runs"), QStringLiteral("Timed runs per query (default 50)."),
        QStringLiteral("n"), QStringLiteral("50") });
    parser.addOption({ QStringLiteral("db"),
        QStringLiteral("Keep the database at this path (default: a temporary file)."),
        QStringLiteral("path") });
    parser.addOption({ QStringLiteral("reuse"),
        QStringLiteral("With --db: time the database generated by an earlier run instead of "
                       "generating one.") });
    parser.process(app);
    const qint64 targetEvents = parser.value(QStringLiteral("events")).toLongLong();
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());

    QTemporaryDir dir;
    const QString path = parser.isSet(QStringLiteral("db"))
        ? parser.value(QStringLiteral("db"))
        : dir.filePath(QStringLiteral("bench.db"));
    const bool reuse = parser.isSet(QStringLiteral("reuse")) && parser.isSet(QStringLiteral("db"))
        && QFile::exists(path);
    if (!reuse)
        QFile::remove(path);

    out << "metrics_bench " << QDateTime::currentDateTime().toString(Qt::ISODate) << Qt::endl
        << "  machine: " << QThread::idealThreadCount() << " cores (nproc), " << cpuModel() << ", "
        << QSysInfo::prettyProductName() << Qt::endl
        << "  Qt " << qVersion() << ", SQLite " << sqlite3_libversion() << ", database " << path
        << Qt::endl;

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 monthEnd = localDayStart(now);
    qint64 monthStart = monthEnd - 30 * dayMs;
    Team team;
    qint64 events = 0;
    qint64 conversations = 0;
    if (reuse) {
        SqlStore store(path, std::make_unique<FactProjection>());
        if (auto error = store.open())
            qFatal("%s", qPrintable(*error));
        team = loadTeam(store, &monthStart, &events, &conversations);
        monthEnd = monthStart + 30 * dayMs;
        out << "reusing " << events << " events (" << conversations << " conversations)"
            << Qt::endl;
    } else {
        SqlStore store(path, std::make_unique<FactProjection>());
        if (auto error = store.open())
            qFatal("%s", qPrintable(*error));
        team = createTeam(store, monthStart);
        out << "generating " << targetEvents << " events through SqlStore ..." << Qt::endl;
        QElapsedTimer timer;
        timer.start();
        events = generateMonth(store, team, monthStart, targetEvents, &conversations);
        const double seconds = timer.elapsed() / 1000.0;
        out << QStringLiteral("  wrote %1 events (%2 conversations) in %3 s: %4 events/s, facts "
                              "folded as they commit")
                   .arg(events)
                   .arg(conversations)
                   .arg(seconds, 0, 'f', 1)
                   .arg(events / seconds, 0, 'f', 0)
            << Qt::endl;
        store.runBlocking([](QSqlDatabase &db) {
            QSqlQuery q(db);
            return q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        });
    }
    out << "  database size " << QFileInfo(path).size() / (1024 * 1024) << " MiB" << Qt::endl;

    MetricsQuery month;
    month.from = monthStart;
    month.to = monthEnd;
    month.asOf = now;
    {
        SqlStore store(path, std::make_unique<FactProjection>());
        if (auto error = store.open())
            qFatal("%s", qPrintable(*error));
        qsizetype counted = 0;
        out << "dashboard query, in process (MetricsService::report, store reader thread + finish):"
            << Qt::endl;
        timeService(store, team, month, 3, &counted); // warm the page cache
        QList<double> cpu;
        const QList<double> wall = timeService(store, team, month, runs, &counted, &cpu);
        printTimes(QStringLiteral("  month, all sites"), wall, cpu);
        out << "    (" << counted << " conversations in the month)" << Qt::endl;
        MetricsQuery site = month;
        site.siteId = team.sites.first().id;
        cpu.clear();
        printTimes(QStringLiteral("  month, one site"),
            timeService(store, team, site, runs, &counted, &cpu), cpu);
        MetricsQuery day = month;
        day.from = monthEnd - dayMs;
        cpu.clear();
        printTimes(QStringLiteral("  last day, all sites"),
            timeService(store, team, day, runs, &counted, &cpu), cpu);
        profile(store, team, month, runs);
    }

    out << "dashboard query over HTTP (a real ChatServer on this database, loopback, client-side "
           "time):"
        << Qt::endl;
    ServerConfig config;
    config.port = 0;
    config.databasePath = path;
    ChatServer server(config);
    if (auto error = server.start())
        qFatal("%s", qPrintable(*error));
    const QString range = QStringLiteral("from=%1&to=%2").arg(month.from).arg(month.to);
    qint64 bytes = 0;
    timeHttp(server.port(), "/api/v1/metrics/queue?" + range, team.adminToken, 3, &bytes);
    printTimes(QStringLiteral("  GET /api/v1/metrics/queue (month)"),
        timeHttp(server.port(), "/api/v1/metrics/queue?" + range, team.adminToken, runs, &bytes));
    out << "    (" << bytes << " bytes of JSON)" << Qt::endl;
    printTimes(QStringLiteral("  GET /api/v1/metrics/export.csv (month)"),
        timeHttp(server.port(), "/api/v1/metrics/export.csv?" + range, team.adminToken,
            std::max(3, runs / 5), &bytes));
    out << "    (" << bytes / 1024 << " KiB of CSV)" << Qt::endl;
    printTimes(QStringLiteral("  GET /metrics"),
        timeHttp(server.port(), QStringLiteral("/metrics"), QString(), runs, &bytes));
    return 0;
}
