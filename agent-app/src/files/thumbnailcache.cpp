#include "thumbnailcache.h"

#include "fileendpoints.h"

#include <agentconnection.h>

#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace {
constexpr qsizetype cacheBytes = 64 * 1024 * 1024; // ~200 thumbnails of 320×320
constexpr qint64 maxThumbnailBytes = 4 * 1024 * 1024;
} // namespace

ThumbnailCache::ThumbnailCache(
    AgentConnection *connection, QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_network(network)
    , m_images(cacheBytes)
{ }

ThumbnailCache::~ThumbnailCache()
{
    clear();
}

void ThumbnailCache::request(const QString &fileId, Callback done)
{
    if (const QImage *held = m_images.object(fileId))
        return done(*held, {});
    auto &waiting = m_waiting[fileId];
    waiting.append(std::move(done));
    if (waiting.size() > 1)
        return; // already on its way
    QNetworkRequest request = FileEndpoints::authorized(
        FileEndpoints::thumbnail(m_connection->serverUrl(), fileId), m_connection->sessionToken());
    request.setRawHeader("Accept", "image/png");
    request.setTransferTimeout(30'000);
    QNetworkReply *reply = m_network->get(request);
    m_replies.insert(fileId, reply);
    connect(reply, &QNetworkReply::finished, this,
        [this, fileId, reply] { onFinished(fileId, reply); });
    // A thumbnail is small: one that goes on and on is not one.
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > maxThumbnailBytes)
            reply->abort();
    });
}

void ThumbnailCache::onFinished(const QString &fileId, QNetworkReply *reply)
{
    reply->deleteLater();
    m_replies.remove(fileId);
    const QList<Callback> waiting = m_waiting.take(fileId);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QImage image;
    QString error;
    if (status == 200 && reply->error() == QNetworkReply::NoError) {
        image.loadFromData(reply->readAll());
        if (image.isNull())
            error = QStringLiteral("the thumbnail of %1 is not an image").arg(fileId);
        else
            m_images.insert(fileId, new QImage(image), qsizetype(image.sizeInBytes()));
    } else {
        error = QStringLiteral("thumbnail of %1: status %2, %3")
                    .arg(fileId)
                    .arg(status)
                    .arg(reply->errorString());
    }
    for (const Callback &done : waiting)
        done(image, error);
}

void ThumbnailCache::clear()
{
    const auto replies = m_replies;
    const auto waiting = m_waiting;
    m_replies.clear();
    m_waiting.clear();
    for (QNetworkReply *reply : replies) {
        if (!reply)
            continue;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    m_images.clear();
    for (const QList<Callback> &callbacks : waiting) {
        for (const Callback &done : callbacks)
            done({}, QStringLiteral("signed out"));
    }
}
