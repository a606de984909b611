#include "healthlistener.h"

#include "healthreport.h"
#include "httpanswer.h"

#include <storage/healthcheck.h>

#include <QDateTime>
#include <QTcpServer>
#include <QTcpSocket>

namespace {
/// A request line and its headers fit in this much; more is not a health check.
constexpr qsizetype maxRequestBytes = 8 * 1024;
/// A probe that does not finish its request within this long is dropped.
constexpr int requestTimeoutMs = 5'000;
/// How often the main loop proves it is turning.
constexpr int heartbeatMs = 250;
} // namespace

HealthListener::HealthListener(const HealthCheck &health, qint64 stallMs, QObject *parent)
    : QObject(parent)
    , m_health(health)
    , m_stallMs(stallMs)
{
    m_uptime.start();
    m_lastBeatMs = 0;
    m_heartbeat.setInterval(heartbeatMs);
    connect(&m_heartbeat, &QTimer::timeout, this, [this] { m_lastBeatMs = m_uptime.elapsed(); });
    m_thread.setObjectName(QStringLiteral("health"));
}

HealthListener::~HealthListener()
{
    if (m_context) // its sockets are deleted on their own thread
        QMetaObject::invokeMethod(
            m_context, [context = m_context] { delete context; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

std::optional<QString> HealthListener::listen(const QHostAddress &address, quint16 port)
{
    m_heartbeat.start();
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    m_thread.start();
    QString error;
    QMetaObject::invokeMethod(
        m_context,
        [this, address, port, &error] {
            auto *server = new QTcpServer(m_context);
            if (!server->listen(address, port)) {
                error = server->errorString();
                return;
            }
            m_port = server->serverPort();
            serve(*server);
        },
        Qt::BlockingQueuedConnection);
    if (!error.isEmpty())
        return QStringLiteral("cannot listen on %1:%2 for health checks: %3")
            .arg(address.toString())
            .arg(port)
            .arg(error);
    return std::nullopt;
}

void HealthListener::serve(QTcpServer &server) const
{
    connect(&server, &QTcpServer::newConnection, &server, [this, &server] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            QTimer::singleShot(requestTimeoutMs, socket, [socket] { socket->abort(); });
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                if (socket->property("answered").toBool())
                    return;
                const QByteArray head = socket->peek(maxRequestBytes);
                if (!head.contains("\r\n\r\n") && head.size() < maxRequestBytes)
                    return; // the rest of the request is still on its way
                socket->setProperty("answered", true);
                socket->write(answer(head.left(head.indexOf("\r\n"))));
                socket->disconnectFromHost();
            });
        }
    });
}

QByteArray HealthListener::answer(const QByteArray &requestLine) const
{
    // "GET /healthz HTTP/1.1" (a query string is allowed and ignored)
    const QList<QByteArray> parts = requestLine.split(' ');
    const bool head = parts.value(0) == "HEAD";
    const QByteArray path = parts.value(1).split('?').value(0);
    if ((parts.value(0) != "GET" && !head) || path != "/healthz")
        return HttpAnswer::error(HttpAnswer::Status::NotFound, QStringLiteral("not_found"),
            QStringLiteral("this port answers GET /healthz only"))
            .toBytes(head, false);
    const qint64 uptimeMs = m_uptime.elapsed();
    const HealthReport report = HealthReport::from({ m_health.storageHealth(), uptimeMs,
        QDateTime::currentMSecsSinceEpoch(), m_stallMs, uptimeMs - m_lastBeatMs.load() });
    return HttpAnswer::json(
        report.body, report.ok ? HttpAnswer::Status::Ok : HttpAnswer::Status::ServiceUnavailable)
        .toBytes(head, false);
}
