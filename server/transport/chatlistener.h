#pragma once

#include <QTcpServer>

class QWebSocketServer;
class HttpAnswer;
class OriginPolicy;
struct RequestHead;

/// @brief The one listening port: reads each request's head without consuming it, then hands
/// WebSocket upgrades for /ws/visitor and /ws/agent to the WebSocket server and everything
/// else to the HTTP server (which binds to this listener and takes pending connections).
///
/// The head read is bounded in size and time, so a slow or oversized request cannot hold a
/// socket. Upgrades from web pages the OriginPolicy refuses are answered 403 here, before any
/// upgrade. Qt's own listen backlog (50) and pending limit (30) refuse bursts of reconnects;
/// this listener raises both.
class ChatListener : public QTcpServer
{
    Q_OBJECT
public:
    ChatListener(QWebSocketServer &webSockets, OriginPolicy &origins, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void classify(QTcpSocket *socket);
    /// Checks the page's origin, then upgrades or refuses.
    void checkOrigin(QTcpSocket *socket, const RequestHead &head);
    void upgrade(QTcpSocket *socket);
    void refuse(QTcpSocket *socket, const HttpAnswer &answer);

    QWebSocketServer &m_webSockets;
    OriginPolicy &m_origins;
};
