#include "databaseintegrity.h"

#include <QFileInfo>
#include <memory>
#include <sqlite3.h>

namespace {

struct CloseConnection
{
    void operator()(sqlite3 *db) const { sqlite3_close_v2(db); }
};
using Connection = std::unique_ptr<sqlite3, CloseConnection>;

/// Opens @p path without creating it; @p error gets SQLite's message when it cannot.
Connection openExisting(const QString &path, int flags, QString &error)
{
    sqlite3 *db = nullptr;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &db, flags, nullptr);
    Connection connection(db);
    if (rc != SQLITE_OK) {
        error = db ? QString::fromUtf8(sqlite3_errmsg(db)) : QStringLiteral("out of memory");
        return nullptr;
    }
    sqlite3_busy_timeout(db, 5000);
    // Closing the last connection would checkpoint the WAL into the file: leave that to the
    // store, so that a check only reads.
    sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    return connection;
}

/// The first column of each row @p sql returns; nullopt (and @p error) when it fails.
std::optional<QStringList> rows(sqlite3 *db, const char *sql, QString &error)
{
    sqlite3_stmt *raw = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) {
        error = QString::fromUtf8(sqlite3_errmsg(db));
        return std::nullopt;
    }
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt *)> statement(raw, sqlite3_finalize);
    QStringList result;
    int rc;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW)
        result.append(QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(raw, 0)),
            sqlite3_column_bytes(raw, 0)));
    if (rc != SQLITE_DONE) {
        error = QString::fromUtf8(sqlite3_errmsg(db));
        return std::nullopt;
    }
    return result;
}

QString restoreAdvice(const QString &path)
{
    return QStringLiteral("Stop here: restore %1 from a backup (docs/operations.md, \"Failure "
                          "modes\"), or move it away to start with a new, empty database.")
        .arg(path);
}
} // namespace

std::optional<QString> DatabaseIntegrity::checkIdentity(const QString &path)
{
    const QFileInfo file(path);
    if (!file.exists())
        return std::nullopt; // the first start creates it
    if (file.size() == 0)
        return QStringLiteral("%1 is empty (0 bytes), not a chat database: it may have been "
                              "truncated or replaced. %2")
            .arg(path, restoreAdvice(path));
    QString error;
    const Connection db = openExisting(path, SQLITE_OPEN_READWRITE, error);
    if (!db)
        return QStringLiteral("cannot open %1: %2").arg(path, error);
    const auto tables
        = rows(db.get(), "SELECT name FROM sqlite_master WHERE type = 'table'", error);
    if (!tables)
        return QStringLiteral("%1 is not a chat database (SQLite: %2). %3")
            .arg(path, error, restoreAdvice(path));
    // A first start that stopped before its first migration leaves schema_version alone.
    const bool ours = tables->contains(u"schema_version")
        && (tables->size() == 1 || tables->contains(u"messages"));
    if (!ours)
        return QStringLiteral("%1 is a SQLite database of another program (no chat schema: %2). %3")
            .arg(path,
                tables->isEmpty() ? QStringLiteral("no tables")
                                  : QStringLiteral("tables %1").arg(tables->mid(0, 5).join(u", ")),
                restoreAdvice(path));
    return std::nullopt;
}

std::optional<QString> DatabaseIntegrity::quickCheck(const QString &path)
{
    if (!QFileInfo::exists(path))
        return std::nullopt;
    QString error;
    const Connection db = openExisting(path, SQLITE_OPEN_READWRITE, error);
    if (!db)
        return QStringLiteral("cannot open %1: %2").arg(path, error);
    const auto result = rows(db.get(), "PRAGMA quick_check(10)", error);
    if (result && result->size() == 1 && result->first() == u"ok")
        return std::nullopt;
    const QString found = result ? result->join(QStringLiteral("; ")) : error;
    return QStringLiteral("%1 is damaged (PRAGMA quick_check: %2). Restore it from a backup "
                          "(docs/operations.md, \"Failure modes\"); `chat-server check --db %1` "
                          "lists every problem.")
        .arg(path, found);
}

DatabaseIntegrity::Report DatabaseIntegrity::integrityCheck(const QString &path)
{
    if (!QFileInfo::exists(path))
        return { false, { QStringLiteral("%1 does not exist").arg(path) } };
    QString error;
    const Connection db = openExisting(path, SQLITE_OPEN_READONLY, error);
    if (!db)
        return { false, { QStringLiteral("cannot open %1: %2").arg(path, error) } };
    const auto result = rows(db.get(), "PRAGMA integrity_check", error);
    if (!result)
        return { false, { error } };
    return { result->size() == 1 && result->first() == u"ok", *result };
}
