#pragma once

#include <http/httprequest.h>

#include <QFile>
#include <QObject>
#include <QTimer>
#include <memory>

class QTcpSocket;
class HttpAnswer;
class HttpRouter;
class HttpBodySink;
struct StreamedRoute;

/// @brief One plain HTTP/1.1 connection, from the request head the listener saw to the close:
/// reads one request at a time, hands it to the router and writes its answer, then reads the
/// next (pipelined requests are answered in order; the next is not read before the current is
/// answered).
///
/// Everything a client sends is bounded: a head to 8 KiB (431) and, with its body, to the
/// request time limit from its first byte (408); a body to its route's limit, refused (413)
/// from the head, before a byte of it is read (see RequestFraming); what is read ahead of the
/// current request to the socket's read buffer, so TCP slows a client that sends faster; and
/// answers the client does not read to a backlog, after which no further request is read. An
/// idle kept-alive connection is closed after the idle limit. `Connection: close` (or HTTP/1.0
/// without keep-alive) closes after the answer.
///
/// A refused or finished connection closes gracefully: the answer is sent, the write side shut,
/// and what the client still sends is read and dropped for a short while, so its TCP stack
/// does not reset the connection before the client has read the answer.
///
/// Uploads and downloads stream: a route that streams its body (StreamedRoute) decides from the
/// head whether to take it, then gets it piece by piece as it arrives, and the request time limit
/// counts from the last piece instead of the first byte; an answer with a body file is read from
/// disk as the client takes it, never more than a few pieces ahead.
///
/// Owns the socket; deletes itself when the socket disconnects. An answer given after that (a
/// store callback) is dropped.
class HttpConnection : public QObject
{
    Q_OBJECT
public:
    struct Limits
    {
        int requestTimeoutMs = 10'000; // from a request's first byte to the end of its body
        int idleTimeoutMs = 15'000; // between requests on a kept-alive connection
        qint64 readAheadBytes = 64 * 1024; // buffered ahead of the request being handled
        qint64 unsentBytes = 1024 * 1024; // answers not yet taken by the client
        int lingerMs = 2'000; // reading and dropping after the answer that closes
    };

    /// Takes over @p socket, whose first request head is buffered but not yet consumed.
    HttpConnection(
        QTcpSocket *socket, const HttpRouter &router, Limits limits, QObject *parent = nullptr);

private:
    enum class Phase { Idle, Head, Admitting, Body, Answering, SendingFile, Closing };

    void readRequests();
    /// Consumes a complete head and moves to Body; false while it is incomplete or refused.
    bool readHead();
    /// Reads what has arrived of the body; true once it is complete.
    bool readBody();
    void dispatch();
    /// Asks @p route whether it takes the body of the request whose head was just read.
    void admit(const StreamedRoute &route);
    /// Sends more of the body file while the client keeps up; finishes the answer at its end.
    void sendFile();
    /// After an answer is out: the next request, or the close.
    void answered();
    /// The streamed body is complete: the route answers it.
    void finishStreamed();
    void send(quint64 serial, const HttpAnswer &answer);
    void refuse(const HttpAnswer &answer);
    void close();
    void shutDownWriting();
    void expire();
    void enter(Phase phase, int timeoutMs);
    void onBytesWritten();

    QTcpSocket *m_socket;
    const HttpRouter &m_router;
    Limits m_limits;
    QTimer m_timer;
    Phase m_phase = Phase::Idle;
    HttpRequest m_request;
    const StreamedRoute *m_streamed = nullptr; // the current request's, when it streams
    std::shared_ptr<HttpBodySink> m_sink; // where its body goes
    QFile m_bodyFile; // the answer's body being sent from disk
    qint64 m_bodyFileLeft = 0;
    qint64 m_bodyLeft = 0;
    bool m_headOnly = false; // HEAD: the answer's head alone
    bool m_expectsContinue = false; // the client waits for "100 Continue" before its body
    bool m_keepAlive = true;
    bool m_writingShutDown = false;
    quint64 m_serial = 0; // counts requests, so a late answer finds only its own
};
