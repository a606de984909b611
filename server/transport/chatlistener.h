#pragma once

#include <QTcpServer>

class QWebSocketServer;

/// @brief The one listening port: reads each request's head without consuming it, then hands
/// WebSocket upgrades for /ws/visitor and /ws/agent to the WebSocket server and everything
/// else to the HTTP server (which binds to this listener and takes pending connections).
///
/// The head read is bounded in size and time, so a slow or oversized request cannot hold a
/// socket. Qt's own listen backlog (50) and pending limit (30) refuse bursts of reconnects;
/// this listener raises both.
class ChatListener : public QTcpServer
{
    Q_OBJECT
public:
    explicit ChatListener(QWebSocketServer &webSockets, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void classify(QTcpSocket *socket);
    void refuse(QTcpSocket *socket, const QByteArray &status, const QByteArray &json);

    QWebSocketServer &m_webSockets;
};
