#include "chatlistener.h"

#include "originpolicy.h"
#include "requesthead.h"
#include "socketwrite.h"
#include "websocket/handshake.h"
#include "websocketconnection.h"

#include <http/httpanswer.h>

#include <protocol/protocol.h>

#include <QLoggingCategory>
#include <QPointer>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

Q_LOGGING_CATEGORY(lcListener, "chat.listener", QtInfoMsg)

namespace {
constexpr int headTimeoutMs = 10'000;
constexpr char classifiedProperty[] = "chatClassified";
} // namespace

ChatListener::ChatListener(OriginPolicy &origins, QObject *parent)
    : QTcpServer(parent)
    , m_origins(origins)
{
    setListenBacklogSize(4096);
    setMaxPendingConnections(10'000);
}

void ChatListener::setAddressLimits(std::shared_ptr<AddressLimits> limits)
{
    if (limits)
        m_addressGate.emplace(std::move(limits));
    else
        m_addressGate.reset();
}

QTcpSocket *ChatListener::acceptSocket(qintptr descriptor)
{
    if (!m_tls) {
        auto *socket = new QTcpSocket(this);
        if (socket->setSocketDescriptor(descriptor))
            return socket;
        delete socket;
        return nullptr;
    }
    auto *socket = new QSslSocket(this);
    socket->setSslConfiguration(*m_tls);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return nullptr;
    }
    return socket;
}

void ChatListener::incomingConnection(qintptr descriptor)
{
    QTcpSocket *socket = acceptSocket(descriptor);
    if (!socket)
        return;
    if (m_addressGate && !m_addressGate->admit(socket))
        return; // refused and closing, before any TLS handshake is spent on it
    if (auto *tls = qobject_cast<QSslSocket *>(socket)) {
        // A client that speaks plain HTTP or an old TLS version fails the handshake and is
        // dropped; the head timeout below also bounds a handshake that never finishes.
        connect(tls, &QSslSocket::errorOccurred, tls, [tls](QAbstractSocket::SocketError) {
            if (!tls->isEncrypted())
                qCDebug(lcListener).noquote()
                    << "TLS handshake failed with" << tls->peerAddress().toString()
                    << tls->errorString();
        });
        tls->startServerEncryption();
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { classify(socket); });
    connect(socket, &QTcpSocket::disconnected, socket, [socket] {
        if (!socket->property(classifiedProperty).toBool())
            socket->deleteLater();
    });
    QTimer::singleShot(headTimeoutMs, socket, [socket] {
        if (!socket->property(classifiedProperty).toBool())
            socket->abort();
    });
}

void ChatListener::classify(QTcpSocket *socket)
{
    if (socket->property(classifiedProperty).toBool())
        return;
    const QByteArray bytes = socket->peek(RequestHead::maxBytes);
    const auto head = RequestHead::parse(bytes);
    if (!head) {
        if (bytes.size() >= RequestHead::maxBytes)
            refuse(socket,
                HttpAnswer::error(HttpAnswer::Status::RequestHeaderFieldsTooLarge,
                    QStringLiteral("header_too_large"),
                    QStringLiteral("the request head is larger than 8 KiB")));
        return; // wait for the rest of the head
    }
    socket->setProperty(classifiedProperty, true);
    disconnect(socket, nullptr, this, nullptr);
    disconnect(socket, &QTcpSocket::disconnected, socket, nullptr);

    if (!head->isWebSocketUpgrade()) {
        emit httpConnectionOpened(socket);
        if (socket->parent() == this) // nobody took it
            socket->deleteLater();
        return;
    }
    if (head->path != "/ws/visitor" && head->path != "/ws/agent")
        return refuse(socket,
            HttpAnswer::error(HttpAnswer::Status::NotFound, QStringLiteral("not_found"),
                QStringLiteral("WebSocket endpoints are /ws/visitor and /ws/agent")));
    if (head->headers.value("sec-websocket-version").trimmed() != "13")
        return refuse(socket,
            HttpAnswer::error(HttpAnswer::Status::UpgradeRequired,
                QStringLiteral("unsupported_version"),
                QStringLiteral("WebSocket version 13 (RFC 6455) is required"))
                .withHeader("Sec-WebSocket-Version", "13"));
    if (!WebSocket::isValidClientKey(head->headers.value("sec-websocket-key")))
        return refuse(socket,
            HttpAnswer::error(HttpAnswer::Status::BadRequest, QStringLiteral("bad_handshake"),
                QStringLiteral("Sec-WebSocket-Key must be 16 bytes in base64")));
    if (!head->offersSubprotocol(Protocol::subprotocol))
        return refuse(socket,
            HttpAnswer::error(HttpAnswer::Status::UpgradeRequired,
                QStringLiteral("unsupported_protocol"),
                QStringLiteral("offer the WebSocket subprotocol chat.v1")));
    checkOrigin(socket, *head);
}

void ChatListener::checkOrigin(QTcpSocket *socket, const RequestHead &head)
{
    const QString origin = QString::fromUtf8(head.headers.value("origin"));
    auto verdict = [self = QPointer<ChatListener>(this), socket = QPointer<QTcpSocket>(socket),
                       head](std::optional<OriginPolicy::Refusal> refusal) {
        if (!self || !socket)
            return;
        if (socket->state() != QAbstractSocket::ConnectedState) {
            socket->deleteLater(); // gone while its site was read
            return;
        }
        if (refusal)
            return self->refuse(socket,
                HttpAnswer::error(HttpAnswer::Status::Forbidden, refusal->code, refusal->message));
        self->upgrade(socket, head);
    };
    if (head.path == "/ws/agent")
        verdict(m_origins.checkAgent(origin));
    else
        m_origins.checkVisitor(origin, head.queryValue(QStringLiteral("site")), verdict);
}

void ChatListener::upgrade(QTcpSocket *socket, const RequestHead &head)
{
    // The head was only peeked: consume it, so the connection reads frames from its first byte.
    socket->read(head.byteCount);
    writeToSocket(*socket,
        WebSocket::upgradeResponse(
            head.headers.value("sec-websocket-key").trimmed(), Protocol::subprotocol));
    WebSocketConnection::Limits limits;
    limits.maxMessageBytes = Protocol::maxFrameBytes;
    limits.idlePingMs = m_pingIntervalMs;
    auto *connection = new WebSocketConnection(socket, limits, this);
    emit webSocketOpened(connection, head.path, QString::fromUtf8(head.headers.value("origin")));
    if (connection->parent() == this) // nobody took it
        connection->deleteLater();
}

void ChatListener::refuse(QTcpSocket *socket, const HttpAnswer &answer)
{
    socket->setProperty(classifiedProperty, true);
    disconnect(socket, nullptr, this, nullptr);
    socket->write(answer.toBytesAndClose());
    socket->disconnectFromHost();
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    qCInfo(lcListener).noquote() << "refused" << socket->peerAddress().toString()
                                 << int(answer.status()) << answer.body();
}
