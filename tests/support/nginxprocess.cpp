#include "nginxprocess.h"

#include <QFile>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <unistd.h>

namespace {
quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}
} // namespace

NginxProcess::~NginxProcess()
{
    stop();
}

QString NginxProcess::program()
{
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("nginx"));
    if (!onPath.isEmpty())
        return onPath;
    return QStandardPaths::findExecutable(
        QStringLiteral("nginx"), { QStringLiteral("/usr/sbin"), QStringLiteral("/sbin") });
}

bool NginxProcess::start(const QList<quint16> &nodePorts)
{
    m_port = freePort();
    const QString dir = m_folder.path();
    QString upstream;
    for (const quint16 node : nodePorts)
        upstream += QStringLiteral("        server 127.0.0.1:%1 max_fails=1 fail_timeout=5s;\n")
                        .arg(node);
    // The proxy settings docs/operations.md gives for a cluster.
    const QString config
        = QStringLiteral(R"(%1
worker_processes 1;
daemon off;
pid %2/nginx.pid;
error_log %2/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path %2/body;
    proxy_temp_path %2/proxy;
    fastcgi_temp_path %2/fastcgi;
    uwsgi_temp_path %2/uwsgi;
    scgi_temp_path %2/scgi;
    map $http_upgrade $connection_upgrade { default upgrade; '' close; }
    upstream chat {
%3    }
    server {
        listen 127.0.0.1:%4;
        client_max_body_size 25m;
        location / {
            proxy_pass http://chat;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 1h;
            proxy_send_timeout 1h;
            proxy_next_upstream error timeout;
            proxy_buffering off;
        }
    }
}
)")
              .arg(geteuid() == 0 ? QStringLiteral("user root;") : QString(), dir, upstream)
              .arg(m_port);
    QFile file(dir + QStringLiteral("/nginx.conf"));
    if (!file.open(QIODevice::WriteOnly) || file.write(config.toUtf8()) < 0)
        return false;
    file.close();
    m_process.setProcessChannelMode(QProcess::ForwardedChannels);
    m_process.start(program(),
        { QStringLiteral("-p"), dir, QStringLiteral("-c"), dir + QStringLiteral("/nginx.conf"),
            QStringLiteral("-e"), dir + QStringLiteral("/error.log") });
    if (!m_process.waitForStarted())
        return false;
    for (int waited = 0; waited < 10'000; waited += 50) {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, m_port);
        if (probe.waitForConnected(200))
            return true;
        if (m_process.state() == QProcess::NotRunning)
            return false;
        QTest::qWait(50);
    }
    return false;
}

void NginxProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5'000)) {
        m_process.kill();
        m_process.waitForFinished();
    }
}

QString NginxProcess::errors() const
{
    QFile log(m_folder.path() + QStringLiteral("/error.log"));
    return log.open(QIODevice::ReadOnly) ? QString::fromUtf8(log.readAll()) : QString();
}
