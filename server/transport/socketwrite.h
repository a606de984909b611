#pragma once

#include <QByteArray>

class QTcpSocket;

/// Writes @p bytes to @p socket: on a plain socket with nothing waiting in Qt's buffer, straight
/// to the kernel; whatever the kernel does not take (or anything on an encrypted socket) goes
/// through Qt's buffer, sent when the socket is writable. Order is kept either way.
///
/// Why not always QTcpSocket::write: Qt copies every write below 256 bytes into a fresh 32 KiB
/// chunk that the socket then keeps for its whole life (most of an idle connection's memory),
/// and sends nothing before the next pass of the event loop (a wake-up and two epoll_ctl calls
/// per write). Acknowledgements and chat events are small and usually fit the kernel's buffer.
void writeToSocket(QTcpSocket &socket, const QByteArray &bytes);
