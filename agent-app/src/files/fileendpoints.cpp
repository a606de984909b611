#include "fileendpoints.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkReply>

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("FileEndpoints", text);
}

QString idPath(const QString &fileId, const QString &suffix = {})
{
    return QStringLiteral("/api/files/") + QString::fromLatin1(QUrl::toPercentEncoding(fileId))
        + suffix;
}
} // namespace

namespace FileEndpoints {

QUrl onServer(const QUrl &serverUrl, const QString &path)
{
    QUrl url = serverUrl;
    const bool secure = url.scheme() == u"https" || url.scheme() == u"wss";
    url.setScheme(secure ? QStringLiteral("https") : QStringLiteral("http"));
    url.setPath(path, QUrl::TolerantMode);
    url.setQuery(QString());
    url.setFragment({});
    return url;
}

QUrl upload(const QUrl &serverUrl, const QString &conversationId, const QString &name)
{
    QUrl url = onServer(serverUrl, QStringLiteral("/api/files"));
    // Every byte outside the unreserved set encoded: a name may hold '&', '+', '=' or '%'.
    url.setQuery(QStringLiteral("conversationId=%1&name=%2")
                     .arg(QString::fromLatin1(QUrl::toPercentEncoding(conversationId)),
                         QString::fromLatin1(QUrl::toPercentEncoding(name))),
        QUrl::StrictMode);
    return url;
}

QUrl file(const QUrl &serverUrl, const QString &fileId)
{
    return onServer(serverUrl, idPath(fileId));
}

QUrl thumbnail(const QUrl &serverUrl, const QString &fileId)
{
    return onServer(serverUrl, idPath(fileId, QStringLiteral("/thumbnail")));
}

QNetworkRequest authorized(const QUrl &url, const QString &sessionToken)
{
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + sessionToken.toUtf8());
    return request;
}

QString problemText(QNetworkReply *reply, const QByteArray &body, const QString &name)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    switch (status) {
    case 0:
        if (reply->error() == QNetworkReply::OperationCanceledError)
            return tr("The server took too long to answer. Try again.");
        return tr("The server cannot be reached: %1. Try again.").arg(reply->errorString());
    case 401:
        return tr("The server did not accept this session. Sign out and sign in again.");
    case 403:
        return tr("“%1” was not sent: you may read this chat but not write in it.").arg(name);
    case 404:
        return tr("“%1” is not there: the file or its conversation is gone, or not yours any "
                  "more.")
            .arg(name);
    case 409:
        return tr("“%1” was not sent: the conversation was closed.").arg(name);
    case 413: {
        const qint64 maxBytes = json.value(QLatin1String("maxBytes")).toInteger();
        return maxBytes > 0 ? tr("“%1” is too large to send: files can be at most %2.")
                                  .arg(name, sizeText(maxBytes))
                            : tr("“%1” is too large to send.").arg(name);
    }
    case 415: {
        const QString type = json.value(QLatin1String("type")).toString();
        return type.isEmpty()
            ? tr("“%1” was not sent: this kind of file is not allowed here.").arg(name)
            : tr("“%1” was not sent: this kind of file (%2) is not allowed here. Images, PDFs "
                 "and plain text usually are.")
                  .arg(name, type);
    }
    case 429:
        return tr("“%1” was not sent: this conversation has as many files as it may have.")
            .arg(name);
    case 503:
        return tr("The server cannot store files right now. Try again in a moment.");
    default: {
        const QString message = json.value(QLatin1String("message")).toString();
        return message.isEmpty() ? tr("The server answered with status %1.").arg(status)
                                 : tr("The server refused: %1").arg(message);
    }
    }
}

QString sizeText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace FileEndpoints
