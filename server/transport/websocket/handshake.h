#pragma once

#include <QByteArray>

namespace WebSocket {
/// The Sec-WebSocket-Accept value answering a client's Sec-WebSocket-Key (RFC 6455 4.2.2).
QByteArray acceptKey(const QByteArray &clientKey);
/// Whether @p clientKey is what RFC 6455 asks for: 16 random bytes, base64-encoded.
bool isValidClientKey(const QByteArray &clientKey);
/// The "101 Switching Protocols" answer to a valid upgrade request with @p clientKey, agreeing
/// on @p subprotocol.
QByteArray upgradeResponse(const QByteArray &clientKey, const QByteArray &subprotocol);
} // namespace WebSocket
