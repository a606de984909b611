#pragma once

#include <QCache>
#include <QHash>
#include <QImage>
#include <QList>
#include <QObject>
#include <QPointer>
#include <functional>

class AgentConnection;
class QNetworkAccessManager;
class QNetworkReply;

/// @brief Thumbnails of attached images, fetched from the server with the session token
/// (GET /api/files/<id>/thumbnail) and kept in memory by file id.
///
/// A file's thumbnail never changes, so one fetched is kept until memory runs short (the
/// cache's budget) or the agent signs out; requests for a thumbnail already on its way wait
/// for that one. Lives in the GUI thread; ThumbnailProvider brings QML's requests here.
class ThumbnailCache : public QObject
{
    Q_OBJECT

public:
    /// The image, or a reason for the log when there is none.
    using Callback = std::function<void(const QImage &image, const QString &error)>;

    ThumbnailCache(
        AgentConnection *connection, QNetworkAccessManager *network, QObject *parent = nullptr);
    ~ThumbnailCache() override;

    /// Calls @p done with the thumbnail of @p fileId: at once when it is held, else when it
    /// arrives (or not, with a reason). @p done runs exactly once.
    void request(const QString &fileId, Callback done);
    bool contains(const QString &fileId) const { return m_images.contains(fileId); }
    /// Forgets every thumbnail and ends the requests on their way without one (signed out).
    void clear();

private:
    void onFinished(const QString &fileId, QNetworkReply *reply);

    AgentConnection *m_connection;
    QNetworkAccessManager *m_network;
    QCache<QString, QImage> m_images; // cost: bytes
    QHash<QString, QList<Callback>> m_waiting; // by file id, while its fetch is on its way
    QHash<QString, QPointer<QNetworkReply>> m_replies; // the manager may delete them first
};
