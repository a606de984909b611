// store_bench: what the store's writer spends per chat message, on SQLite or PostgreSQL.
//
// Appends N messages through the real SqlStore (with the metrics' FactProjection, as a
// serving server has it) over C conversations, keeping at most D appends in flight like D
// clients each waiting for their acknowledgement, and prints the writer thread's CPU time per
// message (from /proc), the whole process's, and the wall time. Meanwhile it can read the
// latest 50 messages of a conversation every few milliseconds and print the p50/p99 of those
// reads. A program, not a test: record its output in docs/performance.md.
//
//   store_bench [--messages 100000] [--conversations 100] [--in-flight 800] [--history-every-ms 5]
//               [--db postgres://user@host:port/empty-database]   (default: a new SQLite file)

#include <core/secrets.h>
#include <metrics/sqlite/factprojection.h>
#include <storage/sqldialect.h>
#include <storage/sqlstore.h>
#include <storage/tables/sitetable.h>
#include <storage/tables/visitortable.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <ctime>

namespace {
QTextStream out(stdout);

/// CPU seconds of this process's thread named @p name (the writer), from /proc.
double threadCpuSeconds(const QString &name)
{
    const long ticks = sysconf(_SC_CLK_TCK);
    for (const QString &tid : QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs)) {
        QFile comm(QStringLiteral("/proc/self/task/%1/comm").arg(tid));
        if (!comm.open(QIODevice::ReadOnly) || comm.readAll().trimmed() != name.toUtf8())
            continue;
        QFile stat(QStringLiteral("/proc/self/task/%1/stat").arg(tid));
        if (!stat.open(QIODevice::ReadOnly))
            return 0;
        const QByteArray line = stat.readAll();
        // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15.
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        return double(fields.at(11).toLongLong() + fields.at(12).toLongLong()) / double(ticks);
    }
    return 0;
}

double processCpuSeconds()
{
    timespec t {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

QString cpuModel()
{
    QFile info(QStringLiteral("/proc/cpuinfo"));
    if (info.open(QIODevice::ReadOnly))
        for (const QByteArray &line : info.readAll().split('\n'))
            if (line.startsWith("model name"))
                return QString::fromUtf8(line.mid(line.indexOf(':') + 2));
    return QStringLiteral("unknown CPU");
}
} // namespace

int main(int argc, char **argv)
{
    SqlStore::configureProcess(); // as chat-server does
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption messagesOption(QStringLiteral("messages"),
        QStringLiteral("Messages to append."), QStringLiteral("n"), QStringLiteral("100000"));
    const QCommandLineOption conversationsOption(QStringLiteral("conversations"),
        QStringLiteral("Conversations they go to."), QStringLiteral("n"), QStringLiteral("100"));
    const QCommandLineOption inFlightOption(QStringLiteral("in-flight"),
        QStringLiteral("Appends waiting for their callback at most."), QStringLiteral("n"),
        QStringLiteral("800"));
    const QCommandLineOption historyOption(QStringLiteral("history-every-ms"),
        QStringLiteral("Read a latest-50 history page this often (0: never)."),
        QStringLiteral("ms"), QStringLiteral("5"));
    const QCommandLineOption dbOption(QStringLiteral("db"),
        QStringLiteral("An empty PostgreSQL database to run on instead of a new SQLite file."),
        QStringLiteral("url"));
    parser.addOptions(
        { messagesOption, conversationsOption, inFlightOption, historyOption, dbOption });
    parser.process(app);
    const int total = parser.value(messagesOption).toInt();
    const int conversationCount = std::max(1, parser.value(conversationsOption).toInt());
    const int inFlightMax = std::max(1, parser.value(inFlightOption).toInt());
    const int historyEvery = parser.value(historyOption).toInt();

    QTemporaryDir dir;
    const QString location = parser.isSet(dbOption) ? parser.value(dbOption)
                                                    : dir.filePath(QStringLiteral("bench.sqlite"));
    SqlStore store(location, std::make_unique<FactProjection>());
    if (auto error = store.open())
        qFatal("cannot open the store: %s", qPrintable(*error));

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    Site site;
    site.id = Secrets::newId();
    site.siteKey = QStringLiteral("sk_store_bench");
    site.name = QStringLiteral("Shop");
    site.createdAt = now;
    QList<ConversationView> conversations;
    const bool created = store.runBlocking([&](QSqlDatabase &db) {
        if (!SiteTable(db).insert(site))
            return false;
        for (int i = 0; i < conversationCount; ++i) {
            VisitorRecord visitor;
            visitor.view.id = Secrets::newId();
            visitor.view.name = QStringLiteral("Visitor %1").arg(i);
            visitor.siteId = site.id;
            visitor.tokenHash = Secrets::tokenHash(visitor.view.id);
            visitor.createdAt = now;
            visitor.lastSeenAt = now;
            if (!VisitorTable(db).save(visitor))
                return false;
            ConversationView c;
            c.id = Secrets::newId();
            c.siteId = site.id;
            c.visitor = visitor.view;
            c.createdAt = now;
            c.queuedAt = now;
            conversations.append(c);
        }
        return true;
    });
    if (!created)
        qFatal("cannot create the visitors");
    int saved = 0;
    for (const ConversationView &c : std::as_const(conversations))
        store.saveConversation(c,
            { ConversationEvent { c.id, EventType::Created, {}, {}, now },
                ConversationEvent { c.id, EventType::Queued, {}, {}, now } },
            [&saved](bool ok) {
                if (!ok)
                    qFatal("cannot save a conversation");
                ++saved;
            });
    while (saved < conversationCount)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);

    const QString body = QString(120, QLatin1Char('x'));
    int sent = 0;
    int acked = 0;
    int failed = 0;
    QList<double> historyMs;
    QElapsedTimer wall;
    const double writerStart = threadCpuSeconds(QStringLiteral("store-writer"));
    const double processStart = processCpuSeconds();
    wall.start();

    std::function<void()> sendMore;
    sendMore = [&] {
        while (sent < total && sent - acked - failed < inFlightMax) {
            const ConversationView &c = conversations.at(sent % conversationCount);
            AppendRequest request;
            request.message = MessageView { c.id, 0, QStringLiteral("m%1").arg(sent),
                AuthorRole::Visitor, c.visitor.id, c.visitor.name, body, now + sent, false };
            ++sent;
            store.appendMessage(request, [&](const AppendResult &result) {
                if (result.status == StoreStatus::Ok)
                    ++acked;
                else
                    ++failed;
                sendMore();
            });
        }
    };
    sendMore();

    QTimer historyTimer;
    int historyIndex = 0;
    bool historyReading = false;
    QObject::connect(&historyTimer, &QTimer::timeout, [&] {
        if (historyReading)
            return;
        historyReading = true;
        auto started = std::make_shared<QElapsedTimer>();
        started->start();
        const HistoryQuery query { conversations.at(historyIndex++ % conversationCount).id,
            std::nullopt, std::nullopt, 50, true };
        store.fetchHistory(query, [&, started](const HistoryPage &) {
            historyMs.append(double(started->nsecsElapsed()) / 1e6);
            historyReading = false;
        });
    });
    if (historyEvery > 0)
        historyTimer.start(historyEvery);

    while (acked + failed < total)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    historyTimer.stop();
    const double seconds = double(wall.nsecsElapsed()) / 1e9;
    const double writer = threadCpuSeconds(QStringLiteral("store-writer")) - writerStart;
    const double process = processCpuSeconds() - processStart;

    out << "store_bench  " << QDateTime::currentDateTimeUtc().toString(Qt::ISODate) << "  "
        << QSysInfo::prettyProductName() << "  " << cpuModel() << "  "
        << QThread::idealThreadCount() << " cores\n";
    out << total << " messages over " << conversationCount << " conversations, " << inFlightMax
        << " in flight, on " << (Sql::isPostgresLocation(location) ? "PostgreSQL" : "SQLite")
        << " (process CPU is this process's; PostgreSQL's own is not in it): " << acked
        << " stored, " << failed << " failed\n";
    out << QString::asprintf("writer CPU %.1f us/msg, process CPU %.1f us/msg, %.0f msgs/s wall\n",
        writer * 1e6 / total, process * 1e6 / total, total / seconds);
    if (!historyMs.isEmpty()) {
        std::sort(historyMs.begin(), historyMs.end());
        const auto at = [&](double q) {
            return historyMs.at(
                std::min<qsizetype>(historyMs.size() - 1, qsizetype(q * double(historyMs.size()))));
        };
        out << QString::asprintf("latest-50 history during the appends: %lld reads, p50 %.2f ms, "
                                 "p99 %.2f ms, max %.2f ms\n",
            qint64(historyMs.size()), at(0.5), at(0.99), historyMs.last());
    }
    store.close();
    return failed == 0 ? 0 : 1;
}
