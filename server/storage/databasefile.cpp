#include "databasefile.h"

#include "migrator.h"

#include <QFileInfo>
#include <memory>
#include <sqlite3.h>

namespace {

struct CloseDatabase
{
    void operator()(sqlite3 *db) const { sqlite3_close_v2(db); }
};
using Handle = std::unique_ptr<sqlite3, CloseDatabase>;

/// Opens @p path without creating it; a null handle when that fails.
Handle openExisting(const QString &path, int flags, QString *error = nullptr)
{
    sqlite3 *db = nullptr;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &db, flags, nullptr);
    Handle handle(db);
    if (rc != SQLITE_OK) {
        if (error)
            *error = QString::fromUtf8(db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        return nullptr;
    }
    return handle;
}

QString lastError(sqlite3 *db)
{
    return QString::fromUtf8(sqlite3_errmsg(db));
}

} // namespace

namespace DatabaseFile {

bool isOpenElsewhere(const QString &path)
{
    if (!QFileInfo(path).isFile())
        return false;
    Handle db = openExisting(path, SQLITE_OPEN_READWRITE);
    if (!db)
        return false;
    // Short: a server holds its shared lock for as long as it runs, so waiting longer for it
    // to be let go would not change the answer.
    sqlite3_busy_timeout(db.get(), 300);
    const int rc = sqlite3_exec(db.get(), "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;",
        nullptr, nullptr, nullptr);
    return rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
}

std::optional<QString> checkRestorable(const QString &path)
{
    if (!QFileInfo(path).isFile())
        return QStringLiteral("%1 is not a file").arg(path);
    if (QFileInfo(path).size() == 0)
        return QStringLiteral("%1 is empty, not a database of chat-server").arg(path);
    QString error;
    Handle db = openExisting(path, SQLITE_OPEN_READONLY, &error);
    if (!db)
        return QStringLiteral("cannot open %1: %2").arg(path, error);

    sqlite3_stmt *raw = nullptr;
    if (sqlite3_prepare_v2(db.get(), "PRAGMA integrity_check(20)", -1, &raw, nullptr) != SQLITE_OK)
        return QStringLiteral("%1 is not a readable SQLite database: %2")
            .arg(path, lastError(db.get()));
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt *)> check(raw, sqlite3_finalize);
    QStringList problems;
    int rc;
    while ((rc = sqlite3_step(check.get())) == SQLITE_ROW) {
        const QString line = QString::fromUtf8(
            reinterpret_cast<const char *>(sqlite3_column_text(check.get(), 0)));
        if (line != u"ok")
            problems.append(line);
    }
    if (rc != SQLITE_DONE)
        return QStringLiteral("%1 is damaged or not a database (PRAGMA integrity_check: %2)")
            .arg(path, lastError(db.get()));
    if (!problems.isEmpty())
        return QStringLiteral("%1 is damaged (PRAGMA integrity_check): %2")
            .arg(path, problems.join(QStringLiteral("; ")));

    if (sqlite3_prepare_v2(db.get(), "SELECT version FROM schema_version", -1, &raw, nullptr)
        != SQLITE_OK)
        return QStringLiteral("%1 is a SQLite database but not one of chat-server (it has no "
                              "schema_version)")
            .arg(path);
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt *)> version(raw, sqlite3_finalize);
    if (sqlite3_step(version.get()) != SQLITE_ROW)
        return QStringLiteral("%1 is not a database of chat-server (no schema version)").arg(path);
    const int schema = sqlite3_column_int(version.get(), 0);
    if (schema < 1)
        return QStringLiteral("%1 is not a database of chat-server (schema version %2)")
            .arg(path)
            .arg(schema);
    if (schema > Migrator::latestVersion())
        return QStringLiteral("%1 was written by a newer chat-server (schema version %2, this "
                              "one knows up to %3): restore it with that version")
            .arg(path)
            .arg(schema)
            .arg(Migrator::latestVersion());
    return std::nullopt;
}

std::optional<QString> copy(const QString &path, const QString &target)
{
    QString error;
    Handle db = openExisting(path, SQLITE_OPEN_READONLY, &error);
    if (!db)
        return QStringLiteral("cannot open %1: %2").arg(path, error);
    sqlite3_stmt *raw = nullptr;
    if (sqlite3_prepare_v2(db.get(), "VACUUM INTO ?1", -1, &raw, nullptr) != SQLITE_OK)
        return QStringLiteral("cannot copy %1: %2").arg(path, lastError(db.get()));
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt *)> vacuum(raw, sqlite3_finalize);
    const QByteArray targetName = target.toUtf8();
    sqlite3_bind_text(
        vacuum.get(), 1, targetName.constData(), int(targetName.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(vacuum.get()) != SQLITE_DONE)
        return QStringLiteral("cannot copy %1 to %2: %3").arg(path, target, lastError(db.get()));
    return std::nullopt;
}

} // namespace DatabaseFile
