#include "thumbnailprovider.h"

#include "thumbnailcache.h"

#include <QPointer>
#include <atomic>

namespace {
/// One QML request. Moved to the GUI thread at once, so the cache's callback, the QML
/// engine's cancel and deleteLater all meet it in one thread; its image is set before
/// finished() and read only after it.
class ThumbnailResponse : public QQuickImageResponse
{
public:
    ThumbnailResponse(const QString &fileId, const QSize &requestedSize)
        : m_fileId(fileId)
        , m_requestedSize(requestedSize)
    { }

    void finish(const QImage &image, const QString &error)
    {
        if (m_done.exchange(true))
            return;
        m_image = image;
        if (!m_image.isNull() && m_requestedSize.isValid() && !m_requestedSize.isEmpty()
            && (m_image.width() > m_requestedSize.width()
                || m_image.height() > m_requestedSize.height()))
            m_image
                = m_image.scaled(m_requestedSize, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        m_error
            = m_image.isNull() ? (error.isEmpty() ? QStringLiteral("no image") : error) : QString();
        emit finished();
    }

    QQuickTextureFactory *textureFactory() const override
    {
        return QQuickTextureFactory::textureFactoryForImage(m_image);
    }
    QString errorString() const override { return m_error; }
    void cancel() override { m_done = true; }

    QString fileId() const { return m_fileId; }

private:
    QString m_fileId;
    QSize m_requestedSize;
    QImage m_image;
    QString m_error;
    std::atomic<bool> m_done = false; // cancel() may come from the loading thread
};
} // namespace

ThumbnailProvider::ThumbnailProvider(ThumbnailCache *cache)
    : m_cache(cache)
{ }

QQuickImageResponse *ThumbnailProvider::requestImageResponse(
    const QString &id, const QSize &requestedSize)
{
    auto *response = new ThumbnailResponse(id, requestedSize);
    QPointer<ThumbnailCache> cache = m_cache;
    if (!cache) {
        QMetaObject::invokeMethod(
            response, [response] { response->finish({}, QStringLiteral("signed out")); },
            Qt::QueuedConnection);
        return response;
    }
    response->moveToThread(cache->thread());
    QPointer<ThumbnailResponse> guarded(response);
    QMetaObject::invokeMethod(
        cache, // runs in the cache's (GUI) thread
        [cache, guarded] {
            if (!guarded || !cache)
                return;
            cache->request(guarded->fileId(), [guarded](const QImage &image, const QString &error) {
                if (guarded)
                    guarded->finish(image, error);
            });
        },
        Qt::QueuedConnection);
    return response;
}
