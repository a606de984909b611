#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <memory>
#include <optional>

/// @brief A private PostgreSQL server for one test process: a fresh cluster (initdb) in a
/// temporary folder, listening on a free loopback port, stopped when the process ends.
///
/// Run as root, the cluster belongs to the `postgres` user that Debian's package creates
/// (PostgreSQL refuses to run as root). fsync is off: these databases live as long as a test.
/// Each createDatabase() is an empty database of its own, so suites never see each other's
/// rows.
class PostgresServer
{
public:
    ~PostgresServer();

    /// The process's server, started on first use; nullptr (with the reason in @p error) when
    /// PostgreSQL is not installed or would not start.
    static PostgresServer *shared(QString *error = nullptr);

    /// A new, empty database: its postgres:// URL, or empty (with a warning) on failure.
    QString createDatabase();
    quint16 port() const { return m_port; }

    /// Test suites that run on PostgreSQL when the environment says CHAT_TEST_DB=postgres.
    static bool selected();

private:
    PostgresServer() = default;
    std::optional<QString> start();
    bool runAsOwner(const QString &program, const QStringList &arguments, QString *output);

    QTemporaryDir m_dir;
    QString m_binDir;
    quint16 m_port = 0;
    std::unique_ptr<QProcess> m_process;
    int m_databases = 0;
};
