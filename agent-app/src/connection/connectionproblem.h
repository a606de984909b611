#pragma once

#include "connectionenums.h"

#include <protocol/protocolerror.h>

#include <QAbstractSocket>
#include <QString>
#include <QUrl>

/// @brief Why the app cannot talk to the server, worded so the agent knows what to do next.
struct ConnectionProblem
{
    Connection::Problem kind = Connection::Problem::None;
    QString message;

    static ConnectionProblem none() { return {}; }
    static ConnectionProblem wrongPassword();
    static ConnectionProblem sessionExpired();
    /// The server closed the connection because the session ended; @p reason is its close
    /// reason ("signed out", "password changed: sign in again", ...).
    static ConnectionProblem sessionEnded(const QString &reason);
    static ConnectionProblem unreachable(const QUrl &server, const QString &detail);
    static ConnectionProblem versionMismatch(const QString &serverVersion);
    /// An error the server sent (code and its message) that the agent cannot fix by retyping;
    /// no code: the server answered with something other than an error.
    static ConnectionProblem serverError(std::optional<ErrorCode> code, const QString &message);
    /// What a socket error at connection time means for the agent.
    static ConnectionProblem fromSocketError(
        QAbstractSocket::SocketError error, const QString &errorString, const QUrl &server);
};
