#pragma once

#include <websocket/frames.h>

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTest>
#include <optional>

/// @brief A chat.v1 client over a plain QTcpSocket from a chosen source address (127.0.0.2 is
/// another loopback address on Linux, so one test can be two clients' addresses), as an
/// attacker's script would be: it opens many connections without waiting on each, writes the
/// upgrade and masked frames by hand, and reads back the server's answer or frames. Waiting runs
/// the event loop, so a server in the same thread goes on working.
class RawWebSocket
{
public:
    /// Starts connecting from @p source to the server on 127.0.0.1:@p port; see connected().
    void connectFrom(const QHostAddress &source, quint16 port)
    {
        m_socket.bind(source);
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }
    bool connected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    bool closed() const { return m_socket.state() == QAbstractSocket::UnconnectedState; }
    QTcpSocket &socket() { return m_socket; }

    /// Writes the upgrade request for @p path (no Origin, as the desktop app).
    void startUpgrade(const QByteArray &path)
    {
        m_socket.write("GET " + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
              "Sec-WebSocket-Protocol: chat.v1\r\n\r\n");
    }
    /// Reads what has arrived; true once the answer's head is in (see status(), answer()).
    bool answered()
    {
        pump();
        return m_status != 0;
    }
    /// The HTTP status of the answer (101 for an upgrade), 0 while none came.
    int status() const { return m_status; }
    /// The whole HTTP answer (head and body) when it was not an upgrade.
    const QByteArray &answer() const { return m_answer; }

    void sendJson(const QJsonObject &message)
    {
        m_socket.write(WebSocket::encodeFrame(WebSocket::Opcode::Text,
            QJsonDocument(message).toJson(QJsonDocument::Compact), true,
            QRandomGenerator::global()->generate()));
    }
    /// The text messages received so far, as JSON.
    const QList<QJsonObject> &messages()
    {
        pump();
        return m_messages;
    }

private:
    void pump()
    {
        m_buffer += m_socket.readAll();
        if (m_status == 0) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            m_status = m_buffer.mid(9, 3).toInt();
            if (m_status != 101) {
                m_answer = m_buffer;
                return;
            }
            m_buffer.remove(0, end + 4);
        }
        if (m_status != 101) {
            m_answer = m_buffer;
            return;
        }
        m_reader.append(m_buffer);
        m_buffer.clear();
        while (auto incoming = m_reader.next())
            if (incoming->kind == WebSocket::Incoming::Kind::Text)
                m_messages.append(QJsonDocument::fromJson(incoming->payload).object());
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
    int m_status = 0;
    QByteArray m_answer;
    WebSocket::FrameReader m_reader { { 1 << 20, false } };
    QList<QJsonObject> m_messages;
};
