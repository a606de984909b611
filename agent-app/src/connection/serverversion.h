#pragma once

#include <QString>
#include <optional>

/// @brief Whether a server speaks the same protocol generation as this app.
///
/// The app speaks chat.v1; a server refuses the handshake (HTTP 426) when it no longer offers
/// chat.v1, and reports its version in auth.ok: another major version means incompatible.
namespace ServerVersion {
/// The major version this app was built for (from CHAT_VERSION).
int supportedMajor();
/// False only when @p serverVersion names a different major version; unknown is compatible.
bool isCompatible(const QString &serverVersion);
/// The HTTP status of a refused WebSocket handshake, read from QWebSocket's error text.
std::optional<int> refusedHandshakeStatus(const QString &socketErrorString);
} // namespace ServerVersion
