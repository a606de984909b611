#include "healthlistener.h"

#include "healthreport.h"
#include "httpanswer.h"

#include <storage/healthcheck.h>

#include <QDateTime>
#include <QTcpServer>
#include <QTcpSocket>

namespace {
/// A probe that does not finish its request within this long is dropped.
constexpr int requestTimeoutMs = 5'000;
/// Probes open at once; more are closed as they come (health checks come one at a time).
constexpr int maxOpenProbes = 32;
/// After an accept error (out of file descriptors), accepting starts again this much later.
constexpr int acceptRetryMs = 100;
/// How often the main loop proves it is turning.
constexpr int heartbeatMs = 250;
} // namespace

HealthListener::HealthListener(const HealthCheck &health, qint64 stallMs, QObject *parent)
    : QObject(parent)
    , m_health(health)
    , m_stallMs(stallMs)
{
    m_uptime.start();
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
    m_lastBeatMs = m_uptime.elapsed();
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
    connect(&server, &QTcpServer::acceptError, &server, [&server](QAbstractSocket::SocketError) {
        // Qt stops accepting after an error such as running out of file descriptors.
        qWarning() << "health port: cannot accept:" << server.errorString();
        QTimer::singleShot(acceptRetryMs, &server, [&server] { server.resumeAccepting(); });
    });
    connect(&server, &QTcpServer::newConnection, &server, [this, &server] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            if (server.findChildren<QTcpSocket *>().size() > maxOpenProbes) {
                socket->abort();
                continue;
            }
            QTimer::singleShot(requestTimeoutMs, socket, [socket] {
                socket->abort();
                socket->deleteLater();
            });
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                if (socket->property("answered").toBool())
                    return;
                const QByteArray bytes = socket->peek(RequestHead::maxBytes);
                const std::optional<RequestHead> head = RequestHead::parse(bytes);
                if (!head && bytes.size() < RequestHead::maxBytes)
                    return; // the rest of the request is still on its way
                socket->setProperty("answered", true);
                socket->write(answer(head));
                socket->disconnectFromHost();
            });
        }
    });
}

QByteArray HealthListener::answer(const std::optional<RequestHead> &request) const
{
    if (!request)
        return HttpAnswer::error(HttpAnswer::Status::RequestHeaderFieldsTooLarge,
            QStringLiteral("header_too_large"),
            QStringLiteral("the request head is larger than 8 KiB"))
            .toBytes(false, false);
    const bool head = request->method == "HEAD";
    if ((request->method != "GET" && !head) || request->path != "/healthz")
        return HttpAnswer::error(HttpAnswer::Status::NotFound, QStringLiteral("not_found"),
            QStringLiteral("this port answers GET /healthz only"))
            .toBytes(head, false);
    const qint64 lastBeatMs = m_lastBeatMs.load();
    const qint64 uptimeMs = m_uptime.elapsed();
    HealthReport::Facts facts { m_health.storageHealth(), uptimeMs,
        QDateTime::currentMSecsSinceEpoch(), m_stallMs, std::max<qint64>(0, uptimeMs - lastBeatMs),
        m_shuttingDown };
    if (m_cluster)
        facts.cluster = m_cluster->get();
    const HealthReport report = HealthReport::from(facts);
    return HttpAnswer::json(
        report.body, report.ok ? HttpAnswer::Status::Ok : HttpAnswer::Status::ServiceUnavailable)
        .toBytes(head, false);
}
