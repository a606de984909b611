#include "attachmentuploader.h"

#include "fileendpoints.h"
#include "fileupload.h"

#include <agentconnection.h>

#include <QClipboard>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QMimeData>
#include <QTemporaryDir>

AttachmentUploader::AttachmentUploader(
    AgentConnection *connection, QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_network(network)
{
    if (auto *app = qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        connect(app->clipboard(), &QClipboard::dataChanged, this,
            &AttachmentUploader::clipboardChanged);
}

AttachmentUploader::~AttachmentUploader()
{
    cancel();
}

int AttachmentUploader::attachFiles(
    const QString &conversationId, const QList<QUrl> &urls, bool internal)
{
    int taken = 0;
    QStringList refused;
    for (const QUrl &url : urls) {
        const QFileInfo info(url.isLocalFile() ? url.toLocalFile() : QString());
        if (!url.isLocalFile() || !info.isFile()) {
            refused.append(url.isLocalFile() ? info.fileName() : url.toDisplayString());
            continue;
        }
        enqueue(Item { conversationId, info.absoluteFilePath(), info.fileName(), internal, false });
        ++taken;
    }
    if (!refused.isEmpty())
        setError(tr("Only files on this computer can be attached, not folders or web addresses: "
                    "%1")
                     .arg(refused.join(QStringLiteral(", "))));
    else if (taken > 0)
        setError({});
    return taken;
}

bool AttachmentUploader::clipboardHasImage() const
{
    auto *app = qobject_cast<QGuiApplication *>(QCoreApplication::instance());
    const QMimeData *data = app ? app->clipboard()->mimeData() : nullptr;
    return data && data->hasImage();
}

QString AttachmentUploader::pasteFolder()
{
    if (!m_pasted || !m_pasted->isValid())
        m_pasted = std::make_unique<QTemporaryDir>(
            QDir::temp().filePath(QStringLiteral("chat-agent-paste-XXXXXX")));
    return m_pasted->isValid() ? m_pasted->path() : QString();
}

bool AttachmentUploader::attachClipboardImage(const QString &conversationId, bool internal)
{
    if (!clipboardHasImage())
        return false;
    const QImage image = QGuiApplication::clipboard()->image();
    if (image.isNull())
        return false;
    const QString folder = pasteFolder();
    const QString name
        = QStringLiteral("pasted-image-%1.png")
              .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd-HHmmss")));
    const QString path
        = QDir(folder).filePath(QStringLiteral("%1-%2").arg(++m_pasteCount).arg(name));
    if (folder.isEmpty() || !image.save(path, "PNG")) {
        setError(tr("The pasted image could not be prepared for sending."));
        return false;
    }
    setError({});
    enqueue(Item { conversationId, path, name, internal, true });
    return true;
}

void AttachmentUploader::enqueue(const Item &item)
{
    m_waiting.append(item);
    if (!m_current)
        startNext();
    else
        emit changed();
}

void AttachmentUploader::startNext()
{
    if (m_current || m_waiting.isEmpty())
        return;
    m_item = m_waiting.takeFirst();
    if (!m_connection->isOnline()) {
        // The session token is only good while connected; offline, nothing could be sent.
        const Item skipped = m_item;
        if (skipped.temporary)
            QFile::remove(skipped.path);
        setError(tr("“%1” was not sent: you are offline. Attach it again when the connection "
                    "is back.")
                     .arg(skipped.name));
        emit changed();
        return startNext();
    }
    auto *upload = new FileUpload(m_network, this);
    m_current = upload;
    connect(upload, &FileUpload::progress, this, &AttachmentUploader::progressChanged);
    connect(upload, &FileUpload::uploaded, this, [this](const FileView &file) {
        const Item done = m_item;
        finishCurrent();
        emit uploaded(done.conversationId, file, done.internal);
        startNext();
    });
    connect(upload, &FileUpload::failed, this, [this](const QString &message) {
        setError(message);
        finishCurrent();
        startNext();
    });
    upload->start({ m_connection->serverUrl(), m_connection->sessionToken(), m_item.conversationId,
        m_item.path, m_item.name });
    emit changed();
    emit progressChanged();
}

void AttachmentUploader::finishCurrent()
{
    if (m_current) {
        m_current->abort();
        m_current->deleteLater();
        m_current = nullptr;
    }
    if (m_item.temporary)
        QFile::remove(m_item.path);
    m_item = {};
    emit changed();
    emit progressChanged();
}

void AttachmentUploader::cancel()
{
    for (const Item &item : std::as_const(m_waiting)) {
        if (item.temporary)
            QFile::remove(item.path);
    }
    const bool hadWaiting = !m_waiting.isEmpty();
    m_waiting.clear();
    if (m_current)
        finishCurrent();
    else if (hadWaiting)
        emit changed();
}

void AttachmentUploader::dismissError()
{
    setError({});
}

void AttachmentUploader::clear()
{
    cancel();
    setError({});
}

bool AttachmentUploader::isBusy() const
{
    return !m_current.isNull();
}

QString AttachmentUploader::conversationId() const
{
    return m_current ? m_item.conversationId : QString();
}

QString AttachmentUploader::fileName() const
{
    return m_current ? m_item.name : QString();
}

double AttachmentUploader::progress() const
{
    if (!m_current || m_current->bytesTotal() <= 0)
        return 0;
    return double(m_current->bytesSent()) / double(m_current->bytesTotal());
}

QString AttachmentUploader::progressText() const
{
    if (!m_current)
        return {};
    return tr("%1 of %2")
        .arg(FileEndpoints::sizeText(m_current->bytesSent()),
            FileEndpoints::sizeText(m_current->bytesTotal()));
}

void AttachmentUploader::setError(const QString &message)
{
    if (message == m_errorText)
        return;
    m_errorText = message;
    emit errorChanged();
}
