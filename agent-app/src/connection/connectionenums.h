#pragma once

#include <QObject>
#include <QtQml/qqmlregistration.h>

/// @brief The connection's life cycle and the reasons it can fail, shared by C++ and QML.
namespace Connection {
Q_NAMESPACE
QML_ELEMENT

enum class State {
    SignedOut, ///< not connected, not trying (the sign-in page is shown)
    Connecting, ///< first sign-in: opening the socket and checking the password
    Online, ///< signed in; requests flow
    Reconnecting, ///< the link dropped; retrying with backoff and resuming the session
};
Q_ENUM_NS(State)

enum class Problem {
    None,
    WrongPassword, ///< auth_failed on auth.login
    Unreachable, ///< no TCP/WebSocket connection to the address
    VersionMismatch, ///< the server does not speak chat.v1 or reports another major version
    SessionExpired, ///< auth.resume was refused; the agent must sign in again
    ServerError, ///< anything else the server reported
};
Q_ENUM_NS(Problem)
} // namespace Connection
