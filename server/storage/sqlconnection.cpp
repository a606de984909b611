#include "sqlconnection.h"

#include "sqlstatement.h"

#include <QAtomicInteger>
#include <QLoggingCategory>
#include <QSqlError>

Q_LOGGING_CATEGORY(lcSql, "chat.sql")

namespace {
QAtomicInteger<int> connectionCounter;
}

SqlConnection::SqlConnection(const QString &path, Role role)
    : m_name(QStringLiteral("chat-%1").arg(connectionCounter.fetchAndAddRelaxed(1)))
{
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
    SqlStatement::enableCache(SqlStatement::handleOf(m_database));
}

SqlConnection::~SqlConnection()
{
    // Kept statements would keep SQLite from closing the connection.
    if (m_database.isOpen())
        SqlStatement::releaseCache(SqlStatement::handleOf(m_database));
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
