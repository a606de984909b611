#include "backupcommand.h"

#include <files/fileblobs.h>
#include <files/filesfolder.h>
#include <storage/sqldialect.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

namespace {
/// fsync of a file or a folder (the folder holds the new name); false with errno set.
bool syncPath(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool synced = ::fsync(fd) == 0;
    const int error = errno;
    ::close(fd);
    errno = error;
    return synced;
}

/// Gives @p from the name @p to; without @p overwrite, fails (EEXIST) when @p to exists, even
/// if it appeared meanwhile.
bool moveIntoPlace(const QString &from, const QString &to, bool overwrite)
{
    const QByteArray source = QFile::encodeName(from);
    const QByteArray target = QFile::encodeName(to);
    if (overwrite)
        return ::rename(source.constData(), target.constData()) == 0;
    // A hard link never replaces a file; the temporary name goes after it.
    if (::link(source.constData(), target.constData()) != 0)
        return false;
    ::unlink(source.constData());
    return true;
}

QString systemError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

/// Runs the copy on its own connection; an error message, or nothing.
std::optional<QString> vacuumInto(const QString &databasePath, const QString &temporary)
{
    const QString name = QStringLiteral("backup-%1").arg(quintptr(&temporary));
    std::optional<QString> error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(databasePath);
        // The server's writer holds the write lock only for a commit; a copy needs none.
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            error = QStringLiteral("cannot open %1: %2").arg(databasePath, db.lastError().text());
        } else {
            QSqlQuery query(db);
            if (!query.exec(QStringLiteral("SELECT version FROM schema_version")))
                error = QStringLiteral("cannot read %1 as a chat database: %2")
                            .arg(databasePath, query.lastError().text());
            else if (!query.next())
                error = QStringLiteral("%1 is not a chat database (no schema version)")
                            .arg(databasePath);
            else if (!query.prepare(QStringLiteral("VACUUM INTO ?")))
                error = query.lastError().text();
            else {
                query.addBindValue(temporary);
                if (!query.exec())
                    error = QStringLiteral("the copy failed: %1").arg(query.lastError().text());
            }
            query.finish();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}
} // namespace

std::variant<BackupCommand::Copied, QString> BackupCommand::backUp(
    const QString &databasePath, const QString &target, bool overwrite)
{
    QElapsedTimer timer;
    timer.start();
    if (!QFileInfo(databasePath).isFile())
        return QStringLiteral("no database at %1").arg(databasePath);
    const QFileInfo targetInfo(target);
    const QString folder = targetInfo.absolutePath();
    if (!QFileInfo(folder).isDir())
        return QStringLiteral("the folder %1 does not exist").arg(folder);
    if (targetInfo.exists() && !overwrite)
        return QStringLiteral("%1 exists already: choose another name, or pass --force to "
                              "replace it")
            .arg(target);
    if (targetInfo.exists()
        && QFileInfo(databasePath).canonicalFilePath() == targetInfo.canonicalFilePath())
        return QStringLiteral("%1 is the database itself").arg(target);

    const QString temporary = QStringLiteral("%1.partial-%2")
                                  .arg(targetInfo.absoluteFilePath())
                                  .arg(QCoreApplication::applicationPid());
    auto removeTemporary = [&temporary] {
        QFile::remove(temporary);
        QFile::remove(temporary + QStringLiteral("-journal"));
    };
    removeTemporary(); // left by an earlier run with the same process id
    if (auto error = vacuumInto(databasePath, temporary)) {
        removeTemporary();
        return *error;
    }
    if (!syncPath(temporary)) {
        const QString error = systemError();
        removeTemporary();
        return QStringLiteral("cannot sync %1 to disk: %2").arg(temporary, error);
    }
    if (!moveIntoPlace(temporary, target, overwrite)) {
        const QString error = errno == EEXIST
            ? QStringLiteral("%1 appeared meanwhile; pass --force to replace it").arg(target)
            : QStringLiteral("cannot rename %1 to %2: %3").arg(temporary, target, systemError());
        removeTemporary();
        return error;
    }
    syncPath(folder); // the new name survives a power cut too
    // After the database: every file the copy names was on disk before its record was written.
    if (auto error = FilesFolder::copyTo(
            FileBlobs::besideDatabase(databasePath), FileBlobs::besideDatabase(target)))
        return QStringLiteral("the database was copied to %1, but not its files: %2")
            .arg(target, *error);
    return Copied { QFileInfo(target).size(), timer.elapsed() };
}

int BackupCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "chat-server backup --db DB FILE: writes a consistent copy of the database to FILE while "
        "the server runs, without holding up its writes. FILE is written under a temporary "
        "name beside it and renamed once complete, so it is never a partial copy."));
    parser.addHelpOption();
    parser.addOption({ QStringLiteral("db"),
        QStringLiteral("SQLite database file (env CHAT_DB). Default data/chat.db."),
        QStringLiteral("path") });
    parser.addOption({ QStringLiteral("force"),
        QStringLiteral("Replace FILE if it exists (default: refuse).") });
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Where the copy goes."));
    parser.process(arguments); // exits with a message on unknown options and --help

    QTextStream err(stderr);
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        err << "error: backup takes one FILE (chat-server backup --db DB FILE)" << Qt::endl;
        return 2;
    }
    // Background work: the server's senders go first on a busy machine (measured: the ack
    // p99 under load roughly doubled during an unniced backup on 2 cores, docs/performance.md).
    ::setpriority(PRIO_PROCESS, 0, 19);
    QString database = parser.value(QStringLiteral("db"));
    if (database.isEmpty())
        database = qEnvironmentVariable("CHAT_DB", QStringLiteral("data/chat.db"));
    if (Sql::isPostgresLocation(database)) {
        err << "error: " << Sql::notForPostgres(database) << Qt::endl;
        return 1;
    }
    const auto result = backUp(database, positional.first(), parser.isSet(QStringLiteral("force")));
    if (const auto *error = std::get_if<QString>(&result)) {
        err << "error: backup not written: " << *error << Qt::endl;
        return 1;
    }
    const Copied copied = std::get<Copied>(result);
    err << "backed up " << database << " to " << positional.first() << ": " << copied.bytes
        << " bytes in " << copied.elapsedMs << " ms" << Qt::endl;
    return 0;
}
