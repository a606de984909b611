#include "rangereport.h"

#include "metricsformat.h"
#include "timeformat.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

Q_LOGGING_CATEGORY(lcReport, "chat.agent.metrics")

RangeReport::RangeReport(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{ }

RangeReport::~RangeReport() = default;

void RangeReport::dropReply()
{
    // An answer no longer wanted is left to finish, not aborted: it is small, and chat-server
    // 0.1 crashes when a client drops a report request it is still answering.
    if (!m_reply)
        return;
    QNetworkReply *unwanted = m_reply;
    m_reply = nullptr;
    unwanted->disconnect(this);
    connect(unwanted, &QNetworkReply::finished, unwanted, &QObject::deleteLater);
}

QUrl RangeReport::reportUrl(const QUrl &serverUrl, qint64 from, qint64 to)
{
    QUrl url = serverUrl;
    const bool secure = url.scheme() == u"https" || url.scheme() == u"wss";
    url.setScheme(secure ? QStringLiteral("https") : QStringLiteral("http"));
    url.setPath(QStringLiteral("/api/v1/metrics/queue"));
    url.setFragment({});
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("from"), QString::number(from));
    query.addQueryItem(QStringLiteral("to"), QString::number(to));
    url.setQuery(query);
    return url;
}

void RangeReport::fetch(const QUrl &serverUrl, const QString &sessionToken, qint64 from, qint64 to)
{
    dropReply();
    QNetworkRequest request(reportUrl(serverUrl, from, to));
    request.setRawHeader("Authorization", "Bearer " + sessionToken.toUtf8());
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(20'000);
    QNetworkReply *reply = m_network->get(request);
    m_reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
    setStatus(Status::Loading);
}

void RangeReport::onFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (reply != m_reply)
        return;
    m_reply = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    if (status == 200) {
        if (auto report = Metrics::Report::fromJson(json)) {
            m_report = std::move(report);
            m_httpStatus = 0;
            m_errorTitle.clear();
            m_errorText.clear();
            emit reportChanged();
            return setStatus(Status::Ready);
        }
        m_httpStatus = status;
        m_errorTitle = tr("The report could not be read");
        m_errorText = tr("The server sent something this app does not understand. It may be a "
                         "different version.");
    } else if (status == 401) {
        m_httpStatus = status;
        m_errorTitle = tr("Your session is no longer valid");
        m_errorText = tr("The server did not accept this session. Sign out and sign in again.");
    } else if (status == 403) {
        m_httpStatus = status;
        m_errorTitle = tr("Only admins can see team metrics");
        m_errorText = tr("Your account is not an admin on this server. Ask an admin for access.");
    } else if (status != 0) {
        m_httpStatus = status;
        const QString message = json.value(QLatin1String("message")).toString();
        m_errorTitle = tr("The server could not make the report");
        m_errorText = message.isEmpty() ? tr("It answered with status %1.").arg(status) : message;
    } else {
        m_httpStatus = 0;
        m_errorTitle = tr("The server cannot be reached");
        m_errorText = reply->error() == QNetworkReply::OperationCanceledError
            ? tr("It took too long to answer. Try again.")
            : tr("%1. Check the connection and try again.").arg(reply->errorString());
    }
    qCInfo(lcReport).noquote() << "report failed:" << status << m_errorTitle;
    setStatus(Status::Failed);
}

void RangeReport::failWith(const QString &title, const QString &text)
{
    m_httpStatus = 0;
    m_errorTitle = title;
    m_errorText = text;
    setStatus(Status::Failed); // emits even when it failed before: the texts may differ
}

void RangeReport::clear()
{
    dropReply();
    m_httpStatus = 0;
    m_errorTitle.clear();
    m_errorText.clear();
    if (m_report) {
        m_report.reset();
        emit reportChanged();
    }
    setStatus(Status::Idle);
}

void RangeReport::setStatus(Status status)
{
    if (status == m_status && status != Status::Failed)
        return;
    m_status = status;
    emit statusChanged();
}

QString RangeReport::updatedText() const
{
    return m_report ? tr("Updated %1").arg(TimeFormat::clockText(m_report->asOf)) : QString();
}

QString RangeReport::conversationsText() const
{
    return m_report ? MetricsFormat::count(m_report->conversations) : MetricsFormat::none();
}

QString RangeReport::outcomesText() const
{
    if (!m_report)
        return {};
    return tr("%1 answered · %2 missed · %3 abandoned")
        .arg(m_report->answered)
        .arg(m_report->missed)
        .arg(m_report->abandoned);
}

QString RangeReport::queueWaitText() const
{
    if (!m_report)
        return MetricsFormat::none();
    return tr("median %1 · p90 %2")
        .arg(MetricsFormat::duration(m_report->queueWait.medianMs),
            MetricsFormat::duration(m_report->queueWait.p90Ms));
}
