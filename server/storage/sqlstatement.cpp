#include "sqlstatement.h"

#include "sqldialect.h"

#include <QLoggingCategory>
#include <QSqlDriver>
#include <QVariant>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <string>
#include <unordered_map>
#include <vector>

Q_LOGGING_CATEGORY(lcStatement, "chat.sql")

namespace {
using Statements = std::unordered_map<const char *, sqlite3_stmt *>;
// Per thread: a connection is used on the thread that opened it, so no lock is needed.
thread_local std::unordered_map<sqlite3 *, Statements> caches;

// PostgreSQL: the name each SQL text was prepared under, per connection.
using PreparedNames = std::unordered_map<const char *, std::string>;
thread_local std::unordered_map<PGconn *, PreparedNames> postgresCaches;

constexpr Oid byteaType = 17; // pg_type.oid of bytea

template <typename Handle> Handle *driverHandle(QSqlDatabase &db, const char *typeName)
{
    const QSqlDriver *driver = db.driver();
    const QVariant handle = driver ? driver->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), typeName) != 0)
        return nullptr;
    return *static_cast<Handle *const *>(handle.constData());
}
} // namespace

/// A PostgreSQL statement: its text or prepared name, the values bound, and the whole result.
struct SqlStatement::Postgres
{
    PGconn *connection = nullptr;
    const std::string *preparedName = nullptr; // kept on the connection
    const char *source = nullptr; // the SQL as written, for logs
    QByteArray sql; // when not prepared: run with its text each time
    std::vector<QByteArray> values;
    std::vector<char> isNull;
    std::vector<int> formats; // 1: binary (a blob)
    PGresult *result = nullptr;
    int row = -1;
    mutable QByteArray unescaped; // blob()'s bytes of a bytea column

    ~Postgres()
    {
        if (result)
            PQclear(result);
    }

    void set(int index, QByteArray value, bool null = false, int format = 0)
    {
        const size_t at = size_t(std::max(index, 1) - 1);
        if (values.size() <= at) {
            values.resize(at + 1);
            isNull.resize(at + 1, 1);
            formats.resize(at + 1, 0);
        }
        values[at] = std::move(value);
        isNull[at] = null;
        formats[at] = format;
    }

    bool run()
    {
        std::vector<const char *> pointers(values.size());
        std::vector<int> lengths(values.size());
        for (size_t i = 0; i < values.size(); ++i) {
            pointers[i] = isNull[i] ? nullptr : values[i].constData();
            lengths[i] = int(values[i].size());
        }
        const int count = int(values.size());
        result = preparedName ? PQexecPrepared(connection, preparedName->c_str(), count,
                     pointers.data(), lengths.data(), formats.data(), 0)
                              : PQexecParams(connection, sql.constData(), count, nullptr,
                                  pointers.data(), lengths.data(), formats.data(), 0);
        const ExecStatusType status = PQresultStatus(result);
        return status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK;
    }
};

sqlite3 *SqlStatement::handleOf(QSqlDatabase &db)
{
    return driverHandle<sqlite3>(db, "sqlite3*");
}

pg_conn *SqlStatement::postgresHandleOf(QSqlDatabase &db)
{
    return driverHandle<PGconn>(db, "pg_conn*"); // PGconn is a typedef of pg_conn
}

void SqlStatement::enableCache(QSqlDatabase &db)
{
    if (sqlite3 *handle = handleOf(db))
        caches.try_emplace(handle);
    else if (PGconn *handle = postgresHandleOf(db))
        postgresCaches.try_emplace(handle);
}

void SqlStatement::releaseCache(QSqlDatabase &db)
{
    // PostgreSQL's prepared statements end with the session.
    if (PGconn *handle = postgresHandleOf(db))
        postgresCaches.erase(handle);
    const auto cache = caches.find(handleOf(db));
    if (cache == caches.end())
        return;
    for (const auto &[sql, statement] : cache->second)
        sqlite3_finalize(statement);
    caches.erase(cache);
}

bool SqlStatement::inTransaction(QSqlDatabase &db)
{
    if (PGconn *handle = postgresHandleOf(db)) {
        const PGTransactionStatusType status = PQtransactionStatus(handle);
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
    }
    sqlite3 *handle = handleOf(db);
    return handle && !sqlite3_get_autocommit(handle);
}

bool SqlStatement::transactionFailed(QSqlDatabase &db)
{
    PGconn *handle = postgresHandleOf(db);
    return handle && PQtransactionStatus(handle) == PQTRANS_INERROR;
}

QString SqlStatement::lastError(QSqlDatabase &db)
{
    if (PGconn *handle = postgresHandleOf(db))
        return QString::fromUtf8(PQerrorMessage(handle)).trimmed();
    sqlite3 *handle = handleOf(db);
    if (!handle)
        return {};
    const int code = sqlite3_errcode(handle);
    if (code == SQLITE_OK || code == SQLITE_ROW || code == SQLITE_DONE)
        return {};
    return QString::fromUtf8(sqlite3_errmsg(handle));
}

bool SqlStatement::lastErrorIsFault(QSqlDatabase &db)
{
    // PostgreSQL: a constraint or a refused statement leaves the session working; a lost
    // connection (the server gone, restarting, out of disk) does not.
    if (PGconn *handle = postgresHandleOf(db))
        return PQstatus(handle) != CONNECTION_OK;
    sqlite3 *handle = handleOf(db);
    if (!handle)
        return false;
    // Errors of the database or the machine, as opposed to a job refusing its own write (a
    // constraint): a full disk, I/O, a read-only or locked file, a damaged file, no memory.
    switch (sqlite3_errcode(handle) & 0xff) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_PERM:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
        return true;
    default:
        return false;
    }
}

SqlStatement::SqlStatement(QSqlDatabase &db, const char *sql)
    : m_db(handleOf(db))
{
    if (!m_db) {
        if (PGconn *connection = postgresHandleOf(db)) {
            m_pg = std::make_unique<Postgres>();
            m_pg->connection = connection;
            m_pg->source = sql;
            const auto cache = postgresCaches.find(connection);
            if (cache == postgresCaches.end()) {
                m_pg->sql = Sql::numberedPlaceholders(sql);
                return;
            }
            if (const auto kept = cache->second.find(sql); kept != cache->second.end()) {
                m_pg->preparedName = &kept->second;
                return;
            }
            std::string name = "chat_" + std::to_string(cache->second.size() + 1);
            const QByteArray text = Sql::numberedPlaceholders(sql);
            PGresult *prepared = PQprepare(connection, name.c_str(), text.constData(), 0, nullptr);
            const bool ok = PQresultStatus(prepared) == PGRES_COMMAND_OK;
            if (!ok)
                qCWarning(lcStatement)
                    << "prepare failed:" << PQresultErrorMessage(prepared) << sql;
            PQclear(prepared);
            if (ok)
                m_pg->preparedName = &cache->second.emplace(sql, std::move(name)).first->second;
            else
                m_pg.reset();
            return;
        }
        qCWarning(lcStatement) << "the database driver gives no handle";
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

bool SqlStatement::isValid() const
{
    return m_statement != nullptr || m_pg != nullptr;
}

SqlStatement &SqlStatement::bind(int index, qint64 value)
{
    if (m_pg)
        m_pg->set(index, QByteArray::number(value));
    else if (m_statement)
        sqlite3_bind_int64(m_statement, index, value);
    return *this;
}

SqlStatement &SqlStatement::bind(int index, const QString &text)
{
    if (m_pg)
        m_pg->set(index, text.toUtf8());
    // utf16() of a null QString is an empty string, never a null pointer: binds ''.
    else if (m_statement)
        sqlite3_bind_text16(
            m_statement, index, text.utf16(), int(text.size() * 2), SQLITE_TRANSIENT);
    return *this;
}

SqlStatement &SqlStatement::bindTextOrNull(int index, const QString &text)
{
    if (text.isEmpty()) {
        if (m_pg)
            m_pg->set(index, {}, true);
        else if (m_statement)
            sqlite3_bind_null(m_statement, index);
        return *this;
    }
    return bind(index, text);
}

SqlStatement &SqlStatement::bindBlob(int index, const QByteArray &bytes)
{
    if (m_pg)
        m_pg->set(index, bytes, false, 1);
    else if (m_statement)
        sqlite3_bind_blob(
            m_statement, index, bytes.constData(), int(bytes.size()), SQLITE_TRANSIENT);
    return *this;
}

SqlStatement &SqlStatement::bindUtf8(int index, const QByteArray &text)
{
    if (m_pg)
        m_pg->set(index, text);
    else if (m_statement)
        sqlite3_bind_text(m_statement, index, text.constData(), int(text.size()), SQLITE_TRANSIENT);
    return *this;
}

bool SqlStatement::step()
{
    if (m_pg) {
        if (m_failed)
            return false;
        if (!m_pg->result && !m_pg->run()) {
            m_failed = true;
            qCWarning(lcStatement)
                << "query failed:" << PQresultErrorMessage(m_pg->result) << m_pg->source;
            return false;
        }
        return ++m_pg->row < PQntuples(m_pg->result);
    }
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
    if (m_pg)
        return m_pg->result ? QByteArray(PQcmdTuples(m_pg->result)).toLongLong() : 0;
    return sqlite3_changes64(m_db);
}

qint64 SqlStatement::int64(int column) const
{
    if (m_pg) {
        if (PQgetisnull(m_pg->result, m_pg->row, column))
            return 0;
        const char *value = PQgetvalue(m_pg->result, m_pg->row, column);
        if (value[0] == 't' || value[0] == 'f') // a boolean expression
            return value[0] == 't';
        return std::strtoll(value, nullptr, 10);
    }
    return sqlite3_column_int64(m_statement, column);
}

QString SqlStatement::text(int column) const
{
    if (m_pg) {
        if (PQgetisnull(m_pg->result, m_pg->row, column))
            return {};
        return QString::fromUtf8(PQgetvalue(m_pg->result, m_pg->row, column),
            PQgetlength(m_pg->result, m_pg->row, column));
    }
    return QString::fromUtf8(
        reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column)),
        sqlite3_column_bytes(m_statement, column));
}

QByteArrayView SqlStatement::blob(int column) const
{
    if (m_pg) {
        const char *value = PQgetvalue(m_pg->result, m_pg->row, column);
        if (PQftype(m_pg->result, column) != byteaType)
            return QByteArrayView(value, PQgetlength(m_pg->result, m_pg->row, column));
        // Text results carry bytea as hex ("\x0a1b…").
        size_t length = 0;
        unsigned char *bytes
            = PQunescapeBytea(reinterpret_cast<const unsigned char *>(value), &length);
        m_pg->unescaped = QByteArray(reinterpret_cast<const char *>(bytes), qsizetype(length));
        PQfreemem(bytes);
        return m_pg->unescaped;
    }
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_statement, column));
    return QByteArrayView(data, sqlite3_column_bytes(m_statement, column));
}
