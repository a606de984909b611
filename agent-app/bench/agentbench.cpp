// chat-agent-bench: how fast the app shows its first screen, and how much memory long
// conversations take. Prints one line per measurement; record results with the machine and
// date (docs/performance.md is kept by the docs owners).
#include <agentconnection.h>
#include <agentdesk.h>
#include <messagemodel.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>
#include <algorithm>
#include <cstdio>

Q_IMPORT_QML_PLUGIN(ChatAgentPlugin)

namespace {
/// Resident memory in KiB where the platform tells it cheaply (Linux), else -1.
long residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLong();
    }
    return -1;
}

/// One cold start in this process: QApplication to the first frame of the sign-in page.
int startOnce(int argc, char *argv[])
{
    QElapsedTimer clock;
    clock.start();
    QApplication app(argc, argv);
    QQuickStyle::setStyle(QStringLiteral("Basic"));
    QTemporaryDir home;
    qputenv("XDG_CONFIG_HOME", home.path().toUtf8());
    AgentDesk desk(nullptr);
    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/"));
    engine.load(QUrl(QStringLiteral("qrc:/ChatAgent/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    QObject::connect(window, &QQuickWindow::frameSwapped, &app, [&clock] {
        std::printf("%lld\n", static_cast<long long>(clock.elapsed()));
        std::fflush(stdout);
        QCoreApplication::exit(0);
    });
    window->update();
    return app.exec();
}

void measureStartup(const QString &self)
{
    QList<int> runs;
    for (int i = 0; i < 7; ++i) {
        QProcess child;
        child.start(self, { QStringLiteral("--start-once") });
        child.waitForFinished(60'000);
        runs.append(QString::fromUtf8(child.readAllStandardOutput()).trimmed().toInt());
    }
    std::sort(runs.begin(), runs.end());
    std::printf("cold start to sign-in screen (first frame): median %d ms, min %d ms, max %d ms "
                "(%lld runs)\n",
        runs.at(runs.size() / 2), runs.first(), runs.last(), static_cast<long long>(runs.size()));
}

void measureMemory()
{
    constexpr int conversations = 20;
    constexpr int messagesEach = 1000;
    AgentConnection connection; // never connected: the models are filled directly
    const long before = residentKiB();
    QElapsedTimer clock;
    clock.start();
    std::vector<std::unique_ptr<MessageModel>> models;
    const qint64 start = QDateTime::currentMSecsSinceEpoch() - qint64(messagesEach) * 60'000;
    for (int c = 0; c < conversations; ++c) {
        auto model = std::make_unique<MessageModel>(QStringLiteral("c%1").arg(c), &connection);
        QList<MessageView> page;
        for (int seq = 1; seq <= messagesEach; ++seq) {
            MessageView m;
            m.conversationId = model->conversationId();
            m.seq = seq;
            m.clientId = QStringLiteral("m-%1-%2").arg(c).arg(seq);
            m.authorRole = seq % 2 ? QStringLiteral("visitor") : QStringLiteral("agent");
            m.authorId = seq % 2 ? QStringLiteral("visitor-%1").arg(c) : QStringLiteral("agent-1");
            m.authorName
                = seq % 2 ? QStringLiteral("Visitor %1").arg(c) : QStringLiteral("Maya Patel");
            m.body = QStringLiteral(
                "Message %1: a typical support line of about eighty characters, give or take.")
                         .arg(seq);
            m.at = start + seq * 60'000;
            page.append(m);
            if (page.size() == 50) { // as history pages arrive
                model->addMessages(page);
                page.clear();
            }
        }
        models.push_back(std::move(model));
    }
    const qint64 fillMs = clock.elapsed();
    const long after = residentKiB();
    if (before < 0 || after < 0) {
        std::printf("memory: not measured on this platform; filled %d x %d messages in %lld ms\n",
            conversations, messagesEach, static_cast<long long>(fillMs));
        return;
    }
    const double perMessage = double(after - before) * 1024.0 / (conversations * messagesEach);
    std::printf("memory for %d conversations x %d messages: +%ld KiB RSS (%.0f bytes per message), "
                "filled in %lld ms\n",
        conversations, messagesEach, after - before, perMessage, static_cast<long long>(fillMs));
}
} // namespace

int main(int argc, char *argv[])
{
    if (argc > 1 && qstrcmp(argv[1], "--start-once") == 0)
        return startOnce(argc, argv);
    QApplication app(argc, argv);
    measureStartup(QCoreApplication::applicationFilePath());
    measureMemory();
    return 0;
}
