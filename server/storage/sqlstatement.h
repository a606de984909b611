#pragma once

#include <QByteArrayView>
#include <QSqlDatabase>
#include <QString>

#include <memory>

struct sqlite3;
struct sqlite3_stmt;
struct pg_conn;

/// @brief One SQL statement run through the database's C API (SQLite's or libpq), prepared
/// once per connection.
///
/// The write path's statements run for every message: through QSqlQuery each would be parsed
/// again and every value would go through a QVariant and the driver's UTF-16 binding. Here a
/// connection opened by SqlConnection keeps each statement it has prepared
/// (SQLITE_PREPARE_PERSISTENT, or a named PostgreSQL prepared statement), keyed by the address of
/// its SQL text — pass a string literal — and a SqlStatement only binds, steps and resets it. On
/// a connection opened some other way the statement is prepared and finalized each time. Use it
/// on the connection's own thread only. The SQL uses SQLite's placeholders (`?1`); on
/// PostgreSQL they become `$1` (Sql::numberedPlaceholders) and a whole result is fetched by the
/// first step.
///
///     SqlStatement q(db, "SELECT seq FROM messages WHERE conversation_id = ?1");
///     q.bind(1, id);
///     while (q.step()) use(q.int64(0));
///     if (q.failed()) ...
class SqlStatement
{
public:
    SqlStatement(QSqlDatabase &db, const char *sql);
    ~SqlStatement();
    SqlStatement(const SqlStatement &) = delete;
    SqlStatement &operator=(const SqlStatement &) = delete;

    /// false when the statement could not be prepared (logged); every step then fails.
    bool isValid() const;

    /// Binds parameter @p index (from 1). A null QString binds as '' (the columns say "none"
    /// with ''); use bindTextOrNull for a nullable column.
    SqlStatement &bind(int index, qint64 value);
    SqlStatement &bind(int index, const QString &text);
    SqlStatement &bindTextOrNull(int index, const QString &text);
    SqlStatement &bindBlob(int index, const QByteArray &bytes);
    /// Binds text already in UTF-8 (no conversion).
    SqlStatement &bindUtf8(int index, const QByteArray &text);

    /// Steps once: true when a row is there to read. false at the end or on an error
    /// (failed() tells which; an error is logged).
    bool step();
    /// Runs to the end; true unless a step failed.
    bool exec();
    bool failed() const { return m_failed; }
    /// Rows the last finished INSERT, UPDATE or DELETE of the connection changed.
    qint64 changes() const;

    qint64 int64(int column) const;
    QString text(int column) const;
    QByteArrayView blob(int column) const;

    /// The SQLite handle of a Qt connection, or nullptr when it is not SQLite.
    static sqlite3 *handleOf(QSqlDatabase &db);
    /// The libpq handle of a Qt connection, or nullptr when it is not PostgreSQL.
    static pg_conn *postgresHandleOf(QSqlDatabase &db);
    /// SqlConnection's: keep the statements of @p db prepared until releaseCache().
    static void enableCache(QSqlDatabase &db);
    /// Forgets the statements kept for @p db: before it closes.
    static void releaseCache(QSqlDatabase &db);

    /// The connection has a transaction open (SQLite ends one by itself on some errors; a
    /// PostgreSQL transaction with a failed statement is still open, to be rolled back).
    static bool inTransaction(QSqlDatabase &db);
    /// PostgreSQL: a statement of the open transaction failed, so COMMIT would roll it back.
    static bool transactionFailed(QSqlDatabase &db);
    /// The connection's last error in the engine's words; empty when there is none.
    static QString lastError(QSqlDatabase &db);
    /// The last error is the database's or the machine's (disk, I/O, lost connection), not a
    /// refusal of the statement (a constraint).
    static bool lastErrorIsFault(QSqlDatabase &db);

private:
    struct Postgres;

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    std::unique_ptr<Postgres> m_pg;
    bool m_cached = false;
    bool m_failed = false;
};
