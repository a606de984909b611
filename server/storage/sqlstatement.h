#pragma once

#include <QByteArrayView>
#include <QSqlDatabase>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;

/// @brief One SQL statement run through SQLite's C API, prepared once per connection.
///
/// The write path's statements run for every message: through QSqlQuery each would be parsed
/// again and every value would go through a QVariant and the driver's UTF-16 binding. Here a
/// connection opened by SqlConnection keeps each statement it has prepared
/// (SQLITE_PREPARE_PERSISTENT), keyed by the address of its SQL text — pass a string literal —
/// and a SqlStatement only binds, steps and resets it. On a connection opened some other way the
/// statement is prepared and finalized each time. Use it on the connection's own thread only.
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
    bool isValid() const { return m_statement != nullptr; }

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

    /// The SQLite handle of a Qt connection, or nullptr when the driver gives none.
    static sqlite3 *handleOf(QSqlDatabase &db);
    /// SqlConnection's: keep the statements of @p db prepared until releaseCache().
    static void enableCache(sqlite3 *db);
    /// Finalizes the statements kept for @p db: before it closes.
    static void releaseCache(sqlite3 *db);

private:
    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    bool m_cached = false;
    bool m_failed = false;
};
