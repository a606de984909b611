#include "connectionproblem.h"

#include "serverversion.h"

#include <QCoreApplication>

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("ConnectionProblem", text);
}

QString hostOf(const QUrl &server)
{
    const QString host = server.host();
    if (host.isEmpty())
        return server.toString();
    return server.port() > 0 ? QStringLiteral("%1:%2").arg(host).arg(server.port()) : host;
}
} // namespace

ConnectionProblem ConnectionProblem::wrongPassword()
{
    return { Connection::Problem::WrongPassword,
        tr("That email and password do not match an agent account. Check both and try again.") };
}

ConnectionProblem ConnectionProblem::sessionExpired()
{
    return { Connection::Problem::SessionExpired,
        tr("Your session has ended. Sign in again to continue; unsent messages are kept.") };
}

ConnectionProblem ConnectionProblem::sessionEnded(const QString &reason)
{
    if (reason.isEmpty())
        return sessionExpired();
    return { Connection::Problem::SessionExpired,
        tr("Your session has ended (%1). Sign in again to continue; unsent messages are kept.")
            .arg(reason) };
}

ConnectionProblem ConnectionProblem::unreachable(const QUrl &server, const QString &detail)
{
    QString message = tr("Cannot reach the chat server at %1. Check the address and your "
                         "network connection.")
                          .arg(hostOf(server));
    if (!detail.isEmpty())
        message += u' ' + tr("(%1)").arg(detail);
    return { Connection::Problem::Unreachable, message };
}

ConnectionProblem ConnectionProblem::versionMismatch(const QString &serverVersion)
{
    const QString server
        = serverVersion.isEmpty() ? tr("a newer protocol") : tr("version %1").arg(serverVersion);
    return { Connection::Problem::VersionMismatch,
        tr("This app (version %1, protocol chat.v1) cannot talk to this server (%2). "
           "Install the app version that matches your server.")
            .arg(QStringLiteral(CHAT_VERSION), server) };
}

ConnectionProblem ConnectionProblem::serverError(
    std::optional<ErrorCode> code, const QString &message)
{
    if (code == ErrorCode::AuthFailed)
        return wrongPassword();
    QString text = tr("The server could not sign you in");
    const QString codeName = code ? errorCodeName(*code) : QStringLiteral("unexpected_reply");
    text += message.isEmpty() ? tr(" (%1).").arg(codeName) : tr(": %1.").arg(message);
    return { Connection::Problem::ServerError, text };
}

ConnectionProblem ConnectionProblem::fromSocketError(
    QAbstractSocket::SocketError error, const QString &errorString, const QUrl &server)
{
    if (const std::optional<int> status = ServerVersion::refusedHandshakeStatus(errorString)) {
        if (*status == 426)
            return versionMismatch({});
        return unreachable(server, tr("the server answered HTTP %1").arg(*status));
    }
    switch (error) {
    case QAbstractSocket::HostNotFoundError:
        return unreachable(server, tr("unknown host"));
    case QAbstractSocket::ConnectionRefusedError:
        return unreachable(server, tr("connection refused"));
    case QAbstractSocket::SocketTimeoutError:
        return unreachable(server, tr("no answer"));
    default:
        return unreachable(server, {});
    }
}
