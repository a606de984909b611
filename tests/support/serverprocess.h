#pragma once

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <csignal>
#include <optional>

/// @brief The real chat-server binary serving a database on a free loopback port, so that an
/// attack's cost shows in that process alone (its RSS, its event loop), not in the test's.
class ServerProcess
{
public:
    ~ServerProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(10'000))
                m_process.kill();
        }
    }

    /// Starts `chat-server serve` on @p databasePath with @p extraArgs; true once listening.
    bool start(const QString &databasePath, const QStringList &extraArgs = {})
    {
        m_process.setProcessChannelMode(
            m_keepErrors ? QProcess::SeparateChannels : QProcess::ForwardedErrorChannel);
        // Under AddressSanitizer freed blocks sit in a quarantine of up to 256 MB before they
        // are reused, which would count as the server's memory: measure live memory instead.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        const QString sanitizer = environment.value(QStringLiteral("ASAN_OPTIONS"));
        environment.insert(QStringLiteral("ASAN_OPTIONS"),
            sanitizer + (sanitizer.isEmpty() ? "" : ":") + QStringLiteral("quarantine_size_mb=0"));
        m_process.setProcessEnvironment(environment);
        m_process.start(QStringLiteral(CHAT_SERVER_BIN),
            QStringList { "serve", "--db", databasePath, "--listen", "127.0.0.1:0" } + extraArgs);
        if (!m_process.waitForStarted())
            return false;
        static const QRegularExpression listening(
            QStringLiteral("listening on http://[^:]+:(\\d+)"));
        m_output.clear();
        for (int waited = 0; waited < 15'000; waited += 50) {
            m_output += m_process.readAllStandardOutput();
            if (const auto match = listening.match(QString::fromUtf8(m_output)); match.hasMatch()) {
                m_port = quint16(match.captured(1).toUInt());
                return true;
            }
            if (m_process.state() == QProcess::NotRunning)
                return false;
            QTest::qWait(50);
        }
        return false;
    }

    /// Stops the server as SIGTERM would (a clean shutdown); its exit code, -1 if it crashed or
    /// had to be killed.
    int stop()
    {
        const std::optional<int> code = terminate(10'000);
        if (isRunning()) {
            m_process.kill();
            m_process.waitForFinished();
        }
        return code.value_or(-1);
    }

    /// Keeps the server's standard error for errors() instead of passing it on; call before
    /// start().
    void keepErrors() { m_keepErrors = true; }
    /// What the server wrote to standard error so far (with keepErrors()).
    QString errors()
    {
        m_errors += QString::fromUtf8(m_process.readAllStandardError());
        return m_errors;
    }
    QProcess &process() { return m_process; }

    /// Runs `chat-server` with @p arguments (an administration command) to its end; returns
    /// its exit code (-1 if it did not finish) and what it wrote to stderr in @p errors.
    static int runCommand(const QStringList &arguments, QString *errors = nullptr)
    {
        QProcess command;
        command.start(QStringLiteral(CHAT_SERVER_BIN), arguments);
        if (!command.waitForFinished(30'000) || command.exitStatus() != QProcess::NormalExit)
            return -1;
        if (errors)
            *errors = QString::fromUtf8(command.readAllStandardError());
        return command.exitCode();
    }

    quint16 port() const { return m_port; }
    /// The health port of a server started with --health-listen (the line after "listening
    /// on"); 0 when it printed none.
    quint16 healthPort()
    {
        static const QRegularExpression health(
            QStringLiteral("health checks on http://[^:]+:(\\d+)/healthz"));
        for (int waited = 0; waited < 5'000; waited += 50) {
            m_output += m_process.readAllStandardOutput();
            if (const auto match = health.match(QString::fromUtf8(m_output)); match.hasMatch())
                return quint16(match.captured(1).toUInt());
            QTest::qWait(50);
        }
        return 0;
    }
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    qint64 processId() const { return m_process.processId(); }

    /// Sends @p signalNumber (SIGTERM, SIGINT, …) to the server.
    void sendSignal(int signalNumber)
    {
        if (isRunning())
            ::kill(pid_t(m_process.processId()), signalNumber);
    }
    /// Waits, running the test's event loop (its clients go on reading), until the server has
    /// exited; its exit code, or nothing if it crashed or was still running after @p timeoutMs.
    std::optional<int> waitForExit(int timeoutMs = 15'000)
    {
        if (m_process.state() != QProcess::NotRunning) {
            QSignalSpy finished(&m_process, &QProcess::finished);
            if (!finished.wait(timeoutMs) && m_process.state() != QProcess::NotRunning)
                return std::nullopt;
        }
        if (m_process.exitStatus() != QProcess::NormalExit)
            return std::nullopt;
        return m_process.exitCode();
    }
    /// SIGTERM, then waitForExit().
    std::optional<int> terminate(int timeoutMs = 15'000)
    {
        sendSignal(SIGTERM);
        return waitForExit(timeoutMs);
    }

    /// The server's resident memory in KiB (VmRSS of /proc/<pid>/status), -1 if unreadable.
    qint64 rssKiB() const
    {
        QFile status(QStringLiteral("/proc/%1/status").arg(m_process.processId()));
        if (!status.open(QIODevice::ReadOnly))
            return -1;
        for (const QByteArray &line : status.readAll().split('\n'))
            if (line.startsWith("VmRSS:"))
                return line.mid(6).trimmed().split(' ').value(0).toLongLong();
        return -1;
    }

private:
    QProcess m_process;
    quint16 m_port = 0;
    QByteArray m_output; // what it printed on standard output
    bool m_keepErrors = false;
    QString m_errors;
};
