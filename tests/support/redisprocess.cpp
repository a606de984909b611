#include "redisprocess.h"

#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

namespace {

quint16 freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

} // namespace

RedisProcess::~RedisProcess()
{
    kill();
}

QString RedisProcess::program()
{
    return QStandardPaths::findExecutable(QStringLiteral("redis-server"));
}

bool RedisProcess::start(const QStringList &extraArguments)
{
    if (program().isEmpty() || !m_folder.isValid())
        return false;
    kill();
    // A port picked free may be taken before redis-server binds it: then pick another.
    const bool portChosenHere = m_port == 0;
    for (int attempt = 0; attempt < (portChosenHere ? 5 : 1); ++attempt) {
        if (portChosenHere)
            m_port = freeLoopbackPort();
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.setWorkingDirectory(m_folder.path());
        m_process.start(program(),
            QStringList { "--port", QString::number(m_port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--daemonize", "no", "--dir", m_folder.path(), "--loglevel",
                "warning" }
                + extraArguments);
        if (!m_process.waitForStarted())
            return false;
        const bool answered
            = QTest::qWaitFor([this] { return !isRunning() || answersPing(); }, 10'000);
        if (answered && isRunning())
            return true;
        kill();
    }
    return false;
}

void RedisProcess::kill()
{
    if (!isRunning())
        return;
    m_process.kill();
    m_process.waitForFinished();
    m_output += QString::fromUtf8(m_process.readAll());
}

QString RedisProcess::url(const QString &password) const
{
    const QString credentials
        = password.isEmpty() ? QString() : QStringLiteral(":%1@").arg(password);
    return QStringLiteral("redis://") + credentials + QStringLiteral("127.0.0.1:")
        + QString::number(m_port);
}

QString RedisProcess::output()
{
    m_output += QString::fromUtf8(m_process.readAll());
    return m_output;
}

bool RedisProcess::answersPing() const
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_port);
    if (!socket.waitForConnected(1'000))
        return false;
    socket.write("PING\r\n");
    while (!socket.canReadLine()) {
        if (!socket.waitForReadyRead(1'000))
            return false;
    }
    const QByteArray answer = socket.readLine();
    return answer.startsWith('+') || answer.startsWith('-');
}
