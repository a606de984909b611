#include "chatlistener.h"

#include "requesthead.h"

#include <protocol/protocol.h>

#include <QLoggingCategory>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocketServer>

Q_LOGGING_CATEGORY(lcListener, "chat.listener")

namespace {
constexpr int headTimeoutMs = 10'000;
constexpr char classifiedProperty[] = "chatClassified";
} // namespace

ChatListener::ChatListener(QWebSocketServer &webSockets, QObject *parent)
    : QTcpServer(parent)
    , m_webSockets(webSockets)
{
    setListenBacklogSize(4096);
    setMaxPendingConnections(10'000);
}

void ChatListener::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
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
            refuse(
                socket, "431 Request Header Fields Too Large", R"({"error":"header_too_large"})");
        return; // wait for the rest of the head
    }
    socket->setProperty(classifiedProperty, true);
    disconnect(socket, nullptr, this, nullptr);
    disconnect(socket, &QTcpSocket::disconnected, socket, nullptr);

    if (head->isWebSocketUpgrade()) {
        if (head->path != "/ws/visitor" && head->path != "/ws/agent")
            return refuse(socket, "404 Not Found", R"({"error":"not_found"})");
        if (!head->offersSubprotocol(Protocol::subprotocol))
            return refuse(socket, "426 Upgrade Required",
                R"({"error":"unsupported_protocol","message":"offer the WebSocket subprotocol chat.v1"})");
        m_webSockets.handleConnection(socket);
    } else {
        addPendingConnection(socket);
    }
    // The head was only peeked: its bytes are buffered already, so the new owner needs a nudge.
    QMetaObject::invokeMethod(
        socket, [socket] { emit socket->readyRead(); }, Qt::QueuedConnection);
}

void ChatListener::refuse(QTcpSocket *socket, const QByteArray &status, const QByteArray &json)
{
    socket->setProperty(classifiedProperty, true);
    disconnect(socket, nullptr, this, nullptr);
    socket->write("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(json.size()) + "\r\nConnection: close\r\n\r\n" + json);
    socket->disconnectFromHost();
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    qCInfo(lcListener) << "refused" << socket->peerAddress().toString() << status;
}
