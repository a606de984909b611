#include "filedownloads.h"

#include "fileendpoints.h"

#include <agentconnection.h>

#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMimeDatabase>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSaveFile>
#include <QStandardPaths>

Q_DECLARE_LOGGING_CATEGORY(lcAgentFiles)

FileDownloads::FileDownloads(
    AgentConnection *connection, QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_network(network)
    , m_folder(QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation))
                   .filePath(QStringLiteral("attachments")))
{ }

FileDownloads::~FileDownloads()
{
    clear();
}

QString FileDownloads::localName(const QString &name, const QString &type)
{
    QString base;
    for (const QChar c : name) {
        const bool unsafe = c.category() == QChar::Other_Control || c == u'/' || c == u'\\'
            || c == u':' || c == u'*' || c == u'?' || c == u'"' || c == u'<' || c == u'>'
            || c == u'|';
        base.append(unsafe ? QChar(u'_') : c);
    }
    while (base.startsWith(u'.') || base.startsWith(u' '))
        base.remove(0, 1);
    base = base.trimmed().left(120);
    if (base.isEmpty())
        base = QStringLiteral("file");
    const QMimeType mime = QMimeDatabase().mimeTypeForName(type);
    const QString suffix = QFileInfo(base).suffix().toLower();
    if (mime.isValid() && !mime.preferredSuffix().isEmpty() && !mime.suffixes().contains(suffix))
        base += u'.' + mime.preferredSuffix();
    return base;
}

QUrl FileDownloads::suggestedSaveUrl(const QString &name) const
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    return QUrl::fromLocalFile(QDir(folder).filePath(localName(name, {})));
}

void FileDownloads::open(const QString &fileId, const QString &name, const QString &type)
{
    if (fileId.isEmpty() || m_replies.contains(fileId))
        return;
    const QString path = QDir(m_folder).filePath(
        QString::fromLatin1(QUrl::toPercentEncoding(fileId)) + u'/' + localName(name, type));
    if (QFileInfo::exists(path)) {
        report({}, false);
        QDesktopServices::openUrl(QUrl::fromLocalFile(path));
        return;
    }
    fetch(fileId, name, path, Then::Open);
}

void FileDownloads::saveAs(const QString &fileId, const QString &name, const QUrl &target)
{
    if (fileId.isEmpty() || m_replies.contains(fileId))
        return;
    if (!target.isLocalFile())
        return report(tr("Choose a file on this computer to save “%1” to.").arg(name), true);
    fetch(fileId, name, target.toLocalFile(), Then::Keep);
}

void FileDownloads::fetch(
    const QString &fileId, const QString &name, const QString &path, Then then)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    auto *file = new QSaveFile(path);
    if (!file->open(QIODevice::WriteOnly)) {
        const QString error = file->errorString();
        delete file;
        return report(tr("“%1” could not be written to %2: %3")
                          .arg(name, QDir::toNativeSeparators(path), error),
            true);
    }
    QNetworkRequest request = FileEndpoints::authorized(
        FileEndpoints::file(m_connection->serverUrl(), fileId), m_connection->sessionToken());
    request.setTransferTimeout(60'000);
    QNetworkReply *reply = m_network->get(request);
    file->setParent(reply);
    m_replies.insert(fileId, reply);
    m_files.insert(fileId, file);
    // Written as it arrives: a large file is never held in memory whole.
    connect(reply, &QNetworkReply::readyRead, this, [reply, file] {
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200)
            file->write(reply->readAll());
    });
    connect(reply, &QNetworkReply::finished, this,
        [this, fileId, name, then] { onFinished(fileId, name, then); });
    report(tr("Fetching “%1”…").arg(name), false);
}

void FileDownloads::onFinished(const QString &fileId, const QString &name, Then then)
{
    QNetworkReply *reply = m_replies.take(fileId);
    QSaveFile *file = m_files.take(fileId);
    if (!reply || !file)
        return;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200 || reply->error() != QNetworkReply::NoError) {
        file->cancelWriting();
        file->commit();
        return report(FileEndpoints::problemText(reply, reply->readAll(), name), true);
    }
    file->write(reply->readAll());
    if (!file->commit())
        return report(
            tr("“%1” could not be written to %2: %3")
                .arg(name, QDir::toNativeSeparators(file->fileName()), file->errorString()),
            true);
    const QString path = file->fileName();
    emit written(fileId, path);
    if (then == Then::Open) {
        report({}, false);
        QDesktopServices::openUrl(QUrl::fromLocalFile(path));
    } else {
        report(tr("Saved “%1” to %2").arg(name, QDir::toNativeSeparators(path)), false);
    }
}

void FileDownloads::dismissMessage()
{
    report({}, false);
}

void FileDownloads::clear()
{
    const auto replies = m_replies;
    m_replies.clear();
    m_files.clear();
    for (QNetworkReply *reply : replies) {
        if (!reply)
            continue;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater(); // its QSaveFile goes with it, unwritten
    }
    if (!replies.isEmpty())
        emit changed();
}

void FileDownloads::report(const QString &message, bool failed)
{
    if (failed)
        qCInfo(lcAgentFiles).noquote() << message;
    m_message = message;
    m_failed = failed;
    emit changed();
}
