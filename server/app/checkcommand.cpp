#include "checkcommand.h"

#include <storage/databaseintegrity.h>
#include <storage/sqldialect.h>

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTextStream>

int CheckCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs SQLite's full integrity check (PRAGMA integrity_check) on a chat database, "
        "read-only: prints 'ok' and exits 0, or prints each problem and exits 1."));
    parser.addHelpOption();
    parser.addOption({ QStringLiteral("db"),
        QStringLiteral("SQLite database file (env CHAT_DB). Default data/chat.db."),
        QStringLiteral("path") });
    QStringList forParser = arguments;
    forParser.removeAt(1);
    parser.process(forParser);
    QString path = parser.value(QStringLiteral("db"));
    if (path.isEmpty())
        path = qEnvironmentVariable("CHAT_DB", QStringLiteral("data/chat.db"));
    if (Sql::isPostgresLocation(path)) {
        QTextStream(stderr) << "error: " << Sql::notForPostgres(path) << Qt::endl;
        return 1;
    }

    QElapsedTimer took;
    took.start();
    const DatabaseIntegrity::Report report = DatabaseIntegrity::integrityCheck(path);
    QTextStream out(stdout);
    for (const QString &line : report.lines)
        out << line << Qt::endl;
    QTextStream err(stderr);
    if (report.ok) {
        err << path << ": intact (integrity_check in " << took.elapsed() << " ms)" << Qt::endl;
        return 0;
    }
    err << path
        << ": damaged or unreadable. Do not serve it: restore a backup (docs/operations.md, "
           "\"Failure modes\")."
        << Qt::endl;
    return 1;
}
