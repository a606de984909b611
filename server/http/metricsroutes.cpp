#include "metricsroutes.h"

#include "httpanswer.h"
#include "httprouter.h"

#include <cluster/clusterhealth.h>
#include <core/clock.h>
#include <core/secrets.h>
#include <metrics/clustermetrics.h>
#include <metrics/livemetrics.h>
#include <metrics/metricsservice.h>
#include <metrics/prometheustext.h>
#include <metrics/storagemetrics.h>
#include <storage/healthcheck.h>
#include <storage/sessionstore.h>

#include <QDateTime>
#include <QJsonObject>

namespace {
constexpr qint64 dayMs = 24LL * 3600 * 1000;
constexpr qint64 maxRangeMs = 366 * dayMs;
constexpr qsizetype maxIdLength = 64;

using Status = HttpAnswer::Status;

HttpAnswer errorAnswer(
    Status status, const QString &code, const QString &message, const QByteArray &authenticate = {})
{
    HttpAnswer answer = HttpAnswer::error(status, code, message);
    if (!authenticate.isEmpty())
        answer.withHeader("WWW-Authenticate", authenticate);
    return answer;
}

void writeStorageError(HttpResponder &responder)
{
    responder.answer(errorAnswer(Status::ServiceUnavailable, QStringLiteral("storage_error"),
        QStringLiteral("the metrics could not be read; try again")));
}

/// ms since the epoch, or ISO 8601 (a date alone is the start of that local day; a time
/// without an offset is local time).
std::optional<qint64> parseTime(const QString &text)
{
    bool isNumber = false;
    const qint64 ms = text.toLongLong(&isNumber);
    if (isNumber)
        return ms;
    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (time.isValid())
        return time.toMSecsSinceEpoch();
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (date.isValid())
        return date.startOfDay().toMSecsSinceEpoch();
    return std::nullopt;
}

QString rangeText(const MetricsQuery &query, const QTimeZone &zone)
{
    const auto format = [&zone](qint64 ms) {
        return QDateTime::fromMSecsSinceEpoch(ms, zone).toString(QStringLiteral("yyyyMMdd-HHmm"));
    };
    return format(query.from) + u'_' + format(query.to);
}
} // namespace

MetricsRoutes::MetricsRoutes(HttpRouter &router, SessionStore &sessions, const Clock &clock,
    MetricsService &service, LiveMetrics &live, Options options)
    : m_sessions(sessions)
    , m_clock(clock)
    , m_service(service)
    , m_live(live)
    , m_options(std::move(options))
{
    addQueue(router);
    addExport(router);
    addPrometheus(router);
}

std::variant<MetricsQuery, MetricsRoutes::QueryError> MetricsRoutes::parseQuery(
    const QUrlQuery &params, qint64 now, qint64 serviceLevelMs)
{
    MetricsQuery query;
    query.asOf = now;
    query.serviceLevelMs = serviceLevelMs;
    query.from = localDayStart(now);
    query.to = localNextDayStart(now);
    for (const char *name : { "from", "to" }) {
        const QString key = QLatin1String(name);
        if (!params.hasQueryItem(key))
            continue;
        const auto time = parseTime(params.queryItemValue(key, QUrl::FullyDecoded));
        if (!time)
            return QueryError {
                key,
                QStringLiteral("%1 must be ms since the epoch or an ISO 8601 date or time").arg(key)
            };
        (key == u"from" ? query.from : query.to) = *time;
    }
    if (query.from >= query.to)
        return QueryError { QStringLiteral("to"), QStringLiteral("to must be later than from") };
    if (query.to - query.from > maxRangeMs)
        return QueryError { QStringLiteral("to"),
            QStringLiteral("a range may span at most 366 days") };
    for (const auto &[name, target] :
        { std::pair { "site", &query.siteId }, std::pair { "department", &query.departmentId },
            std::pair { "agent", &query.agentId } }) {
        const QString value = params.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
        if (value.size() > maxIdLength)
            return QueryError {
                QLatin1String(name),
                QStringLiteral("%1 must be an id of at most 64 characters").arg(QLatin1String(name))
            };
        *target = value;
    }
    return query;
}

std::variant<QTimeZone, MetricsRoutes::QueryError> MetricsRoutes::parseZone(const QUrlQuery &params)
{
    const QString name = params.queryItemValue(QStringLiteral("tz"), QUrl::FullyDecoded);
    if (name.isEmpty())
        return QTimeZone::systemTimeZone();
    const QTimeZone zone(name.toUtf8());
    if (name.size() > maxIdLength || !zone.isValid())
        return QueryError { QStringLiteral("tz"),
            QStringLiteral("tz must be an IANA time zone name such as Europe/Berlin") };
    return zone;
}

void MetricsRoutes::whenAdmin(
    const HttpRequest &request, const Responder &responder, std::function<void()> then)
{
    const QByteArray token = request.bearerToken();
    if (token.isEmpty())
        return responder->answer(errorAnswer(Status::Unauthorized, QStringLiteral("unauthorized"),
            QStringLiteral("send Authorization: Bearer <session token of an admin>"), "Bearer"));
    m_sessions.findSession(Secrets::tokenHash(QString::fromUtf8(token)), m_clock.nowMs(),
        [responder, then = std::move(then)](const std::optional<AgentAccount> &account) {
            if (!account || account->disabled)
                return responder->answer(
                    errorAnswer(Status::Unauthorized, QStringLiteral("unauthorized"),
                        QStringLiteral("the session token is unknown or expired: sign in again"),
                        "Bearer error=\"invalid_token\""));
            if (!account->profile.isAdmin())
                return responder->answer(errorAnswer(Status::Forbidden, QStringLiteral("forbidden"),
                    QStringLiteral("queue metrics are for admins")));
            then();
        });
}

void MetricsRoutes::routeAdminQuery(HttpRouter &router, const char *path, AdminQueryAnswer answer)
{
    router.get(
        path, [this, answer](const HttpRequest &request, const HttpResponder::Pending &pending) {
            const auto parsed
                = parseQuery(request.query, m_clock.nowMs(), m_options.serviceLevelMs);
            whenAdmin(request, pending, [pending, parsed, answer, params = request.query] {
                if (const auto *error = std::get_if<QueryError>(&parsed))
                    return pending->answer(errorAnswer(
                        Status::BadRequest, QStringLiteral("invalid_parameter"), error->message));
                answer(std::get<MetricsQuery>(parsed), params, pending);
            });
        });
}

void MetricsRoutes::addQueue(HttpRouter &router)
{
    routeAdminQuery(router, "/api/v1/metrics/queue",
        [this](const MetricsQuery &query, const QUrlQuery &, const Responder &pending) {
            m_service.report(query, [pending](std::optional<QueueReport> report) {
                if (!report)
                    return writeStorageError(*pending);
                pending->answer(HttpAnswer::json(report->toJson()));
            });
        });
}

void MetricsRoutes::addExport(HttpRouter &router)
{
    routeAdminQuery(router, "/api/v1/metrics/export.csv",
        [this](const MetricsQuery &query, const QUrlQuery &params, const Responder &pending) {
            const auto zone = parseZone(params);
            if (const auto *error = std::get_if<QueryError>(&zone))
                return pending->answer(errorAnswer(
                    Status::BadRequest, QStringLiteral("invalid_parameter"), error->message));
            m_service.exportCsv(query, std::get<QTimeZone>(zone),
                [pending, query, zone](std::optional<QByteArray> csv) {
                    if (!csv)
                        return writeStorageError(*pending);
                    const QByteArray disposition = "attachment; filename=\"conversations_"
                        + rangeText(query, std::get<QTimeZone>(zone)).toLatin1() + ".csv\"";
                    pending->answer(HttpAnswer(Status::Ok, "text/csv; charset=utf-8", *csv)
                                        .withHeader("Content-Disposition", disposition));
                });
        });
}

void MetricsRoutes::addPrometheus(HttpRouter &router)
{
    router.get(
        "/metrics", [this](const HttpRequest &request, const HttpResponder::Pending &pending) {
            if (!m_options.scrapeToken.isEmpty()
                && !Secrets::constantTimeEquals(
                    request.bearerToken(), m_options.scrapeToken.toUtf8()))
                return pending->answer(
                    errorAnswer(Status::Unauthorized, QStringLiteral("unauthorized"),
                        QStringLiteral("send Authorization: Bearer <metrics token>"), "Bearer"));
            QByteArray text = m_live.prometheusText();
            if (m_options.storage)
                text += StorageMetrics::prometheusText(m_options.storage->storageHealth());
            if (m_options.cluster)
                text += ClusterMetrics::prometheusText(m_options.cluster->get());
            pending->answer(HttpAnswer(Status::Ok, PrometheusText::contentType(), text));
        });
}
