#pragma once

#include <QString>

/// @brief Constants of the chat.v1 wire protocol (docs/protocol.md).
namespace Protocol {
inline constexpr auto subprotocol = "chat.v1";
inline constexpr qsizetype maxFrameBytes = 64 * 1024;
inline constexpr qsizetype maxBodyChars = 4000;
inline constexpr qsizetype maxIdChars = 64;
inline constexpr int maxHistoryPage = 200;
inline constexpr int defaultHistoryPage = 50;
/// The close code of an agent's connection whose session ended (signed out, password changed,
/// account disabled, expired); the close reason says which. The client must sign in again.
inline constexpr quint16 sessionEndedCloseCode = 4001;
} // namespace Protocol
