#include "migrator.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
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
        const QStringList statements = splitStatements(QString::fromUtf8(file.readAll()));

        if (!query.exec(QStringLiteral("BEGIN IMMEDIATE")))
            return query.lastError().text();
        for (const QString &statement : statements) {
            if (!query.exec(statement)) {
                const QString error = QStringLiteral("migration %1 failed: %2")
                                          .arg(migration.version)
                                          .arg(query.lastError().text());
                query.exec(QStringLiteral("ROLLBACK"));
                return error;
            }
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
