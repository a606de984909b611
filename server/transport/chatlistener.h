#pragma once

#include "addressgate.h"
#include "websocketconnection.h"

#include <QSslConfiguration>
#include <QTcpServer>
#include <memory>
#include <optional>

class HttpAnswer;
class OriginPolicy;
struct RequestHead;

/// @brief The one listening port: reads each request's head without consuming it, then
/// upgrades /ws/visitor and /ws/agent to WebSocketConnections itself and hands every other
/// socket on as plain HTTP (httpConnectionOpened).
///
/// The head read is bounded in size and time, so a slow or oversized request cannot hold a
/// socket. Upgrades from web pages the OriginPolicy refuses are answered 403 here, before any
/// upgrade. The handshake is answered per socket, as soon as its head is in (no shared list of
/// pending sockets), and Qt's own listen backlog (50) and pending limit (30), which refuse
/// bursts of reconnects, are raised. With TLS credentials every connection is encrypted first
/// (HTTPS and WSS on the same port); the head is read from the decrypted stream.
///
/// With AddressLimits set, a socket beyond its address's limits (sockets open, new connections
/// per second) is refused and closed as soon as it is accepted, before anything is read or any
/// TLS handshake is made: answered 429 in plain HTTP, closed at once under TLS.
class ChatListener : public QTcpServer
{
    Q_OBJECT
public:
    ChatListener(OriginPolicy &origins, QObject *parent = nullptr);
    /// Limits per client address for the connections accepted from now on; null: none.
    void setAddressLimits(std::shared_ptr<AddressLimits> limits);

    /// A WebSocket quiet for this long is pinged, and dropped if it stays quiet as long again
    /// (WebSocketConnection::Limits::idlePingMs); for the connections accepted from now on.
    void setPingIntervalMs(int ms) { m_pingIntervalMs = ms; }

    /// Serves TLS only, with @p configuration (TlsCredentials); call before listen().
    void encryptWith(const QSslConfiguration &configuration) { m_tls = configuration; }

signals:
    /// A WebSocket opened on @p path ("/ws/visitor" or "/ws/agent") from a page of
    /// @p origin (empty for apps); connect with Qt::DirectConnection and take @p connection over.
    void webSocketOpened(
        WebSocketConnection *connection, const QByteArray &path, const QString &origin);
    /// A plain HTTP request's head is buffered (not consumed) on @p socket; connect with
    /// Qt::DirectConnection and take the socket over (reparent it), or it is closed.
    void httpConnectionOpened(QTcpSocket *socket);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void classify(QTcpSocket *socket);
    /// Checks the page's origin, then upgrades or refuses.
    void checkOrigin(QTcpSocket *socket, const RequestHead &head);
    void upgrade(QTcpSocket *socket, const RequestHead &head);
    void refuse(QTcpSocket *socket, const HttpAnswer &answer);

    /// A socket for @p descriptor, plain or (not yet encrypting) TLS.
    QTcpSocket *acceptSocket(qintptr descriptor);

    OriginPolicy &m_origins;
    std::optional<QSslConfiguration> m_tls;
    std::optional<AddressGate> m_addressGate;
    int m_pingIntervalMs = WebSocketConnection::Limits {}.idlePingMs;
};
