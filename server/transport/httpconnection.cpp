#include "httpconnection.h"

#include "requestframing.h"
#include "requesthead.h"
#include "unsentbytes.h"

#include <http/httpanswer.h>
#include <http/httprouter.h>

#include <QLoggingCategory>
#include <QPointer>
#include <QSslSocket>
#include <QTcpSocket>

#include <sys/socket.h>

Q_LOGGING_CATEGORY(lcHttp, "chat.http")

HttpConnection::HttpConnection(
    QTcpSocket *socket, const HttpRouter &router, Limits limits, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_router(router)
    , m_limits(limits)
{
    socket->setParent(this);
    socket->setReadBufferSize(m_limits.readAheadBytes);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::expire);
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::readRequests);
    connect(socket, &QTcpSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    // An encrypted socket says "written" when it has encrypted; the network takes it later.
    if (auto *tls = qobject_cast<QSslSocket *>(socket))
        connect(tls, &QSslSocket::encryptedBytesWritten, this, &HttpConnection::onBytesWritten);
    connect(socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    // The listener only peeked at the first head: its bytes are buffered already.
    QMetaObject::invokeMethod(this, &HttpConnection::readRequests, Qt::QueuedConnection);
}

void HttpConnection::onBytesWritten()
{
    if (m_phase == Phase::Closing) {
        // Checked once the socket is done: an encrypted one reports what it has encrypted
        // before it hands the result on to the network.
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (m_phase == Phase::Closing && unsentBytes(*m_socket) == 0)
                    shutDownWriting();
            },
            Qt::QueuedConnection);
    } else if (m_phase == Phase::SendingFile) {
        sendFile();
    } else if (m_phase == Phase::Idle) {
        readRequests(); // a backlog of answers may have drained
    }
}

void HttpConnection::enter(Phase phase, int timeoutMs)
{
    m_phase = phase;
    m_timer.start(timeoutMs);
}

void HttpConnection::readRequests()
{
    if (m_phase == Phase::Closing) {
        m_socket->skip(m_socket->bytesAvailable());
        return;
    }
    if (m_phase == Phase::Idle) {
        if (m_socket->bytesAvailable() == 0 || unsentBytes(*m_socket) > m_limits.unsentBytes)
            return; // readyRead or bytesWritten brings us back
        enter(Phase::Head, m_limits.requestTimeoutMs);
    }
    if (m_phase == Phase::Head && !readHead())
        return;
    if (m_phase == Phase::Admitting)
        return; // the body waits, unread, for the route's decision
    if (m_phase == Phase::Body && readBody()) {
        if (m_streamed)
            return finishStreamed();
        dispatch();
    }
}

bool HttpConnection::readHead()
{
    const QByteArray bytes = m_socket->peek(RequestHead::maxBytes);
    const auto head = RequestHead::parse(bytes);
    if (!head) {
        if (bytes.size() >= RequestHead::maxBytes)
            refuse(HttpAnswer::error(HttpAnswer::Status::RequestHeaderFieldsTooLarge,
                QStringLiteral("header_too_large"),
                QStringLiteral("the request head is larger than 8 KiB")));
        return false;
    }
    m_request = HttpRequest {};
    m_request.method = HttpRequest::methodFromName(head->method);
    m_request.path = head->path;
    m_headOnly = m_request.method == HttpRequest::Method::Head;
    const auto framing
        = RequestFraming::of(*head, m_router.maxBodyBytes(m_request.method, m_request.path));
    if (const auto *refusal = std::get_if<HttpAnswer>(&framing)) {
        refuse(*refusal);
        return false;
    }
    m_socket->skip(head->byteCount);
    m_request.query = QUrlQuery(QString::fromUtf8(head->query));
    m_request.headers = head->headers;
    m_keepAlive = std::get<RequestFraming>(framing).keepAlive;
    m_bodyLeft = std::get<RequestFraming>(framing).bodyBytes;
    m_expectsContinue
        = head->headers.value("expect").compare("100-continue", Qt::CaseInsensitive) == 0;
    m_streamed = m_router.streamed(m_request.method, m_request.path);
    m_sink.reset();
    if (m_streamed) {
        admit(*m_streamed);
        return m_phase == Phase::Body;
    }
    if (m_bodyLeft > 0 && m_expectsContinue)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    m_phase = Phase::Body; // the request's timer runs on
    return true;
}

void HttpConnection::admit(const StreamedRoute &route)
{
    m_phase = Phase::Admitting;
    m_timer.stop(); // deciding is the server's work
    const quint64 serial = ++m_serial;
    // A refusal is sent without reading the body, so the connection closes after it.
    auto refusal = std::make_shared<HttpResponder>(
        [self = QPointer<HttpConnection>(this), serial](const HttpAnswer &answer) {
            if (self && self->m_serial == serial && self->m_phase == Phase::Admitting)
                self->refuse(answer);
        });
    route.admit(m_request, refusal,
        [self = QPointer<HttpConnection>(this), serial](std::shared_ptr<HttpBodySink> sink) {
            if (!self || self->m_serial != serial || self->m_phase != Phase::Admitting || !sink)
                return;
            self->m_sink = std::move(sink);
            if (self->m_bodyLeft > 0 && self->m_expectsContinue)
                self->m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            self->enter(Phase::Body, self->m_limits.requestTimeoutMs);
            QMetaObject::invokeMethod(
                self.data(), &HttpConnection::readRequests, Qt::QueuedConnection);
        });
}

void HttpConnection::finishStreamed()
{
    m_phase = Phase::Answering;
    m_timer.stop();
    const quint64 serial = m_serial;
    auto responder = std::make_shared<HttpResponder>(
        [self = QPointer<HttpConnection>(this), serial](const HttpAnswer &answer) {
            if (self)
                self->send(serial, answer);
        });
    const StreamedRoute *route = std::exchange(m_streamed, nullptr);
    route->finish(
        std::exchange(m_request, HttpRequest {}), std::exchange(m_sink, nullptr), responder);
}

bool HttpConnection::readBody()
{
    // Never more than the route's limit: the framing refused a longer body.
    const QByteArray chunk = m_socket->read(std::min(m_bodyLeft, m_socket->bytesAvailable()));
    m_bodyLeft -= chunk.size();
    if (!m_sink) {
        m_request.body += chunk;
        return m_bodyLeft == 0;
    }
    if (!chunk.isEmpty()) {
        if (!m_sink->write(chunk)) {
            m_sink.reset();
            refuse(HttpAnswer::error(HttpAnswer::Status::InternalServerError,
                QStringLiteral("storage_error"), QStringLiteral("the server could not store it")));
            return false;
        }
        m_timer.start(m_limits.requestTimeoutMs); // a streamed body is timed from its last piece
    }
    return m_bodyLeft == 0;
}

void HttpConnection::dispatch()
{
    m_phase = Phase::Answering;
    m_timer.stop(); // the server's own work is not the client's to bound
    const quint64 serial = ++m_serial;
    auto responder = std::make_shared<HttpResponder>(
        [self = QPointer<HttpConnection>(this), serial](const HttpAnswer &answer) {
            if (self)
                self->send(serial, answer);
        });
    // The route gets its own copy: it may answer at once, and the next request reuses ours.
    m_router.dispatch(std::exchange(m_request, HttpRequest {}), responder);
}

void HttpConnection::send(quint64 serial, const HttpAnswer &answer)
{
    if (serial != m_serial || m_phase != Phase::Answering)
        return;
    m_socket->write(answer.toBytes(m_headOnly, m_keepAlive));
    if (!answer.bodyFile().isEmpty() && !m_headOnly) {
        m_bodyFile.setFileName(answer.bodyFile());
        m_bodyFileLeft = answer.bodyFileSize();
        if (!m_bodyFile.open(QIODevice::ReadOnly)) {
            // The head is out already: all the client can be told is that the body ended.
            qCWarning(lcHttp) << "cannot read" << answer.bodyFile() << m_bodyFile.errorString();
            m_socket->abort();
            return;
        }
        enter(Phase::SendingFile, m_limits.requestTimeoutMs);
        return sendFile();
    }
    answered();
}

void HttpConnection::answered()
{
    if (!m_keepAlive)
        return close();
    enter(Phase::Idle, m_limits.idleTimeoutMs);
    // Pipelined requests may be buffered already; read them after this answer's call returns.
    QMetaObject::invokeMethod(this, &HttpConnection::readRequests, Qt::QueuedConnection);
}

void HttpConnection::sendFile()
{
    constexpr qint64 piece = 64 * 1024;
    constexpr qint64 ahead = 4 * piece; // queued for the socket at most
    bool wrote = false;
    while (m_bodyFileLeft > 0 && unsentBytes(*m_socket) < ahead) {
        const QByteArray bytes = m_bodyFile.read(std::min(piece, m_bodyFileLeft));
        if (bytes.isEmpty()) {
            qCWarning(lcHttp) << "short read of" << m_bodyFile.fileName();
            m_bodyFile.close();
            m_socket->abort(); // the length promised cannot be kept
            return;
        }
        m_socket->write(bytes);
        m_bodyFileLeft -= bytes.size();
        wrote = true;
    }
    if (wrote)
        m_timer.start(m_limits.requestTimeoutMs); // a client that stops reading is let go
    if (m_bodyFileLeft > 0)
        return; // bytesWritten brings us back
    m_bodyFile.close();
    answered();
}

void HttpConnection::refuse(const HttpAnswer &answer)
{
    qCInfo(lcHttp).noquote() << "refused" << m_socket->peerAddress().toString()
                             << int(answer.status()) << answer.body();
    m_socket->write(answer.toBytesAndClose());
    close();
}

void HttpConnection::close()
{
    enter(Phase::Closing, m_limits.lingerMs);
    m_socket->skip(m_socket->bytesAvailable());
    if (unsentBytes(*m_socket) == 0)
        shutDownWriting();
}

void HttpConnection::shutDownWriting()
{
    // Not disconnectFromHost(): closing a socket with unread input resets the connection, and
    // the client may lose the answer. Half-close, and the client closes its end.
    if (!m_writingShutDown)
        ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    m_writingShutDown = true;
}

void HttpConnection::expire()
{
    switch (m_phase) {
    case Phase::Idle:
        return close();
    case Phase::SendingFile:
        qCInfo(lcHttp).noquote() << "dropped" << m_socket->peerAddress().toString()
                                 << "that stopped reading a download";
        m_bodyFile.close();
        m_socket->abort();
        return;
    case Phase::Head:
    case Phase::Body:
        return refuse(
            HttpAnswer::error(HttpAnswer::Status::RequestTimeout, QStringLiteral("request_timeout"),
                QStringLiteral("the request did not arrive within %1 s")
                    .arg(m_limits.requestTimeoutMs / 1000.0)));
    case Phase::Admitting:
    case Phase::Answering:
        return;
    case Phase::Closing:
        m_socket->abort();
        deleteLater();
        return;
    }
}
