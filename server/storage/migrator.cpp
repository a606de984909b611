#include "migrator.h"

#include "sqldialect.h"
#include "sqlstatement.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <libpq-fe.h>
#include <sqlite3.h>

Q_LOGGING_CATEGORY(lcMigrator, "chat.migrations")

namespace {
struct Migration
{
    int version;
    QString path;
};

QList<Migration> availableMigrations()
{
    static const QRegularExpression pattern(QStringLiteral(R"(^(\d{3})_.*\.sql$)"));
    QList<Migration> migrations;
    const QDir dir(QStringLiteral(":/sql"));
    for (const QString &name :
        dir.entryList({ QStringLiteral("*.sql") }, QDir::Files, QDir::Name)) {
        const auto match = pattern.match(name);
        if (match.hasMatch())
            migrations.append({ match.captured(1).toInt(), dir.filePath(name) });
    }
    return migrations;
}

// QSqlQuery runs one statement at a time; sqlite3_complete() tells where a statement ends,
// including triggers whose bodies contain semicolons.
QStringList splitStatements(const QString &script)
{
    QStringList statements;
    QString current;
    for (const QString &line : script.split(u'\n')) {
        current += line + u'\n';
        if (sqlite3_complete(current.toUtf8().constData())) {
            if (!current.trimmed().isEmpty())
                statements.append(current.trimmed());
            current.clear();
        }
    }
    return statements;
}
/// Runs a whole script on PostgreSQL (its function bodies hold semicolons; the server parses
/// the statements), inside the caller's transaction. An error message on failure.
std::optional<QString> runPostgresScript(QSqlDatabase &db, const QString &script)
{
    PGconn *connection = SqlStatement::postgresHandleOf(db);
    if (!connection)
        return QStringLiteral("the PostgreSQL driver gives no handle");
    PGresult *result = PQexec(connection, script.toUtf8().constData());
    const ExecStatusType status = PQresultStatus(result);
    std::optional<QString> error;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        error = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
    PQclear(result);
    return error;
}

/// Nodes of one cluster that start together migrate one at a time (a session advisory lock of
/// PostgreSQL; SQLite's writer is alone by construction).
class MigrationLock
{
public:
    explicit MigrationLock(QSqlDatabase &db)
        : m_query(db)
        , m_postgres(Sql::dialectOf(db) == SqlDialect::Postgres)
    {
        if (m_postgres)
            m_query.exec(QStringLiteral("SELECT pg_advisory_lock(%1)").arg(lockKey));
    }
    ~MigrationLock()
    {
        if (m_postgres)
            m_query.exec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(lockKey));
    }

private:
    static constexpr qint64 lockKey = 0x63686174; // "chat"
    QSqlQuery m_query;
    bool m_postgres;
};
} // namespace

int Migrator::latestVersion()
{
    const auto migrations = availableMigrations();
    return migrations.isEmpty() ? 0 : migrations.last().version;
}

int Migrator::currentVersion() const
{
    QSqlQuery query(m_database);
    if (!query.exec(QStringLiteral("SELECT version FROM schema_version")) || !query.next())
        return 0;
    return query.value(0).toInt();
}

std::optional<QString> Migrator::migrate(int targetVersion)
{
    if (targetVersion < 0)
        targetVersion = latestVersion();
    const SqlDialect dialect = Sql::dialectOf(m_database);
    const MigrationLock lock(m_database);
    QSqlQuery query(m_database);
    if (!query.exec(
            QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")))
        return query.lastError().text();
    int current = currentVersion();
    if (current > latestVersion())
        return QStringLiteral("the database is at schema version %1, newer than this server (%2)")
            .arg(current)
            .arg(latestVersion());

    for (const Migration &migration : availableMigrations()) {
        if (migration.version <= current || migration.version > targetVersion)
            continue;
        QFile file(migration.path);
        if (!file.open(QIODevice::ReadOnly))
            return QStringLiteral("cannot read migration %1").arg(migration.path);
        const QString script = Sql::migrationScript(QString::fromUtf8(file.readAll()), dialect);

        if (!query.exec(Sql::beginWrite(dialect)))
            return query.lastError().text();
        std::optional<QString> failed;
        if (dialect == SqlDialect::Postgres) {
            failed = runPostgresScript(m_database, script);
        } else {
            for (const QString &statement : splitStatements(script)) {
                if (!query.exec(statement)) {
                    failed = query.lastError().text();
                    break;
                }
            }
        }
        if (failed) {
            query.exec(QStringLiteral("ROLLBACK"));
            return QStringLiteral("migration %1 failed: %2").arg(migration.version).arg(*failed);
        }
        const bool bumped = query.exec(QStringLiteral("DELETE FROM schema_version"))
            && query.exec(
                QStringLiteral("INSERT INTO schema_version VALUES (%1)").arg(migration.version));
        if (!bumped || !query.exec(QStringLiteral("COMMIT"))) {
            const QString error = query.lastError().text();
            query.exec(QStringLiteral("ROLLBACK"));
            return error;
        }
        current = migration.version;
        qCInfo(lcMigrator) << "applied migration" << migration.version;
    }
    return std::nullopt;
}
