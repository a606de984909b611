#pragma once

#include <QPointer>
#include <QQuickAsyncImageProvider>

class ThumbnailCache;

/// @brief Serves "image://attachments/<fileId>" to QML from a ThumbnailCache.
///
/// QML asks from its image loading thread; each request is handed to the cache in the GUI
/// thread (where the network and the session are) and answered when the cache calls back.
/// Installed on an engine by AgentDesk::create().
class ThumbnailProvider : public QQuickAsyncImageProvider
{
public:
    static constexpr const char *providerId = "attachments";

    explicit ThumbnailProvider(ThumbnailCache *cache);

    QQuickImageResponse *requestImageResponse(
        const QString &id, const QSize &requestedSize) override;

private:
    QPointer<ThumbnailCache> m_cache;
};
