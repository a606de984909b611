#include "csvexport.h"

#include <QDateTime>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSaveFile>
#include <QUrlQuery>
#include <algorithm>

Q_LOGGING_CATEGORY(lcCsvExport, "chat.agent.metrics.csv")

namespace {
QVariantMap choice(const QString &id, const QString &name)
{
    return { { QStringLiteral("id"), id }, { QStringLiteral("name"), name } };
}
} // namespace

CsvExport::CsvExport(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{
    setDepartments({});
    setAgents({});
}

CsvExport::~CsvExport() = default;

QUrl CsvExport::exportUrl(const Request &request)
{
    QUrl url = request.serverUrl;
    const bool secure = url.scheme() == u"https" || url.scheme() == u"wss";
    url.setScheme(secure ? QStringLiteral("https") : QStringLiteral("http"));
    url.setPath(QStringLiteral("/api/v1/metrics/export.csv"));
    url.setFragment({});
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("from"), QString::number(request.from));
    query.addQueryItem(QStringLiteral("to"), QString::number(request.to));
    if (!request.departmentId.isEmpty())
        query.addQueryItem(QStringLiteral("department"), request.departmentId);
    if (!request.agentId.isEmpty())
        query.addQueryItem(QStringLiteral("agent"), request.agentId);
    if (!request.timeZoneId.isEmpty())
        query.addQueryItem(QStringLiteral("tz"), QString::fromUtf8(request.timeZoneId));
    url.setQuery(query);
    return url;
}

QString CsvExport::fileName(qint64 from, qint64 to)
{
    const QDate first = QDateTime::fromMSecsSinceEpoch(from).date();
    const QDate last = QDateTime::fromMSecsSinceEpoch(std::max(from, to - 1)).date();
    const QString format = QStringLiteral("yyyy-MM-dd");
    return first == last ? QStringLiteral("conversations_%1.csv").arg(first.toString(format))
                         : QStringLiteral("conversations_%1_%2.csv")
                               .arg(first.toString(format), last.toString(format));
}

void CsvExport::save(const Request &request, const QUrl &file)
{
    if (m_reply) {
        // Superseded: its answer is not wanted, but left to finish (see RangeReport).
        QNetworkReply *unwanted = m_reply;
        m_reply = nullptr;
        unwanted->disconnect(this);
        connect(unwanted, &QNetworkReply::finished, unwanted, &QObject::deleteLater);
    }
    const QString path = file.isLocalFile() ? file.toLocalFile() : QString();
    if (path.isEmpty())
        return finish(Status::Failed, tr("Choose a file on this computer to save the export to."));
    QNetworkRequest httpRequest(exportUrl(request));
    httpRequest.setRawHeader("Authorization", "Bearer " + request.sessionToken.toUtf8());
    httpRequest.setRawHeader("Accept", "text/csv");
    httpRequest.setTransferTimeout(60'000);
    QNetworkReply *reply = m_network->get(httpRequest);
    m_reply = reply;
    connect(
        reply, &QNetworkReply::finished, this, [this, reply, path] { onFinished(reply, path); });
    m_status = Status::Exporting;
    m_message = tr("Exporting…");
    emit statusChanged();
}

void CsvExport::onFinished(QNetworkReply *reply, const QString &path)
{
    reply->deleteLater();
    if (reply != m_reply)
        return;
    m_reply = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (status == 200) {
        QSaveFile out(path);
        if (!out.open(QIODevice::WriteOnly) || out.write(body) != body.size() || !out.commit())
            return finish(Status::Failed,
                tr("The export could not be saved to %1: %2")
                    .arg(QDir::toNativeSeparators(path), out.errorString()));
        const qsizetype rows = std::max<qsizetype>(0, body.count("\r\n") - 1);
        return finish(Status::Saved,
            tr("Saved %n conversation(s) to %1", nullptr, int(rows))
                .arg(QDir::toNativeSeparators(path)));
    }
    if (status == 401)
        return finish(Status::Failed,
            tr("The server did not accept this session. Sign out and sign in again."));
    if (status == 403)
        return finish(Status::Failed, tr("Only admins can export team metrics."));
    if (status != 0) {
        const QString message
            = QJsonDocument::fromJson(body).object().value(QLatin1String("message")).toString();
        return finish(Status::Failed,
            message.isEmpty() ? tr("The server could not make the export (status %1).").arg(status)
                              : tr("The server could not make the export: %1.").arg(message));
    }
    finish(Status::Failed,
        reply->error() == QNetworkReply::OperationCanceledError
            ? tr("The server took too long to answer. Try again.")
            : tr("The server cannot be reached: %1. Try again.").arg(reply->errorString()));
}

void CsvExport::failWith(const QString &text)
{
    finish(Status::Failed, text);
}

void CsvExport::finish(Status status, const QString &message)
{
    if (status == Status::Failed)
        qCInfo(lcCsvExport).noquote() << "export failed:" << message;
    m_status = status;
    m_message = message;
    emit statusChanged();
}

void CsvExport::setDepartments(const QList<DepartmentView> &departments)
{
    QList<DepartmentView> sorted = departments;
    std::sort(sorted.begin(), sorted.end(), [](const DepartmentView &a, const DepartmentView &b) {
        return QString::localeAwareCompare(a.name, b.name) < 0;
    });
    QVariantList choices { choice({}, tr("All departments")) };
    for (const DepartmentView &department : std::as_const(sorted))
        choices.append(choice(department.id, department.name));
    if (choices == m_departmentChoices)
        return;
    m_departmentChoices = choices;
    emit choicesChanged();
}

void CsvExport::setAgents(const QList<std::pair<QString, QString>> &idsAndNames)
{
    QVariantList choices { choice({}, tr("All agents")) };
    for (const auto &[id, name] : idsAndNames)
        choices.append(choice(id, name));
    if (choices == m_agentChoices)
        return;
    m_agentChoices = choices;
    emit choicesChanged();
}
