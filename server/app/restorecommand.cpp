#include "restorecommand.h"

#include <storage/databasefile.h>
#include <storage/migrator.h>
#include <storage/sqlconnection.h>
#include <storage/sqldialect.h>
#include <storage/tables/epochtable.h>

#include <files/fileblobs.h>
#include <files/filesfolder.h>

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace {

int fail(const QString &message)
{
    QTextStream(stderr) << "error: " << message << Qt::endl;
    return 1;
}

/// The files SQLite keeps beside @p path; a stale one would be replayed onto the restored file.
QStringList companionsOf(const QString &path)
{
    return { path + QStringLiteral("-wal"), path + QStringLiteral("-shm"),
        path + QStringLiteral("-journal") };
}

bool removeFiles(const QStringList &paths, QString &problem)
{
    for (const QString &path : paths) {
        if (QFileInfo::exists(path) && !QFile::remove(path)) {
            problem = QStringLiteral("cannot remove %1").arg(path);
            return false;
        }
    }
    return true;
}

/// Flushes @p path (a file or a folder) to disk, so a rename survives a power cut.
bool syncToDisk(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    return synced;
}

/// Migrates the copy at @p path to this binary's schema and gives it a new epoch; the copy's
/// WAL is checkpointed and removed when the connection closes.
std::optional<QString> prepareCopy(const QString &path, QString &epoch)
{
    SqlConnection connection(path);
    if (!connection.isOpen())
        return QStringLiteral("cannot open the copy %1: %2").arg(path, connection.errorText());
    if (auto error = Migrator(connection.database()).migrate())
        return QStringLiteral("cannot upgrade the copy: %1").arg(*error);
    const auto renewed = EpochTable(connection.database()).renew();
    if (!renewed)
        return QStringLiteral("cannot write a new epoch into the copy %1").arg(path);
    epoch = *renewed;
    return std::nullopt;
}

} // namespace

namespace RestoreCommand {

int run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "chat-server restore --db DB FILE: replaces the database DB with the backup FILE. The "
        "server must be stopped. FILE is checked (integrity, and that it is a database of "
        "chat-server) before DB is touched; DB gets a new epoch, so clients refetch their "
        "conversations instead of trusting message numbers."));
    parser.addHelpOption();
    parser.addOption({ QStringLiteral("db"),
        QStringLiteral("The server's SQLite database to replace (env CHAT_DB). Default "
                       "data/chat.db."),
        QStringLiteral("path") });
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("The backup to restore."));
    QStringList forParser = arguments;
    forParser.removeAt(1);
    parser.process(forParser);
    if (parser.positionalArguments().size() != 1) {
        QTextStream(stderr) << "usage: chat-server restore --db DB FILE" << Qt::endl;
        return 2;
    }
    const QString backup = parser.positionalArguments().constFirst();
    QString db = parser.value(QStringLiteral("db"));
    if (db.isEmpty())
        db = qEnvironmentVariable("CHAT_DB", QStringLiteral("data/chat.db"));
    if (Sql::isPostgresLocation(db))
        return fail(Sql::notForPostgres(db));

    const QFileInfo backupInfo(backup);
    const QFileInfo dbInfo(db);
    if (dbInfo.exists() && backupInfo.exists()
        && dbInfo.canonicalFilePath() == backupInfo.canonicalFilePath())
        return fail(QStringLiteral("%1 is the database itself, not a backup of it").arg(backup));
    if (auto problem = DatabaseFile::checkRestorable(backup))
        return fail(*problem + QStringLiteral("; %1 was not touched").arg(db));
    if (DatabaseFile::isOpenElsewhere(db))
        return fail(QStringLiteral("%1 is in use (is chat-server running on it?): stop the server "
                                   "first, then restore; %1 was not touched")
                        .arg(db));
    if (!QDir().mkpath(dbInfo.absolutePath()))
        return fail(QStringLiteral("cannot create folder %1").arg(dbInfo.absolutePath()));

    // The copy is made and finished under a temporary name beside DB, then renamed over it:
    // DB is either the old database or the whole restored one, never a part of a copy.
    const QString temporary = db + QStringLiteral(".restoring");
    QString problem;
    if (!removeFiles(QStringList { temporary } + companionsOf(temporary), problem))
        return fail(problem);
    QString epoch;
    auto error = DatabaseFile::copy(backup, temporary);
    if (!error)
        error = prepareCopy(temporary, epoch);
    if (!error && QFileInfo::exists(temporary + QStringLiteral("-wal")))
        error = QStringLiteral("the copy's journal was not folded in");
    if (!error && !syncToDisk(temporary))
        error = QStringLiteral("cannot flush %1 to disk").arg(temporary);
    if (error) {
        removeFiles(QStringList { temporary } + companionsOf(temporary), problem);
        return fail(*error + QStringLiteral("; %1 was not touched").arg(db));
    }

    // Asked again right before the swap: a server started meanwhile must not lose its file.
    if (DatabaseFile::isOpenElsewhere(db)) {
        removeFiles(QStringList { temporary } + companionsOf(temporary), problem);
        return fail(QStringLiteral("%1 was opened meanwhile (is chat-server running on it?): "
                                   "stop the server first; %1 was not touched")
                        .arg(db));
    }
    // The old database's journal files belong to the old file: replayed onto the restored one
    // they would damage it. No server has them open (checked just above).
    if (!removeFiles(companionsOf(db), problem))
        return fail(problem + QStringLiteral("; %1 was not replaced").arg(db));
    if (std::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(db).constData())
        != 0)
        return fail(QStringLiteral("cannot rename %1 to %2: %3")
                        .arg(temporary, db, QString::fromLocal8Bit(std::strerror(errno))));
    syncToDisk(dbInfo.absolutePath());
    removeFiles(companionsOf(temporary), problem); // none are left normally: SQLite removes them
    // The attachments the backup names; those already here are the same bytes (by their hash).
    if (auto error
        = FilesFolder::mergeInto(FileBlobs::besideDatabase(backup), FileBlobs::besideDatabase(db)))
        return fail(
            QStringLiteral("%1 was restored, but not all of its files: %2; copy the "
                           "folder %3 into %4 by hand")
                .arg(db, *error, FileBlobs::besideDatabase(backup), FileBlobs::besideDatabase(db)));

    QTextStream(stderr) << "restored " << backup << " into " << db << "; new epoch " << epoch
                        << ": clients will refetch their conversations" << Qt::endl;
    return 0;
}

} // namespace RestoreCommand
