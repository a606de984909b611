#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

/// @brief A real redis-server on a loopback port for the cluster tests: started, told apart from
/// a port someone else holds, killed and started again on the same port.
///
/// Nothing is saved (`--save ''`, no append-only file) and its working folder is a temporary one.
class RedisProcess
{
public:
    RedisProcess() = default;
    ~RedisProcess();
    RedisProcess(const RedisProcess &) = delete;
    RedisProcess &operator=(const RedisProcess &) = delete;

    /// The redis-server program on PATH, empty when it is not installed.
    static QString program();

    /// Starts redis-server with @p extraArguments (e.g. `--requirepass`), on a free port the
    /// first time and on the same port after kill(); true once it answers a PING (an error
    /// answer such as NOAUTH counts), false when it exits or stays silent for 10 s.
    bool start(const QStringList &extraArguments = {});
    /// Kills it (SIGKILL: no goodbye to its clients) and waits until it is gone.
    void kill();

    quint16 port() const { return m_port; }
    /// `redis://[:password@]127.0.0.1:port`
    QString url(const QString &password = {}) const;
    /// What it printed, for failure messages.
    QString output();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }

private:
    bool answersPing() const;

    QProcess m_process;
    QTemporaryDir m_folder;
    quint16 m_port = 0;
    QStringList m_arguments;
    QString m_output;
};
