// chat-server: parses the command line and runs one of the commands. Everything it runs
// lives in the chatserver library, which the tests link too.
#include <app/admincommands.h>
#include <app/chatserver.h>
#include <app/restorecommand.h>
#include <app/serverconfig.h>
#include <app/shutdownsignal.h>
#include <eventloop/epolleventdispatcher.h>
#include <storage/sqlitestore.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

namespace {
const char usage[] = "Usage: chat-server <command> [options]\n\n"
                     "Commands:\n"
                     "  serve    run the chat server (HTTP and WebSocket on one port)\n"
                     "  site     add, set, list or disable websites (site --help)\n"
                     "  department add or list a site's departments (department --help)\n"
                     "  agent    add, list, disable, passwd or sign-out support agents (agent "
                     "--help)\n"
                     "  restore  replace a stopped server's database with a backup (restore "
                     "--help)\n\n"
                     "Run 'chat-server <command> --help' for the options of a command.\n";

int serve(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs the chat server: /ws/visitor, /ws/agent, /healthz, /widget.js, /demo."));
    parser.addHelpOption();
    ServerConfig::addOptions(parser);
    QStringList forParser = arguments;
    forParser.removeAt(1);
    parser.process(forParser);

    ServerConfig config;
    if (auto error = config.load(parser)) {
        QTextStream(stderr) << "error: " << *error << Qt::endl;
        return 2;
    }
    ChatServer server(config);
    if (auto error = server.start()) {
        QTextStream(stderr) << "error: " << *error << Qt::endl;
        return 1;
    }
    ShutdownSignal shutdown;
    QObject::connect(&shutdown, &ShutdownSignal::requested, qApp, [](int number) {
        qInfo() << "signal" << number << "received: shutting down";
        QCoreApplication::quit();
    });
    QTextStream(stdout) << "listening on " << (config.servesTls() ? "https" : "http") << "://"
                        << config.address.toString() << ':' << server.port() << Qt::endl;
    return QCoreApplication::exec();
}
} // namespace

int main(int argc, char *argv[])
{
    SqliteStore::configureProcess();
    // The main thread's loop waits with epoll (cost per wake-up independent of the idle
    // connections); CHAT_EVENT_DISPATCHER=qt keeps Qt's own, for comparison.
    if (qgetenv("CHAT_EVENT_DISPATCHER") != "qt") {
        auto *dispatcher = new EpollEventDispatcher;
        if (dispatcher->isValid())
            QCoreApplication::setEventDispatcher(dispatcher);
        else
            delete dispatcher;
    }
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("chat-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CHAT_VERSION));
    qSetMessagePattern(
        QStringLiteral("%{time yyyy-MM-ddThh:mm:ss.zzz} %{type} %{category}: %{message}"));

    const QStringList arguments = app.arguments();
    const QString command = arguments.value(1);
    if (command == u"serve")
        return serve(arguments);
    if (command == u"site" || command == u"agent" || command == u"department")
        return AdminCommands::run(arguments);
    if (command == u"restore")
        return RestoreCommand::run(arguments);
    if (command == u"--version" || command == u"-v") {
        QTextStream(stdout) << "chat-server " << CHAT_VERSION << Qt::endl;
        return 0;
    }
    QTextStream(command.isEmpty() || command == u"--help" || command == u"-h" ? stdout : stderr)
        << usage;
    return command.isEmpty() || command == u"--help" || command == u"-h" ? 0 : 2;
}
