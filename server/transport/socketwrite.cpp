#include "socketwrite.h"

#include "unsentbytes.h"

#include <cerrno>
#include <sys/socket.h>

void writeToSocket(QTcpSocket &socket, const QByteArray &bytes)
{
    qsizetype sent = 0;
    const bool direct = !qobject_cast<QSslSocket *>(&socket)
        && socket.state() == QAbstractSocket::ConnectedState && unsentBytes(socket) == 0;
    if (direct) {
        const qintptr fd = socket.socketDescriptor();
        while (fd >= 0 && sent < bytes.size()) {
            const ssize_t n = ::send(int(fd), bytes.constData() + sent, size_t(bytes.size() - sent),
                MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n > 0) {
                sent += n;
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            // EAGAIN: the kernel's buffer is full, Qt sends the rest when it drains. Any other
            // error: Qt's own write meets it and reports it as the socket's error.
            break;
        }
    }
    if (sent == 0)
        socket.write(bytes);
    else if (sent < bytes.size())
        socket.write(bytes.sliced(sent));
}
