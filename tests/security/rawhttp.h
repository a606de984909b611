#pragma once

#include <QByteArray>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QHash>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTimer>
#include <optional>

/// @brief One HTTP/1.1 answer as it came over the wire: status, headers (names lower-cased)
/// and the body its Content-Length announced.
struct RawResponse
{
    int status = 0;
    QHash<QByteArray, QByteArray> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

/// @brief A hand-written HTTP client over a plain QTcpSocket, as an attacker's script would
/// be: the test chooses every byte of the request (method, Origin, upgrade headers) and reads
/// back exactly what the server wrote, including what a browser would hide. It waits by running
/// the event loop, so a server in the same thread goes on working.
class RawHttp
{
public:
    bool connectTo(quint16 port)
    {
        QSignalSpy connected(&m_socket, &QTcpSocket::connected);
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        return connected.wait(5000);
    }

    /// Sends @p request as it is and reads one answer. With @p headOnly (a HEAD request, or an
    /// upgrade answered with 101) nothing past the head is read, whatever Content-Length says.
    std::optional<RawResponse> exchange(const QByteArray &request, bool headOnly = false)
    {
        send(request);
        return receive(headOnly);
    }

    /// Sends @p bytes as they are, without waiting for an answer.
    void send(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }

    /// Reads the next answer, as exchange() does.
    std::optional<RawResponse> receive(bool headOnly = false)
    {
        const qsizetype headEnd = waitFor([this] { return m_buffer.indexOf("\r\n\r\n"); });
        if (headEnd < 0)
            return std::nullopt;
        RawResponse response;
        const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
        response.status = lines.value(0).split(' ').value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                response.headers.insert(
                    lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
        }
        m_buffer.remove(0, headEnd + 4);
        if (headOnly || response.status == 101)
            return response;
        const qsizetype length = response.header("content-length").toLongLong();
        if (waitFor([this, length] { return m_buffer.size() >= length ? length : -1; }) < 0)
            return std::nullopt;
        response.body = m_buffer.left(length);
        m_buffer.remove(0, length);
        return response;
    }

    /// Bytes the server sent beyond the answers read so far, after giving it @p waitMs.
    QByteArray unread(int waitMs = 200)
    {
        QSignalSpy(&m_socket, &QTcpSocket::readyRead).wait(waitMs);
        m_buffer += m_socket.readAll();
        return m_buffer;
    }

    /// Whether the server closes the connection within @p timeoutMs; what it sent before is
    /// kept for unread().
    bool closedByServer(int timeoutMs = 5000)
    {
        return waitFor(
                   [this] { return m_socket.state() == QAbstractSocket::ConnectedState ? -1 : 0; },
                   timeoutMs)
            >= 0;
    }

    /// A WebSocket upgrade for @p target offering chat.v1, with @p origin unless it is empty.
    static QByteArray upgrade(const QByteArray &target, const QByteArray &origin)
    {
        QByteArray request = "GET " + target
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
              "Sec-WebSocket-Protocol: chat.v1\r\n";
        if (!origin.isEmpty())
            request += "Origin: " + origin + "\r\n";
        return request + "\r\n";
    }

    /// A plain request for @p target with @p method, kept alive for the next one.
    static QByteArray request(const QByteArray &method, const QByteArray &target)
    {
        return method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }

private:
    /// Reads until @p found returns a position (>= 0) or @p timeoutMs pass; returns it or -1.
    template <class Found> qsizetype waitFor(Found found, int timeoutMs = 5000)
    {
        QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            m_buffer += m_socket.readAll();
            if (const qsizetype at = found(); at >= 0)
                return at;
            if (deadline.hasExpired() || m_socket.state() != QAbstractSocket::ConnectedState)
                return -1;
            // Until more bytes or the server's close.
            QEventLoop loop;
            QObject::connect(&m_socket, &QTcpSocket::readyRead, &loop, &QEventLoop::quit);
            QObject::connect(&m_socket, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
            QTimer::singleShot(
                std::max<qint64>(1, deadline.remainingTime()), &loop, &QEventLoop::quit);
            loop.exec();
        }
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
};
