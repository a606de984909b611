#pragma once

#include "readgate.h"
#include "websocket/frames.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QTcpSocket;

/// @brief The server's side of one WebSocket, on a QTcpSocket whose upgrade was accepted.
///
/// Reads messages through WebSocket::FrameReader (RFC 6455 enforced, UTF-8 checked across
/// fragments), writes frames with a bounded send buffer, pings a quiet peer and drops one that
/// stops answering, and closes with the RFC's handshake. Nothing here grows without bound: the
/// socket's read buffer is capped (TCP pushes back on a fast sender), a message is capped, and
/// a peer that does not read what it is sent is dropped once its backlog passes the limit; it
/// reconnects and resumes like after any other drop.
class WebSocketConnection : public QObject
{
    Q_OBJECT
public:
    struct Limits
    {
        qsizetype maxMessageBytes = 64 * 1024;
        /// Bytes queued for a peer that is not reading; past this it is dropped.
        qint64 maxSendBacklogBytes = 4 * 1024 * 1024;
        /// A ping after this long without a frame from the peer, and a drop after as long again.
        int idlePingMs = 30'000;
        /// How long a close waits for the peer's close before the TCP connection is cut.
        int closeTimeoutMs = 2'000;
    };

    /// Takes @p socket over (any bytes after the upgrade's head may already be buffered in it).
    WebSocketConnection(QTcpSocket *socket, Limits limits, QObject *parent = nullptr);
    ~WebSocketConnection() override;

    /// Sends one text message; @p utf8 must be valid UTF-8. False when the connection is
    /// closing or the peer's backlog is over the limit (it is then dropped).
    bool sendText(QByteArrayView utf8);
    /// Sends bytes that are already a whole frame (one event framed once for many recipients).
    bool sendFrame(const QByteArray &frame);
    /// Starts the closing handshake with @p code; the socket is cut if the peer does not answer.
    void close(quint16 code, const QString &reason = {});
    /// Cuts the TCP connection without a closing handshake.
    void abort();

    bool isOpen() const { return m_state == State::Open; }
    QHostAddress peerAddress() const { return m_peerAddress; }
    quint16 peerPort() const { return m_peerPort; }
    /// The close code (sent or received); 1006 when the connection dropped without one.
    quint16 closeCode() const { return m_closeCode; }
    QString closeReason() const { return m_closeReason; }
    qint64 sendBacklog() const;
    /// Whether the peer was pinged after a quiet interval and has sent nothing since: it may
    /// be dead or suspended, and is dropped if it stays quiet for another interval.
    bool isUnresponsive() const { return m_unresponsive; }
    /// Reads the next message only while @p gate is open (null: always); waits between
    /// messages while it is closed, leaving the rest in the socket (TCP pushes back).
    void setReadGate(ReadGate *gate) { m_gate = gate; }

signals:
    void textReceived(const QByteArray &utf8);
    void binaryReceived(const QByteArray &bytes);
    /// The peer stopped answering (pinged, nothing heard yet: true) or was heard again (false).
    void unresponsiveChanged(bool unresponsive);
    /// Emitted once, when the TCP connection is gone.
    void disconnected();

private:
    enum class State { Open, Closing, Closed };

    void readIncoming();
    /// Whether the read gate holds this connection now; if so, it reads again once it opens.
    bool heldAtGate();
    void handle(const WebSocket::Incoming &incoming);
    bool write(const QByteArray &frame);
    /// Frames written while handling one batch of events leave in one system call: queued
    /// here and flushed from the event loop's next pass (posted events run before it waits).
    void queue(const QByteArray &frame);
    void flushPending();
    /// Stops sending now and cuts the connection from the event loop.
    void dropLater();
    void onIdleTick();
    void onSocketGone();

    QTcpSocket *m_socket;
    Limits m_limits;
    WebSocket::FrameReader m_reader;
    State m_state = State::Open;
    QTimer m_idleTimer;
    QTimer m_closeTimer;
    bool m_heardSinceTick = true;
    bool m_pingOutstanding = false;
    bool m_unresponsive = false;
    QPointer<ReadGate> m_gate; // may go before the connection when the server stops
    QByteArray m_pending; // frames not yet handed to the socket
    bool m_flushPosted = false;
    bool m_waitingAtGate = false;
    QHostAddress m_peerAddress;
    quint16 m_peerPort = 0;
    quint16 m_closeCode = 1006; // abnormal closure until a close frame says otherwise
    QString m_closeReason;
};
