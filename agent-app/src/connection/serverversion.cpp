#include "serverversion.h"

#include <QRegularExpression>

namespace {
std::optional<int> majorOf(const QString &version)
{
    static const QRegularExpression leadingNumber(QStringLiteral("^\\s*v?(\\d+)"));
    const QRegularExpressionMatch match = leadingNumber.match(version);
    if (!match.hasMatch())
        return std::nullopt;
    return match.captured(1).toInt();
}
} // namespace

int ServerVersion::supportedMajor()
{
    return majorOf(QStringLiteral(CHAT_VERSION)).value_or(0);
}

bool ServerVersion::isCompatible(const QString &serverVersion)
{
    const std::optional<int> major = majorOf(serverVersion);
    return !major || *major == supportedMajor();
}

std::optional<int> ServerVersion::refusedHandshakeStatus(const QString &socketErrorString)
{
    // QtWebSockets 6.4: "QWebSocketPrivate::processHandshake: Unhandled http status code: 426
    // (...)."
    static const QRegularExpression status(
        QStringLiteral("status code:?\\s*(\\d{3})"), QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = status.match(socketErrorString);
    if (!match.hasMatch())
        return std::nullopt;
    return match.captured(1).toInt();
}
