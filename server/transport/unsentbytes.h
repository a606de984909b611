#pragma once

#include <QSslSocket>
#include <QTcpSocket>

/// Bytes written to @p socket that the kernel has not taken yet. An encrypted socket keeps what
/// it has encrypted apart from what it has not, and bytesToWrite() counts only the latter.
inline qint64 unsentBytes(const QTcpSocket &socket)
{
    if (const auto *tls = qobject_cast<const QSslSocket *>(&socket))
        return tls->bytesToWrite() + tls->encryptedBytesToWrite();
    return socket.bytesToWrite();
}
