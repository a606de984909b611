#pragma once

#include <QHostAddress>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

/// @brief A loopback TCP relay to a server that can fall silent: after silence() it forwards
/// nothing either way on the connections it has and accepts new ones without answering, yet
/// closes nothing — the peer sees what a hung server or a network path that drops packets looks
/// like (no frames, no FIN, no reset). speakAgain() relays the connections made after it; those
/// silenced stay dead, as they would.
class SilentRelay : public QObject
{
public:
    /// Listens on a free loopback port; connections are relayed to 127.0.0.1:@p targetPort.
    bool start(quint16 targetPort)
    {
        m_targetPort = targetPort;
        connect(&m_listener, &QTcpServer::newConnection, this, &SilentRelay::accept);
        return m_listener.listen(QHostAddress::LocalHost);
    }

    quint16 port() const { return m_listener.serverPort(); }

    void silence()
    {
        m_silent = true;
        for (QTcpSocket *socket : findChildren<QTcpSocket *>())
            socket->setProperty(silencedProperty, true);
    }
    void speakAgain() { m_silent = false; }

private:
    void accept()
    {
        while (QTcpSocket *client = m_listener.nextPendingConnection()) {
            client->setParent(this);
            if (m_silent) {
                client->setProperty(silencedProperty, true);
                continue; // accepted by the kernel, never answered
            }
            auto *upstream = new QTcpSocket(client);
            pipe(client, upstream);
            pipe(upstream, client);
            connect(client, &QTcpSocket::disconnected, upstream, &QTcpSocket::disconnectFromHost);
            connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
            upstream->connectToHost(QHostAddress::LocalHost, m_targetPort);
        }
    }

    /// Copies what @p from receives to @p to, until the relay falls silent.
    void pipe(QTcpSocket *from, QTcpSocket *to)
    {
        connect(from, &QTcpSocket::readyRead, this, [from, to = QPointer<QTcpSocket>(to)] {
            if (from->property(silencedProperty).toBool() || !to)
                return; // left unread: nothing moves, nothing closes
            to->write(from->readAll());
        });
    }

    static constexpr const char *silencedProperty = "silenced";

    QTcpServer m_listener;
    quint16 m_targetPort = 0;
    bool m_silent = false;
};
