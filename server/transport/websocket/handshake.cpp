#include "handshake.h"

#include <QCryptographicHash>

namespace WebSocket {

QByteArray acceptKey(const QByteArray &clientKey)
{
    // The GUID every WebSocket server appends (RFC 6455 section 1.3).
    static const QByteArray guid = QByteArrayLiteral("258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    return QCryptographicHash::hash(clientKey.trimmed() + guid, QCryptographicHash::Sha1)
        .toBase64();
}

bool isValidClientKey(const QByteArray &clientKey)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        clientKey.trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    return decoded && decoded.decoded.size() == 16;
}

QByteArray upgradeResponse(const QByteArray &clientKey, const QByteArray &subprotocol)
{
    return QByteArrayLiteral("HTTP/1.1 101 Switching Protocols\r\n"
                             "Upgrade: websocket\r\n"
                             "Connection: Upgrade\r\n"
                             "Sec-WebSocket-Accept: ")
        + acceptKey(clientKey) + QByteArrayLiteral("\r\nSec-WebSocket-Protocol: ") + subprotocol
        + QByteArrayLiteral("\r\n\r\n");
}

} // namespace WebSocket
