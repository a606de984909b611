// chat-server: parses the command line and runs one of the commands. Everything it runs
// lives in the chatserver library, which the tests link too.
#include <app/admincommands.h>
#include <app/backupcommand.h>
#include <app/chatserver.h>
#include <app/checkcommand.h>
#include <app/fatalsignallog.h>
#include <app/filescommand.h>
#include <app/restorecommand.h>
#include <app/serverconfig.h>
#include <app/shutdownsignal.h>
#include <eventloop/epolleventdispatcher.h>
#include <storage/sqlstore.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>
#include <unistd.h>

namespace {
const char usage[] = "Usage: chat-server <command> [options]\n\n"
                     "Commands:\n"
                     "  serve    run the chat server (HTTP and WebSocket on one port)\n"
                     "  site     add, set, list or disable websites (site --help)\n"
                     "  department add or list a site's departments (department --help)\n"
                     "  agent    add, list, disable, passwd or sign-out support agents (agent "
                     "--help)\n"
                     "  check    run the full integrity check of a database (check --help)\n"
                     "  backup   copy the database consistently while the server runs (backup "
                     "--help)\n"
                     "  restore  replace a stopped server's database with a backup (restore "
                     "--help)\n"
                     "  files    prune uploads no message took up (files --help)\n\n"
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
    // The first signal drains (docs/operations.md, "Stopping the server"); a second one, or a drain
    // that ran out of time, exits at once: SQLite's journal keeps every commit whole, and the
    // clients resend what was not acknowledged. _exit, because a stuck database writer would
    // hold up a normal exit.
    ShutdownSignal shutdown;
    QObject::connect(&shutdown, &ShutdownSignal::requested, qApp,
        [&server, timeoutMs = config.shutdownTimeoutMs](int number) {
            if (server.isShuttingDown()) {
                qWarning() << "signal" << number << "received again: exiting now, status 1";
                ::_exit(1);
            }
            qInfo() << "signal" << number << "received: shutting down";
            server.shutDown(timeoutMs, [](const ShutdownDrain::Outcome &outcome) {
                if (outcome.complete())
                    return QCoreApplication::exit(0);
                qWarning() << "shutdown timed out with" << outcome.requestsPending
                           << "database requests pending: exiting, status 1";
                ::_exit(1);
            });
        });
    QTextStream(stdout) << "listening on " << (config.servesTls() ? "https" : "http") << "://"
                        << config.address.toString() << ':' << server.port() << Qt::endl;
    if (server.healthPort())
        QTextStream(stdout) << "health checks on http://" << config.healthAddress.toString() << ':'
                            << server.healthPort() << "/healthz" << Qt::endl;
    return QCoreApplication::exec();
}
} // namespace

int main(int argc, char *argv[])
{
    SqlStore::configureProcess();
    FatalSignalLog::install();
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
    if (command == u"check")
        return CheckCommand::run(arguments);
    if (command == u"backup")
        return BackupCommand::run(arguments.mid(1));
    if (command == u"restore")
        return RestoreCommand::run(arguments);
    if (command == u"files")
        return FilesCommand::run(arguments);
    if (command == u"--version" || command == u"-v") {
        QTextStream(stdout) << "chat-server " << CHAT_VERSION << Qt::endl;
        return 0;
    }
    QTextStream(command.isEmpty() || command == u"--help" || command == u"-h" ? stdout : stderr)
        << usage;
    return command.isEmpty() || command == u"--help" || command == u"-h" ? 0 : 2;
}
