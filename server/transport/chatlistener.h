#pragma once

#include "addressgate.h"

#include <QTcpServer>
#include <memory>
#include <optional>

class WebSocketConnection;
class HttpAnswer;
class OriginPolicy;
struct RequestHead;

/// @brief The one listening port: reads each request's head without consuming it, then
/// upgrades /ws/visitor and /ws/agent to WebSocketConnections itself and hands everything else
/// to the HTTP server (which binds to this listener and takes pending connections).
///
/// The head read is bounded in size and time, so a slow or oversized request cannot hold a
/// socket. Upgrades from web pages the OriginPolicy refuses are answered 403 here, before any
/// upgrade. The handshake is answered per socket, as soon as its head is in (no shared list of
/// pending sockets), and Qt's own listen backlog (50) and pending limit (30), which refuse
/// bursts of reconnects, are raised.
///
/// With AddressLimits set, a socket beyond its address's limits (sockets open, new connections
/// per second) is answered 429 and closed as soon as it is accepted, before anything is read.
class ChatListener : public QTcpServer
{
    Q_OBJECT
public:
    ChatListener(OriginPolicy &origins, QObject *parent = nullptr);
    /// Limits per client address for the connections accepted from now on; null: none.
    void setAddressLimits(std::shared_ptr<AddressLimits> limits);

signals:
    /// A WebSocket opened on @p path ("/ws/visitor" or "/ws/agent") from a page of
    /// @p origin (empty for apps); connect with Qt::DirectConnection and take @p connection over.
    void webSocketOpened(
        WebSocketConnection *connection, const QByteArray &path, const QString &origin);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void classify(QTcpSocket *socket);
    /// Checks the page's origin, then upgrades or refuses.
    void checkOrigin(QTcpSocket *socket, const RequestHead &head);
    void upgrade(QTcpSocket *socket, const RequestHead &head);
    void refuse(QTcpSocket *socket, const HttpAnswer &answer);

    OriginPolicy &m_origins;
    std::optional<AddressGate> m_addressGate;
};
