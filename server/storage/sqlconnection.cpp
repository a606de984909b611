#include "sqlconnection.h"

#include "sqldialect.h"
#include "sqlstatement.h"

#include <QAtomicInteger>
#include <QLoggingCategory>
#include <QSqlError>
#include <QUrl>
#include <QUrlQuery>
#include <libpq-fe.h>

Q_LOGGING_CATEGORY(lcSql, "chat.sql")

namespace {
QAtomicInteger<int> connectionCounter;
}

SqlConnection::SqlConnection(const QString &path, Role role)
    : m_name(QStringLiteral("chat-%1").arg(connectionCounter.fetchAndAddRelaxed(1)))
{
    if (Sql::isPostgresLocation(path)) {
        openPostgres(path, role);
        return;
    }
    m_database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
    m_database.setDatabaseName(path);
    m_database.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!m_database.open()) {
        m_error = m_database.lastError().text();
        return;
    }
    QSqlQuery query(m_database);
    // temp_store=MEMORY: statement journals and sorts stay off the disk (the default FILE
    // writes them to /var/tmp).
    for (const char *pragma : { "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
             "PRAGMA foreign_keys=ON", "PRAGMA temp_store=MEMORY" }) {
        if (!query.exec(QLatin1String(pragma))) {
            m_error = query.lastError().text();
            m_database.close();
            return;
        }
    }
    // The writer: a 64 MiB page cache (SQLite's default of 2 MiB makes it read back the index
    // pages of busy conversations at every batch), and a checkpoint every 10,000 WAL pages
    // (~40 MiB) instead of 1,000, so a page changed by many batches is copied back once. Both
    // took the writer from 65-70 to 48-52 us per message (bench/store_bench, docs/performance.md).
    if (role == Role::Writer) {
        for (const char *pragma : { "PRAGMA cache_size=-65536", "PRAGMA wal_autocheckpoint=10000" })
            if (!query.exec(QLatin1String(pragma)))
                qCWarning(lcSql) << pragma << "failed:" << query.lastError().text();
    }
    SqlStatement::enableCache(m_database);
}

bool SqlConnection::isLost()
{
    pg_conn *handle = SqlStatement::postgresHandleOf(m_database);
    if (!handle)
        return false;
    // libpq notices a closed connection only when it reads: reading what is there (nothing,
    // or the server's "terminating connection" and its end) finds it before a request fails.
    PQconsumeInput(handle);
    return PQstatus(handle) == CONNECTION_BAD;
}

void SqlConnection::openPostgres(const QString &url, Role role)
{
    const QUrl location(url);
    m_database = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_name);
    if (!m_database.isValid()) {
        m_error = QStringLiteral("the PostgreSQL driver (QPSQL) is not installed");
        return;
    }
    if (!location.isValid() || location.path().size() < 2) {
        m_error = QStringLiteral("a PostgreSQL location is postgres://user:password@host:port/"
                                 "database");
        return;
    }
    m_database.setHostName(location.host());
    m_database.setPort(location.port(5432));
    m_database.setUserName(location.userName());
    m_database.setPassword(location.password());
    m_database.setDatabaseName(location.path().mid(1));
    // Query items are libpq's own keywords (sslmode, host for a socket folder, ...).
    QStringList options { QStringLiteral("connect_timeout=5") };
    for (const auto &[key, value] : QUrlQuery(location).queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("host"))
            m_database.setHostName(value);
        else
            options.append(key + u'=' + value);
    }
    m_database.setConnectOptions(options.join(u';'));
    if (!m_database.open()) {
        m_error = m_database.lastError().text();
        return;
    }
    QSqlQuery query(m_database);
    // Times are integers, text is UTF-8; a reader never writes by mistake.
    QStringList settings { QStringLiteral("SET client_encoding = 'UTF8'"),
        QStringLiteral("SET client_min_messages = warning") };
    if (role == Role::Reader)
        settings.append(QStringLiteral("SET default_transaction_read_only = on"));
    for (const QString &setting : settings) {
        if (!query.exec(setting)) {
            m_error = query.lastError().text();
            m_database.close();
            return;
        }
    }
}

SqlConnection::~SqlConnection()
{
    // Kept statements would keep SQLite from closing the connection.
    if (m_database.isOpen())
        SqlStatement::releaseCache(m_database);
    m_database.close();
    m_database = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

bool runQuery(QSqlQuery &query, const QString &sql, std::initializer_list<QVariant> values)
{
    if (!query.prepare(sql)) {
        qCWarning(lcSql) << "prepare failed:" << query.lastError().text();
        return false;
    }
    for (const QVariant &value : values) {
        // The driver binds a null QString as SQL NULL; an empty text is meant here.
        if (value.typeId() == QMetaType::QString && value.toString().isNull())
            query.addBindValue(QStringLiteral(""));
        // Flags are integer columns (0/1) in both engines; PostgreSQL would not take a boolean.
        else if (value.typeId() == QMetaType::Bool)
            query.addBindValue(qint64(value.toBool()));
        else
            query.addBindValue(value);
    }
    if (!query.exec()) {
        qCWarning(lcSql) << "query failed:" << query.lastError().text();
        return false;
    }
    return true;
}

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

QVariant timeOrNull(qint64 ms)
{
    return ms > 0 ? QVariant(ms) : QVariant();
}
