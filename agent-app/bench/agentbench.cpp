// chat-agent-bench: the agent app's three budgets (issue "agent desktop app", Constraints),
// measured on the real app against a real server:
//   1. cold start to the sign-in screen: the real chat-agent binary, from process start to its
//      first frame (--quit-after-first-frame), median of several runs;
//   2. resident memory of the app (Main.qml, AgentDesk and its models, as main.cpp builds
//      them) signed in with 20 open conversations of 1,000 messages each, every message loaded
//      through the protocol's history pages;
//   3. scrolling a 10,000-message conversation: its full history loaded into the real
//      MessageModel, then the real MessageList in the real window scrolled from the newest
//      message to the oldest, frame by frame; each frame's cost is the time from moving the list
//      to the end of rendering (delegate creation, layout, scene graph sync, render), plus the
//      model's own cost per row.
// The server (TestServer: the real ChatServer on a loopback port) runs in this process; the app
// runs in a child process so its memory is its own. Prints one line per measurement: record them
// with the machine and date in docs/performance.md. Not a test: timed assertions make CI flaky.
//
//   QT_QPA_PLATFORM=offscreen chat-agent-bench [--runs 7]
#include <testclient.h>
#include <testserver.h>

#include <agentconnection.h>
#include <agentdesk.h>
#include <conversationlistmodel.h>
#include <conversationnavigator.h>
#include <currentconversation.h>
#include <desknotifier.h>
#include <messagehistories.h>
#include <messagemodel.h>
#include <sessionsettings.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QUuid>
#include <QtQml/qqmlextensionplugin.h>
#include <algorithm>
#include <cstdio>
#include <functional>

Q_IMPORT_QML_PLUGIN(ChatAgentPlugin)

namespace {
constexpr int memoryConversations = 20;
constexpr int memoryMessagesEach = 1000;
constexpr int scrollMessages = 10'000;
const QString memoryAgent = QStringLiteral("memory@bench.example");
const QString scrollAgent = QStringLiteral("scroll@bench.example");

/// Runs the event loop until @p condition holds or @p ms pass, sleeping while nothing happens
/// (a busy wait here would take a core from the process being measured).
bool waitUntil(const std::function<bool()> &condition, int ms = 60'000)
{
    QElapsedTimer clock;
    clock.start();
    QTimer wake; // WaitForMoreEvents returns at least this often
    wake.start(10);
    while (!condition()) {
        if (clock.elapsed() > ms)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

/// Resident memory in KiB where the platform tells it cheaply (Linux), else -1.
long statusKiB(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').first().toLong();
    }
    return -1;
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype index = std::min<qsizetype>(values.size() - 1, qsizetype(p * values.size()));
    return values.at(index);
}

QString messageBody(int n)
{
    return QStringLiteral(
        "Message %1: a typical support line of about eighty characters, give or take.")
        .arg(n);
}

// ---- the server side (this process) ---------------------------------------------------------

/// A visitor as the widget says hello; returns the conversation it starts, or empty.
QString visitorStarts(
    TestServer &server, const QString &site, const QString &name, TestClient &visitor)
{
    if (!visitor.open(server.port(), QStringLiteral("/ws/visitor")))
        return {};
    const auto welcome = visitor.request({ { "type", "hello" }, { "siteKey", site },
        { "name", name }, { "language", "en-GB" }, { "timeZone", "Europe/Berlin" },
        { "page",
            QJsonObject { { "url", "https://shop.example/pricing" }, { "title", "Pricing" },
                { "referrer", "" } } } });
    if (!welcome || welcome->value("type").toString() != u"welcome")
        return {};
    const auto started = visitor.request({ { "type", "conversation.start" } });
    return started ? started->value("conversation").toObject().value("id").toString() : QString();
}

/// Each visitor writes @p count messages into its conversation; all of them pipelined in
/// batches, so the server's group commit sees many messages at once.
bool visitorsWrite(const std::vector<std::pair<TestClient *, QString>> &visitors, int count)
{
    constexpr int batch = 200;
    for (int first = 1; first <= count; first += batch) {
        const int last = std::min(count, first + batch - 1);
        for (const auto &[visitor, conversationId] : visitors) {
            for (int n = first; n <= last; ++n) {
                visitor->send({ { "type", "message.send" }, { "rid", QStringLiteral("m%1").arg(n) },
                    { "conversationId", conversationId },
                    { "clientId", QUuid::createUuid().toString(QUuid::WithoutBraces) },
                    { "body", messageBody(n) } });
            }
        }
        const QString lastRid = QStringLiteral("m%1").arg(last);
        for (const auto &[visitor, conversationId] : visitors) {
            if (!visitor->waitFor(
                    [&lastRid](
                        const QJsonObject &m) { return m.value("rid").toString() == lastRid; },
                    120'000))
                return false;
            visitor->consumeAll();
        }
    }
    return true;
}

struct Seeded
{
    QString site;
    QString longConversationId;
    std::unique_ptr<TestClient> memoryAgentSession; // keeps the 20 chats assigned
    std::vector<std::unique_ptr<TestClient>> visitors;
};

bool seed(TestServer &server, Seeded &seeded)
{
    seeded.site = server.addSite(QStringLiteral("Bench shop"));
    server.addAgent(memoryAgent, QStringLiteral("Maya Patel"), memoryConversations);
    server.addAgent(scrollAgent, QStringLiteral("Sam Scroller"), 1);

    // The long conversation first, closed, while nobody is online to take it.
    auto longVisitor = std::make_unique<TestClient>();
    seeded.longConversationId
        = visitorStarts(server, seeded.site, QStringLiteral("Lena Long"), *longVisitor);
    if (seeded.longConversationId.isEmpty()
        || !visitorsWrite({ { longVisitor.get(), seeded.longConversationId } }, scrollMessages))
        return false;
    if (!longVisitor->request(
            { { "type", "conversation.close" }, { "conversationId", seeded.longConversationId } }))
        return false;
    longVisitor->close();

    // Twenty chats assigned to one agent, who stays signed in elsewhere while the app runs.
    seeded.memoryAgentSession = std::make_unique<TestClient>();
    if (!seeded.memoryAgentSession->open(server.port(), QStringLiteral("/ws/agent"))
        || !seeded.memoryAgentSession->login(memoryAgent, TestServer::password()))
        return false;
    seeded.memoryAgentSession->send({ { "type", "presence.set" }, { "status", "online" } });
    seeded.memoryAgentSession->waitFor([](const QJsonObject &m) { // applied before visitors come
        return m.value("type").toString() == u"presence"
            && m.value("agent").toObject().value("status").toString() == u"online";
    });
    std::vector<std::pair<TestClient *, QString>> writers;
    for (int c = 0; c < memoryConversations; ++c) {
        auto visitor = std::make_unique<TestClient>();
        const QString id
            = visitorStarts(server, seeded.site, QStringLiteral("Visitor %1").arg(c + 1), *visitor);
        if (id.isEmpty())
            return false;
        writers.emplace_back(visitor.get(), id);
        seeded.visitors.push_back(std::move(visitor));
    }
    if (!visitorsWrite(writers, memoryMessagesEach))
        return false;
    seeded.memoryAgentSession->consumeAll();
    return true;
}

/// Runs this program as the app (`--app-...`) and returns its output lines.
QStringList runChild(const QStringList &arguments, int timeoutMs = 300'000)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CHAT_AGENT_PASSWORD"), TestServer::password());
    child.setProcessEnvironment(env);
    child.start(QCoreApplication::applicationFilePath(), arguments);
    // The server lives in this process: keep its event loop running while the child works.
    waitUntil([&child] { return child.state() == QProcess::NotRunning; }, timeoutMs);
    if (child.state() != QProcess::NotRunning) {
        child.kill();
        child.waitForFinished();
    }
    return QString::fromUtf8(child.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
}

void measureColdStart(int runs)
{
    QTemporaryDir home;
    QList<double> times;
    for (int i = 0; i < runs; ++i) {
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        app.setProcessEnvironment(env);
        QElapsedTimer clock;
        clock.start();
        app.start(QStringLiteral(CHAT_AGENT_BIN),
            { QStringLiteral("--settings"), home.filePath(QStringLiteral("settings.ini")),
                QStringLiteral("--quit-after-first-frame") });
        if (!app.waitForReadyRead(30'000)) {
            std::printf("cold start: the app showed no first frame (%s)\n",
                qPrintable(QString::fromUtf8(app.readAllStandardError())));
            app.kill();
            return;
        }
        times.append(double(clock.nsecsElapsed()) / 1e6);
        app.waitForFinished(30'000);
    }
    std::printf("cold start to the sign-in screen (process start to first frame, %lld runs): "
                "first %.0f ms, median %.0f ms, max %.0f ms\n",
        static_cast<long long>(times.size()), times.first(), percentile(times, 0.5),
        *std::max_element(times.begin(), times.end()));
}

// ---- the app side (child process) -----------------------------------------------------------

/// The app as main.cpp builds it, signed in to @p server as @p email.
struct App
{
    QTemporaryDir home;
    std::unique_ptr<SessionSettings> settings;
    std::unique_ptr<AgentDesk> desk;
    std::unique_ptr<QQmlApplicationEngine> engine;
    QQuickWindow *window = nullptr;

    bool start(const QString &server, const QString &email)
    {
        settings = std::make_unique<SessionSettings>(home.filePath(QStringLiteral("app.ini")));
        settings->setMuted(true);
        settings->setOnlineOnSignIn(false); // take no new chats while measuring
        desk = std::make_unique<AgentDesk>(settings.get());
        desk->setDataDirectory(home.filePath(QStringLiteral("data")));
        desk->notifier()->setAudible(false);
        engine = std::make_unique<QQmlApplicationEngine>();
        engine->addImportPath(QStringLiteral("qrc:/"));
        engine->load(QUrl(QStringLiteral("qrc:/ChatAgent/Main.qml")));
        if (engine->rootObjects().isEmpty())
            return false;
        window = qobject_cast<QQuickWindow *>(engine->rootObjects().constFirst());
        desk->signIn(server, email, qEnvironmentVariable("CHAT_AGENT_PASSWORD"));
        return window && waitUntil([this] { return desk->isReady(); }, 30'000);
    }

    /// Loads every page of @p conversationId's history into its MessageModel.
    bool loadAll(const QString &conversationId, int expected)
    {
        desk->navigator()->open(conversationId);
        MessageModel *messages = desk->current()->messages();
        if (!messages || !waitUntil([messages] { return messages->isLoaded(); }))
            return false;
        while (messages->count() < expected && messages->hasOlder()) {
            messages->loadOlder();
            if (!waitUntil([messages] { return !messages->isLoading(); }))
                return false;
        }
        return messages->count() >= expected;
    }

    /// Renders frames for @p ms so the window settles.
    void settle(int ms)
    {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < ms) {
            window->update();
            QCoreApplication::processEvents(QEventLoop::AllEvents, 16);
        }
    }
};

int appMemory(const QString &server)
{
    App app;
    if (!app.start(server, memoryAgent))
        return 1;
    app.settle(500);
    const long signedInKiB = statusKiB("VmRSS:");
    ConversationListModel *mine = app.desk->conversations();
    if (mine->count() < memoryConversations) {
        std::fprintf(stderr, "memory: only %d conversations assigned\n", mine->count());
        return 1;
    }
    QElapsedTimer clock;
    clock.start();
    QStringList ids;
    for (int row = 0; row < memoryConversations; ++row)
        ids.append(mine->idAt(row));
    int loaded = 0;
    for (const QString &id : std::as_const(ids)) {
        if (!app.loadAll(id, memoryMessagesEach))
            return 1;
        ++loaded;
    }
    const qint64 loadMs = clock.elapsed();
    // Every history is still held (my open chats keep theirs), and the last one is on screen.
    int held = 0;
    for (const QString &id : std::as_const(ids))
        held += app.desk->histories()->find(id) ? app.desk->histories()->find(id)->count() : 0;
    app.settle(1000);
    std::printf("memory %ld %ld %ld %d %d %lld\n", signedInKiB, statusKiB("VmRSS:"),
        statusKiB("VmHWM:"), loaded, held, static_cast<long long>(loadMs));
    return 0;
}

int appScroll(const QString &server, const QString &conversationId)
{
    App app;
    if (!app.start(server, scrollAgent))
        return 1;
    app.window->resize(1320, 820);
    QElapsedTimer clock;
    clock.start();
    if (!app.loadAll(conversationId, scrollMessages))
        return 1;
    const qint64 loadMs = clock.elapsed();
    MessageModel *messages = app.desk->current()->messages();

    // The model on its own: every role of every row, as delegates read them.
    const QList<int> roles = messages->roleNames().keys();
    clock.restart();
    qsizetype touched = 0;
    for (int row = 0; row < messages->rowCount(); ++row) {
        const QModelIndex index = messages->index(row);
        for (int role : roles)
            touched += messages->data(index, role).isValid() ? 1 : 0;
    }
    const double modelUsPerRow = double(clock.nsecsElapsed()) / 1e3 / messages->rowCount();

    auto *list = app.window->findChild<QQuickItem *>(QStringLiteral("messageList"));
    if (!list)
        return 1;
    app.settle(500); // at the newest message
    QElapsedTimer frameClock;
    double frameMs = 0;
    bool rendered = false;
    QObject::connect(
        app.window, &QQuickWindow::afterRendering, app.window,
        [&] { frameMs = double(frameClock.nsecsElapsed()) / 1e6; }, Qt::DirectConnection);
    QObject::connect(
        app.window, &QQuickWindow::frameSwapped, app.window, [&] { rendered = true; },
        Qt::DirectConnection);

    // Scroll from the newest message to the oldest, 120 px a frame (a brisk wheel or flick).
    QList<double> frames;
    const double step = 120;
    double y = list->property("contentY").toDouble();
    int steps = 0;
    while (!list->property("atYBeginning").toBool() && steps < 100'000) {
        y -= step;
        rendered = false;
        frameClock.start();
        list->setProperty("contentY", y);
        app.window->update();
        if (!waitUntil([&rendered] { return rendered; }, 5000))
            break;
        frames.append(frameMs);
        y = list->property("contentY").toDouble(); // the list may correct it as rows are measured
        ++steps;
    }
    // And jumps, as dragging the scroll bar does: every frame shows rows it has not built.
    QList<double> jumps;
    for (int i = 1; i <= 50; ++i) {
        const int row = int(qint64(i) * 7919 % messages->rowCount());
        rendered = false;
        frameClock.start();
        QMetaObject::invokeMethod(list, "positionViewAtIndex", Q_ARG(int, row), Q_ARG(int, 0));
        app.window->update();
        if (!waitUntil([&rendered] { return rendered; }, 5000))
            break;
        jumps.append(frameMs);
    }
    const qsizetype over16
        = std::count_if(frames.begin(), frames.end(), [](double ms) { return ms > 16.7; });
    std::printf("scroll %d %lld %.2f %lld %.2f %.2f %.2f %.2f %lld %.2f %.2f %lld\n",
        messages->rowCount(), static_cast<long long>(loadMs), modelUsPerRow,
        static_cast<long long>(frames.size()), percentile(frames, 0.5), percentile(frames, 0.95),
        percentile(frames, 0.99),
        frames.isEmpty() ? 0.0 : *std::max_element(frames.begin(), frames.end()),
        static_cast<long long>(over16), percentile(jumps, 0.5), percentile(jumps, 0.95),
        static_cast<long long>(touched));
    return 0;
}

int runApp(const QStringList &arguments)
{
    qputenv("QSG_RENDER_LOOP", "basic"); // frames on this thread, so each one can be timed
    int argc = 1;
    char name[] = "chat-agent";
    char *argv[] = { name, nullptr };
    QApplication application(argc, argv);
    QApplication::setApplicationName(QStringLiteral("chat-agent-bench"));
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        QQuickStyle::setStyle(QStringLiteral("Basic"));
    if (arguments.value(1) == u"--app-memory")
        return appMemory(arguments.value(2));
    return appScroll(arguments.value(2), arguments.value(3));
}
} // namespace

int main(int argc, char *argv[])
{
    if (argc > 1 && qstrncmp(argv[1], "--app-", 6) == 0) {
        QStringList arguments;
        for (int i = 0; i < argc; ++i)
            arguments.append(QString::fromLocal8Bit(argv[i]));
        return runApp(arguments);
    }
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The agent app's start, memory and scrolling."));
    parser.addHelpOption();
    const QCommandLineOption runsOption(QStringLiteral("runs"),
        QStringLiteral("Cold starts to time (default 7)."), QStringLiteral("n"),
        QStringLiteral("7"));
    parser.addOption(runsOption);
    parser.process(app);

    std::printf("chat-agent-bench on %s, %s, %d cores, QT_QPA_PLATFORM=%s\n",
        qPrintable(QSysInfo::prettyProductName()), qPrintable(QSysInfo::currentCpuArchitecture()),
        QThread::idealThreadCount(),
        qPrintable(qEnvironmentVariable("QT_QPA_PLATFORM", "(default)")));
    std::fflush(stdout);
    measureColdStart(std::max(1, parser.value(runsOption).toInt()));
    std::fflush(stdout);

    TestServer server;
    // The seeding writes thousands of messages as fast as the server takes them: the abuse
    // limits a production server keeps (per connection and per visitor) would refuse them.
    server.config().messageLimits.visitorFrames = {};
    server.config().messageLimits.visitorMessages = {};
    server.config().messageLimits.floodCloseAfter = 0;
    Seeded seeded;
    QElapsedTimer seeding;
    seeding.start();
    if (!server.start() || !seed(server, seeded)) {
        std::printf("could not seed the server\n");
        return 1;
    }
    std::printf("seeded %d x %d + %d messages through the real server in %lld ms\n",
        memoryConversations, memoryMessagesEach, scrollMessages,
        static_cast<long long>(seeding.elapsed()));
    std::fflush(stdout);
    const QString address = QStringLiteral("http://127.0.0.1:%1").arg(server.port());

    for (const QString &line : runChild({ QStringLiteral("--app-memory"), address })) {
        const QStringList f = line.split(' ');
        if (f.value(0) != u"memory" || f.size() < 7)
            continue;
        std::printf("memory with %s open conversations holding %s messages in all: %.1f MiB "
                    "resident (%.1f MiB signed in, before loading them; peak %.1f MiB); "
                    "histories loaded in %s ms\n",
            qPrintable(f.at(4)), qPrintable(f.at(5)), f.at(2).toDouble() / 1024,
            f.at(1).toDouble() / 1024, f.at(3).toDouble() / 1024, qPrintable(f.at(6)));
    }
    std::fflush(stdout);
    for (const QString &line :
        runChild({ QStringLiteral("--app-scroll"), address, seeded.longConversationId })) {
        const QStringList f = line.split(' ');
        if (f.value(0) != u"scroll" || f.size() < 12)
            continue;
        std::printf("scrolling a %s-message conversation (history loaded in %s ms): model %s µs "
                    "per row for every role; %s frames of 120 px from newest to oldest: median "
                    "%s ms, p95 %s ms, p99 %s ms, max %s ms, %s over 16.7 ms; jumps (scroll "
                    "bar): median %s ms, p95 %s ms\n",
            qPrintable(f.at(1)), qPrintable(f.at(2)), qPrintable(f.at(3)), qPrintable(f.at(4)),
            qPrintable(f.at(5)), qPrintable(f.at(6)), qPrintable(f.at(7)), qPrintable(f.at(8)),
            qPrintable(f.at(9)), qPrintable(f.at(10)), qPrintable(f.at(11)));
    }
    return 0;
}
