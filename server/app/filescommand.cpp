#include "filescommand.h"

#include "serverconfig.h"

#include <files/fileblobs.h>
#include <storage/sqldialect.h>
#include <storage/sqlstore.h>
#include <storage/tables/filetable.h>

#include <QCommandLineParser>
#include <QDateTime>
#include <QDirIterator>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QTextStream>

namespace FilesCommand {

std::optional<Pruned> prune(const QString &databasePath, const QString &filesFolder, qint64 graceMs,
    qint64 nowMs, QString *error)
{
    if (!Sql::isPostgresLocation(databasePath) && !QFileInfo(databasePath).isFile()) {
        *error = QStringLiteral("no database at %1").arg(databasePath);
        return std::nullopt;
    }
    SqlStore store(databasePath);
    if (auto failed = store.open()) {
        *error = *failed;
        return std::nullopt;
    }
    Pruned pruned;
    QSet<QString> named;
    const bool ok = store.runBlocking([&](QSqlDatabase &db) {
        FileTable files(db);
        const auto removed = files.removeUnsent(nowMs - graceMs);
        if (!removed)
            return false;
        pruned.records = *removed;
        const auto hashes = files.hashes();
        if (!hashes)
            return false;
        named = *hashes;
        return true;
    });
    store.close();
    if (!ok) {
        *error = QStringLiteral("cannot read the files' records from %1")
                     .arg(Sql::redacted(databasePath));
        return std::nullopt;
    }
    const FileBlobs blobs(filesFolder);
    static const QRegularExpression blobName(QStringLiteral("^[0-9a-f]{64}$"));
    const QDateTime graceStart = QDateTime::fromMSecsSinceEpoch(nowMs - graceMs);
    QDirIterator it(blobs.root(), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo file(it.next());
        if (!blobName.match(file.fileName()).hasMatch() || named.contains(file.fileName())
            || file.lastModified() > graceStart)
            continue;
        const qint64 size = file.size();
        if (blobs.remove(file.fileName())) {
            ++pruned.blobs;
            pruned.bytes += size;
        }
    }
    return pruned;
}

int run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "chat-server files prune --db DB: removes uploads no message took up within the grace "
        "time, and the bytes no upload names any more. Safe while the server runs."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("prune"));
    parser.addOption({ QStringLiteral("db"),
        QStringLiteral("SQLite database file or PostgreSQL URL (env CHAT_DB). Default "
                       "data/chat.db."),
        QStringLiteral("path|url") });
    parser.addOption({ QStringLiteral("files"),
        QStringLiteral("Folder of the attachments (env CHAT_FILES), as the server's --files."),
        QStringLiteral("dir") });
    parser.addOption({ QStringLiteral("grace-hours"),
        QStringLiteral("Keep uploads and bytes younger than this, default 24."),
        QStringLiteral("hours") });
    QStringList forParser = arguments;
    forParser.removeAt(1); // "files"
    parser.process(forParser);
    QTextStream err(stderr);
    if (parser.positionalArguments() != QStringList { QStringLiteral("prune") }) {
        err << "usage: chat-server files prune --db DB [--grace-hours 24]" << Qt::endl;
        return 2;
    }
    bool ok = true;
    const double hours = parser.isSet(QStringLiteral("grace-hours"))
        ? parser.value(QStringLiteral("grace-hours")).toDouble(&ok)
        : 24;
    if (!ok || hours < 0) {
        err << "error: --grace-hours takes a number of hours, 0 or more" << Qt::endl;
        return 2;
    }
    QString database = parser.value(QStringLiteral("db"));
    if (database.isEmpty())
        database = qEnvironmentVariable("CHAT_DB", QStringLiteral("data/chat.db"));
    ServerConfig where;
    where.databasePath = database;
    where.filesFolder = parser.value(QStringLiteral("files"));
    if (where.filesFolder.isEmpty())
        where.filesFolder = qEnvironmentVariable("CHAT_FILES");
    QString error;
    const auto pruned = prune(database, where.effectiveFilesFolder(), qint64(hours * 3600 * 1000),
        QDateTime::currentMSecsSinceEpoch(), &error);
    if (!pruned) {
        err << "error: " << error << Qt::endl;
        return 1;
    }
    err << "removed " << pruned->records << " unsent uploads and " << pruned->blobs
        << " unused files (" << pruned->bytes << " bytes)" << Qt::endl;
    return 0;
}

} // namespace FilesCommand
