#pragma once

#include <protocol/views.h>

#include <QObject>
#include <QPointer>
#include <QUrl>

class QFile;
class QNetworkAccessManager;
class QNetworkReply;

/// @brief One file sent to the server (POST /api/files), streamed from disk: the file is the
/// request's body device, never read into memory whole.
///
/// Reports progress as the body goes out and ends exactly once: uploaded() with the server's
/// File, failed() with a reason for the agent, or nothing after abort().
class FileUpload : public QObject
{
    Q_OBJECT

public:
    /// What to send and where.
    struct Request
    {
        QUrl serverUrl; // the address the app connects to, http(s) or ws(s)
        QString sessionToken;
        QString conversationId;
        QString path; // the local file
        QString name; // the name the conversation shows
    };

    explicit FileUpload(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~FileUpload() override;

    /// Starts sending; a file that cannot be read fails at once (queued, like every end).
    void start(const Request &request);
    /// Stops sending; nothing is reported afterwards.
    void abort();

    const Request &request() const { return m_request; }
    qint64 bytesSent() const { return m_sent; }
    qint64 bytesTotal() const { return m_total; }

signals:
    void progress(qint64 sent, qint64 total);
    /// The server stored the file.
    void uploaded(const FileView &file);
    /// Not stored; @p message says why in words for the agent.
    void failed(const QString &message);

private:
    void onFinished();
    void fail(const QString &message);

    QNetworkAccessManager *m_network;
    Request m_request;
    QPointer<QNetworkReply> m_reply;
    QFile *m_body = nullptr; // owned by the reply
    qint64 m_sent = 0;
    qint64 m_total = 0;
    bool m_aborted = false;
};
