#include "websocketconnection.h"

#include "readgate.h"
#include "socketwrite.h"
#include "unsentbytes.h"

#include <QLoggingCategory>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcWebSocket, "chat.websocket")

using namespace WebSocket;

namespace {
/// What the socket reads from the kernel at most before this side has handled it: beyond it
/// TCP's own flow control slows the sender.
constexpr qint64 readBufferBytes = 64 * 1024;
} // namespace

WebSocketConnection::WebSocketConnection(QTcpSocket *socket, Limits limits, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_limits(limits)
    , m_reader({ limits.maxMessageBytes, true })
    , m_peerAddress(socket->peerAddress())
    , m_peerPort(socket->peerPort())
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(readBufferBytes);
    connect(m_socket, &QTcpSocket::readyRead, this, &WebSocketConnection::readIncoming);
    connect(m_socket, &QTcpSocket::disconnected, this, &WebSocketConnection::onSocketGone);
    m_idleTimer.setInterval(m_limits.idlePingMs);
    connect(&m_idleTimer, &QTimer::timeout, this, &WebSocketConnection::onIdleTick);
    m_idleTimer.start();
    m_closeTimer.setSingleShot(true);
    connect(&m_closeTimer, &QTimer::timeout, this, &WebSocketConnection::abort);
    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        QMetaObject::invokeMethod(this, &WebSocketConnection::onSocketGone, Qt::QueuedConnection);
        return;
    }
    // Bytes that came with the upgrade request are already buffered: read them too.
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &WebSocketConnection::readIncoming, Qt::QueuedConnection);
}

WebSocketConnection::~WebSocketConnection() = default;

qint64 WebSocketConnection::sendBacklog() const
{
    return unsentBytes(*m_socket) + m_pending.size();
}

bool WebSocketConnection::sendText(QByteArrayView utf8)
{
    if (m_state != State::Open)
        return false;
    return write(encodeFrame(Opcode::Text, utf8));
}

bool WebSocketConnection::sendFrame(const QByteArray &frame)
{
    if (m_state != State::Open)
        return false;
    return write(frame);
}

bool WebSocketConnection::write(const QByteArray &frame)
{
    // Hand the kernel what it can take before judging.
    if (sendBacklog() + frame.size() > m_limits.maxSendBacklogBytes) {
        flushPending();
        m_socket->flush();
    }
    if (sendBacklog() + frame.size() > m_limits.maxSendBacklogBytes) {
        qCInfo(lcWebSocket).noquote()
            << "dropped" << m_peerAddress.toString() << "after" << sendBacklog() << "unread bytes";
        m_closeCode = CloseCode::PolicyViolation;
        m_closeReason = QStringLiteral("not reading what it is sent");
        dropLater();
        return false;
    }
    queue(frame);
    return true;
}

void WebSocketConnection::queue(const QByteArray &frame)
{
    if (m_pending.isEmpty())
        m_pending = frame; // shared, not copied: often the one frame of a fan-out
    else
        m_pending.append(frame);
    if (!m_flushPosted) {
        m_flushPosted = true;
        QMetaObject::invokeMethod(this, &WebSocketConnection::flushPending, Qt::QueuedConnection);
    }
}

void WebSocketConnection::flushPending()
{
    m_flushPosted = false;
    if (m_pending.isEmpty())
        return;
    const QByteArray bytes = std::exchange(m_pending, QByteArray());
    if (m_state != State::Closed)
        writeToSocket(*m_socket, bytes);
}

void WebSocketConnection::close(quint16 code, const QString &reason)
{
    if (m_state != State::Open)
        return;
    m_state = State::Closing;
    m_closeCode = code;
    m_closeReason = reason;
    queue(encodeClose(code, reason));
    m_closeTimer.start(m_limits.closeTimeoutMs);
    // Held at the gate with a full read buffer, the socket would not tell of the peer's close.
    if (m_waitingAtGate)
        QMetaObject::invokeMethod(this, &WebSocketConnection::readIncoming, Qt::QueuedConnection);
}

void WebSocketConnection::abort()
{
    if (m_state == State::Closed)
        return;
    m_pending.clear();
    m_socket->abort(); // emits disconnected() when it was connected
    onSocketGone();
}

void WebSocketConnection::dropLater()
{
    // Not from inside a send: the caller may be walking a list of connections this one's
    // disconnected() would change.
    m_state = State::Closing;
    QMetaObject::invokeMethod(this, &WebSocketConnection::abort, Qt::QueuedConnection);
}

void WebSocketConnection::readIncoming()
{
    while (m_state != State::Closed) {
        if (heldAtGate())
            return;
        if (std::optional<Incoming> incoming = m_reader.next()) {
            handle(*incoming);
            continue;
        }
        if (const std::optional<ReadError> &error = m_reader.error()) {
            qCInfo(lcWebSocket).noquote()
                << "closing" << m_peerAddress.toString() << error->closeCode << error->reason;
            close(error->closeCode, error->reason);
            m_socket->readAll(); // nothing more is read after a protocol error
            return;
        }
        if (m_socket->bytesAvailable() <= 0) {
            m_reader.releaseConsumed();
            return;
        }
        // All of it at once (at most the read buffer's bound): when Qt holds it in one chunk,
        // read() hands that chunk over instead of copying, and the socket keeps no buffer.
        m_reader.append(m_socket->read(m_socket->bytesAvailable()));
        m_heardSinceTick = true;
        if (std::exchange(m_unresponsive, false))
            emit unresponsiveChanged(false);
    }
}

bool WebSocketConnection::heldAtGate()
{
    // A closing connection reads on past the gate: only the peer's close matters now, and
    // its messages are dropped unread (handle()).
    if (!m_gate || m_state != State::Open || m_gate->isOpen())
        return false;
    if (!m_waitingAtGate) {
        m_waitingAtGate = true;
        connect(
            m_gate, &ReadGate::opened, this,
            [this] {
                m_waitingAtGate = false;
                readIncoming();
            },
            Qt::SingleShotConnection);
    }
    return true;
}

void WebSocketConnection::handle(const Incoming &incoming)
{
    switch (incoming.kind) {
    case Incoming::Kind::Text:
        if (m_state == State::Open)
            emit textReceived(incoming.payload);
        break;
    case Incoming::Kind::Binary:
        if (m_state == State::Open)
            emit binaryReceived(incoming.payload);
        break;
    case Incoming::Kind::Ping:
        if (m_state == State::Open)
            write(encodeFrame(Opcode::Pong, incoming.payload));
        break;
    case Incoming::Kind::Pong:
        m_pingOutstanding = false;
        break;
    case Incoming::Kind::Close:
        if (m_state == State::Open) {
            // Their close: answer with the same code, then the server ends the TCP connection.
            m_state = State::Closing;
            m_closeCode = incoming.closeCode;
            m_closeReason = QString::fromUtf8(incoming.payload);
            queue(incoming.closeCode == CloseCode::NoStatus ? encodeFrame(Opcode::Close, {})
                                                            : encodeClose(incoming.closeCode));
        }
        flushPending(); // the close answer goes out before the disconnect
        m_socket->disconnectFromHost();
        m_closeTimer.start(m_limits.closeTimeoutMs);
        break;
    }
}

void WebSocketConnection::onIdleTick()
{
    if (m_state != State::Open)
        return;
    if (m_heardSinceTick) {
        m_heardSinceTick = false;
        m_pingOutstanding = false;
        return;
    }
    if (m_pingOutstanding) {
        qCInfo(lcWebSocket).noquote()
            << "dropped" << m_peerAddress.toString() << "after no answer to a ping";
        m_closeCode = CloseCode::GoingAway;
        m_closeReason = QStringLiteral("no answer to ping");
        dropLater();
        return;
    }
    m_pingOutstanding = true;
    if (write(encodeFrame(Opcode::Ping, {})) && !m_unresponsive) {
        m_unresponsive = true;
        emit unresponsiveChanged(true);
    }
}

void WebSocketConnection::onSocketGone()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_idleTimer.stop();
    m_closeTimer.stop();
    emit disconnected();
}
