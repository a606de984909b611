#pragma once

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>
#include <storage/sqldialect.h>

/// @brief Where SQLite and PostgreSQL differ, in one place.
///
/// The server's SQL is written once, in the subset both engines accept (SQLite 3.40 has
/// `ON CONFLICT … DO UPDATE`, `RETURNING` and `->>`); what cannot be shared is chosen here:
/// placeholders, how a write transaction begins, the migrations' column types and their
/// engine-only sections, and the few queries (full-text search, JSON) that have no common form.
enum class SqlDialect { Sqlite, Postgres };

namespace Sql {

/// The dialect of an open connection (QSQLITE or QPSQL).
SqlDialect dialectOf(const QSqlDatabase &db);

/// A database location names PostgreSQL when it is a `postgres://` or `postgresql://` URL;
/// anything else is the path of an SQLite file.
bool isPostgresLocation(const QString &location);

/// @p location for logs and messages: a PostgreSQL URL without its password.
QString redacted(const QString &location);

/// Why a command that works on the SQLite file (backup, restore, check) refuses @p location.
QString notForPostgres(const QString &location);

/// The statement that opens a write transaction: SQLite's `BEGIN IMMEDIATE` takes the write
/// lock at once (no upgrade deadlock), PostgreSQL's plain `BEGIN` locks rows as it writes.
QString beginWrite(SqlDialect dialect);

/// SQLite's placeholders (`?1`, `?2`, or bare `?` counted from 1) as PostgreSQL's `$1`, `$2`;
/// text inside quotes is left alone.
QByteArray numberedPlaceholders(const char *sql);

/// A migration script (written for SQLite) for @p dialect: the sections between
/// `-- @sqlite` / `-- @postgres` and `-- @end` lines are kept only for their engine, and for
/// PostgreSQL the types are widened (INTEGER → BIGINT: times are milliseconds),
/// `INTEGER PRIMARY KEY` becomes an identity column, `COLLATE NOCASE` the case-insensitive
/// `nocase` collation the first migration creates, and `WITHOUT ROWID` goes.
QString migrationScript(const QString &script, SqlDialect dialect);

} // namespace Sql
