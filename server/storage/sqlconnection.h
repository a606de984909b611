#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <initializer_list>

/// @brief Opens a database connection the way every part of the server needs it.
///
/// SQLite (a file path): WAL journal, synchronous=NORMAL, foreign keys on, temporary data in
/// memory, a busy timeout. WAL with synchronous=NORMAL loses nothing committed when the process
/// crashes; a power cut may lose the last commits. See docs/operations.md.
///
/// PostgreSQL (a `postgres://user:password@host:port/database?libpq-options` URL, see
/// Sql::isPostgresLocation): Qt's QPSQL driver, UTF-8, readers in read-only transactions; the
/// server's own settings decide durability (synchronous_commit).
class SqlConnection
{
public:
    /// The writer keeps a larger page cache and checkpoints less often than the readers.
    enum class Role { Reader, Writer };

    explicit SqlConnection(const QString &path, Role role = Role::Reader);
    ~SqlConnection();
    SqlConnection(const SqlConnection &) = delete;
    SqlConnection &operator=(const SqlConnection &) = delete;

    bool isOpen() const { return m_database.isOpen(); }
    /// PostgreSQL closed the connection (a restart, a failover, a terminated backend): it will
    /// not work again and must be replaced by a new one. Never for SQLite.
    bool isLost();
    QString errorText() const { return m_error; }
    QSqlDatabase &database() { return m_database; }

private:
    void openPostgres(const QString &url, Role role);

    QString m_name;
    QSqlDatabase m_database;
    QString m_error;
};

/// Prepares and runs one statement with positional values; logs and returns false on failure.
bool runQuery(QSqlQuery &query, const QString &sql, std::initializer_list<QVariant> values = {});
/// A QVariant that binds as SQL NULL when the text is empty.
QVariant textOrNull(const QString &text);
/// A QVariant that binds as SQL NULL when the time is 0.
QVariant timeOrNull(qint64 ms);
