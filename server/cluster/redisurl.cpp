#include "redisurl.h"

#include <QUrl>

namespace {

RedisUrlError refuse(const QString &text, const QString &why)
{
    // The password is not repeated in the message: it ends up in logs.
    QUrl url(text);
    const QString shown = url.isValid() ? url.toDisplayString(QUrl::RemovePassword) : text;
    return RedisUrlError { QStringLiteral("bad Redis URL \"%1\": %2").arg(shown, why) };
}

} // namespace

std::variant<RedisUrl, RedisUrlError> RedisUrl::parse(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return RedisUrlError { QStringLiteral(
            "empty Redis URL: expected redis://[:password@]host[:port][/database]") };
    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid()) {
        return RedisUrlError { QStringLiteral("bad Redis URL: %1; expected "
                                              "redis://[:password@]host[:port][/database]")
                                   .arg(url.errorString()) };
    }
    if (url.scheme() == QLatin1String("rediss"))
        return refuse(trimmed, QStringLiteral("TLS (rediss://) is not supported"));
    if (url.scheme() != QLatin1String("redis")) {
        return refuse(trimmed,
            QStringLiteral("it must start with redis:// (expected "
                           "redis://[:password@]host[:port][/database])"));
    }
    if (url.host().isEmpty())
        return refuse(trimmed, QStringLiteral("no host"));
    if (url.hasQuery() || url.hasFragment())
        return refuse(trimmed, QStringLiteral("options after ? or # are not supported"));

    RedisUrl result;
    result.host = url.host(QUrl::FullyDecoded);
    if (url.port() == 0)
        return refuse(trimmed, QStringLiteral("port 0 is not a port to connect to"));
    if (url.port() > 0)
        result.port = quint16(url.port());
    result.username = url.userName(QUrl::FullyDecoded).toUtf8();
    result.password = url.password(QUrl::FullyDecoded).toUtf8();
    if (!result.username.isEmpty() && result.password.isEmpty())
        return refuse(trimmed, QStringLiteral("a username needs a password (user:password@)"));

    QString path = url.path(QUrl::FullyDecoded);
    if (path.startsWith(QLatin1Char('/')))
        path.remove(0, 1);
    if (!path.isEmpty()) {
        bool isNumber = false;
        const int database = path.toInt(&isNumber);
        if (!isNumber || database < 0 || !path.front().isDigit()) {
            return refuse(
                trimmed, QStringLiteral("the database \"%1\" is not a number (0, 1, …)").arg(path));
        }
        result.database = database;
    }
    return result;
}

QString RedisUrl::toDisplayString() const
{
    const QString credentials
        = password.isEmpty() ? QString() : QString::fromUtf8(username) + QStringLiteral(":***@");
    const QString shownHost
        = host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(host) : host;
    const QString shownDatabase = database == 0 ? QString() : QStringLiteral("/%1").arg(database);
    return QStringLiteral("redis://%1%2:%3%4")
        .arg(credentials, shownHost)
        .arg(port)
        .arg(shownDatabase);
}
