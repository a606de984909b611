#include "sqlstatement.h"

#include <QLoggingCategory>
#include <QSqlDriver>
#include <QVariant>
#include <sqlite3.h>
#include <unordered_map>

Q_LOGGING_CATEGORY(lcStatement, "chat.sql")

namespace {
using Statements = std::unordered_map<const char *, sqlite3_stmt *>;
// Per thread: a connection is used on the thread that opened it, so no lock is needed.
thread_local std::unordered_map<sqlite3 *, Statements> caches;
} // namespace

sqlite3 *SqlStatement::handleOf(QSqlDatabase &db)
{
    const QSqlDriver *driver = db.driver();
    const QVariant handle = driver ? driver->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

void SqlStatement::enableCache(sqlite3 *db)
{
    if (db)
        caches.try_emplace(db);
}

void SqlStatement::releaseCache(sqlite3 *db)
{
    const auto cache = caches.find(db);
    if (cache == caches.end())
        return;
    for (const auto &[sql, statement] : cache->second)
        sqlite3_finalize(statement);
    caches.erase(cache);
}

SqlStatement::SqlStatement(QSqlDatabase &db, const char *sql)
    : m_db(handleOf(db))
{
    if (!m_db) {
        qCWarning(lcStatement) << "the SQLite driver gives no handle";
        return;
    }
    Statements *cache = nullptr;
    if (const auto found = caches.find(m_db); found != caches.end()) {
        cache = &found->second;
        if (const auto kept = cache->find(sql); kept != cache->end()) {
            m_statement = kept->second;
            m_cached = true;
            return;
        }
    }
    if (sqlite3_prepare_v3(
            m_db, sql, -1, cache ? SQLITE_PREPARE_PERSISTENT : 0, &m_statement, nullptr)
        != SQLITE_OK) {
        qCWarning(lcStatement) << "prepare failed:" << sqlite3_errmsg(m_db) << sql;
        m_statement = nullptr;
        return;
    }
    if (cache) {
        cache->emplace(sql, m_statement);
        m_cached = true;
    }
}

SqlStatement::~SqlStatement()
{
    if (!m_statement)
        return;
    if (m_cached) {
        sqlite3_reset(m_statement);
        sqlite3_clear_bindings(m_statement);
    } else {
        sqlite3_finalize(m_statement);
    }
}

SqlStatement &SqlStatement::bind(int index, qint64 value)
{
    if (m_statement)
        sqlite3_bind_int64(m_statement, index, value);
    return *this;
}

SqlStatement &SqlStatement::bind(int index, const QString &text)
{
    // utf16() of a null QString is an empty string, never a null pointer: binds ''.
    if (m_statement)
        sqlite3_bind_text16(
            m_statement, index, text.utf16(), int(text.size() * 2), SQLITE_TRANSIENT);
    return *this;
}

SqlStatement &SqlStatement::bindTextOrNull(int index, const QString &text)
{
    if (text.isEmpty()) {
        if (m_statement)
            sqlite3_bind_null(m_statement, index);
        return *this;
    }
    return bind(index, text);
}

SqlStatement &SqlStatement::bindBlob(int index, const QByteArray &bytes)
{
    if (m_statement)
        sqlite3_bind_blob(
            m_statement, index, bytes.constData(), int(bytes.size()), SQLITE_TRANSIENT);
    return *this;
}

SqlStatement &SqlStatement::bindUtf8(int index, const QByteArray &text)
{
    if (m_statement)
        sqlite3_bind_text(m_statement, index, text.constData(), int(text.size()), SQLITE_TRANSIENT);
    return *this;
}

bool SqlStatement::step()
{
    if (!m_statement) {
        m_failed = true;
        return false;
    }
    const int status = sqlite3_step(m_statement);
    if (status == SQLITE_ROW)
        return true;
    if (status != SQLITE_DONE) {
        m_failed = true;
        qCWarning(lcStatement) << "query failed:" << sqlite3_errmsg(m_db)
                               << sqlite3_sql(m_statement);
    }
    return false;
}

bool SqlStatement::exec()
{
    while (step()) { }
    return !m_failed;
}

qint64 SqlStatement::changes() const
{
    return sqlite3_changes64(m_db);
}

qint64 SqlStatement::int64(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

QString SqlStatement::text(int column) const
{
    return QString::fromUtf8(
        reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column)),
        sqlite3_column_bytes(m_statement, column));
}

QByteArrayView SqlStatement::blob(int column) const
{
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_statement, column));
    return QByteArrayView(data, sqlite3_column_bytes(m_statement, column));
}
