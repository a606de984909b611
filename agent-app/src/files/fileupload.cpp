#include "fileupload.h"

#include "fileendpoints.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

Q_LOGGING_CATEGORY(lcAgentFiles, "chat.agent.files")

FileUpload::FileUpload(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{ }

FileUpload::~FileUpload()
{
    abort();
}

void FileUpload::start(const Request &request)
{
    m_request = request;
    auto body = std::make_unique<QFile>(request.path);
    if (!body->open(QIODevice::ReadOnly)) {
        const QString message
            = tr("“%1” could not be read: %2").arg(request.name, body->errorString());
        // Later, so whoever started the upload has finished setting up when it ends.
        QTimer::singleShot(0, this, [this, message] {
            if (!m_aborted)
                fail(message);
        });
        return;
    }
    m_total = body->size();
    QNetworkRequest http = FileEndpoints::authorized(
        FileEndpoints::upload(request.serverUrl, request.conversationId, request.name),
        request.sessionToken);
    http.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/octet-stream"));
    http.setHeader(QNetworkRequest::ContentLengthHeader, m_total);
    http.setRawHeader("Accept", "application/json");
    // Only a stalled transfer times out: a large file on a slow line may take minutes.
    http.setTransferTimeout(60'000);
    QNetworkReply *reply = m_network->post(http, body.get());
    m_body = body.release();
    m_body->setParent(reply);
    m_reply = reply;
    connect(reply, &QNetworkReply::uploadProgress, this, [this](qint64 sent, qint64 total) {
        m_sent = sent;
        if (total > 0)
            m_total = total;
        emit progress(m_sent, m_total);
    });
    connect(reply, &QNetworkReply::finished, this, &FileUpload::onFinished);
}

void FileUpload::abort()
{
    m_aborted = true;
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

void FileUpload::onFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    m_reply = nullptr;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (status == 201 || status == 200) {
        const QJsonValue file = QJsonDocument::fromJson(body).object().value(QLatin1String("file"));
        if (file.isObject() && !file[QLatin1String("id")].toString().isEmpty())
            return emit uploaded(FileView::fromJson(file.toObject()));
        return fail(tr("“%1” was sent, but the server's answer could not be read. It may be a "
                       "different version.")
                        .arg(m_request.name));
    }
    fail(FileEndpoints::problemText(reply, body, m_request.name));
}

void FileUpload::fail(const QString &message)
{
    qCInfo(lcAgentFiles).noquote() << "upload of" << m_request.name << "failed:" << message;
    emit failed(message);
}
