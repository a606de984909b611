#pragma once

#include <QNetworkRequest>
#include <QString>
#include <QUrl>

class QNetworkReply;

/// @brief Where the server keeps files (docs/protocol.md, "Files"), and how the app asks for
/// them: the HTTP addresses on the server the app is connected to, with the session token as
/// bearer, and the server's refusals in words for the agent.
namespace FileEndpoints {
/// @p path on the HTTP origin of @p serverUrl (the address the app connects to, http(s) or
/// ws(s)).
QUrl onServer(const QUrl &serverUrl, const QString &path);
/// POST: a file uploaded into @p conversationId under @p name.
QUrl upload(const QUrl &serverUrl, const QString &conversationId, const QString &name);
/// GET: the file itself.
QUrl file(const QUrl &serverUrl, const QString &fileId);
/// GET: an image's thumbnail (a PNG of at most 320×320).
QUrl thumbnail(const QUrl &serverUrl, const QString &fileId);
/// A request for @p url carrying @p sessionToken.
QNetworkRequest authorized(const QUrl &url, const QString &sessionToken);

/// Why the server (or the network) did not hand over or take a file, for the agent: the status
/// of @p reply, the JSON error body @p body, and @p name, the file concerned.
QString problemText(QNetworkReply *reply, const QByteArray &body, const QString &name);
/// "12 KB", "3.4 MB".
QString sizeText(qint64 bytes);
} // namespace FileEndpoints
