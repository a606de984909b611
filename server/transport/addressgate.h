#pragma once

#include <QElapsedTimer>
#include <memory>

class AddressLimits;
class QTcpSocket;

/// @brief Where the listener applies AddressLimits to a socket it has just accepted: one within
/// the limits holds its address's place until it disconnects or is destroyed, whoever owns it
/// by then (the HTTP server, a WebSocket connection); one beyond them is answered
/// `429 Too Many Requests` with a JSON body at once (closed without one under TLS), without
/// reading its request, and closed.
///
/// Answering costs one small write, about what a bare close costs, and tells a real client
/// (a browser, the agent app) why; refusals are logged at most once a second with their count,
/// so a flood cannot flood the log.
class AddressGate
{
public:
    explicit AddressGate(std::shared_ptr<AddressLimits> limits);

    /// True if @p socket may go on; otherwise it is answered, closing and deletes itself.
    bool admit(QTcpSocket *socket);

private:
    std::shared_ptr<AddressLimits> m_limits;
    QElapsedTimer m_lastLog;
    int m_refusedSinceLog = 0;
};
