#pragma once

#include <metrics/queuemetrics.h>

#include "httpresponder.h"

#include <QString>
#include <QTimeZone>
#include <QUrlQuery>
#include <functional>
#include <memory>
#include <variant>

class ClusterHealthBoard;
class HealthCheck;
class HttpRouter;
struct HttpRequest;
class SessionStore;
class Clock;
class LiveMetrics;
class MetricsService;

/// @brief The HTTP surfaces of the queue metrics:
/// - GET /api/v1/metrics/queue and GET /api/v1/metrics/export.csv for admins
///   (`Authorization: Bearer <agent session token>`: none or invalid → 401, not admin → 403);
/// - GET /metrics in the Prometheus text format, open unless a scrape token is configured.
/// Each answers HEAD like GET, without the body.
class MetricsRoutes
{
public:
    struct Options
    {
        QString scrapeToken; // empty: /metrics needs no token
        qint64 serviceLevelMs = 30'000;
        /// The store's writer, reported beside the chat figures on /metrics; none: left out.
        const HealthCheck *storage = nullptr;
        /// A cluster node's bus and peers, reported likewise; none on one node.
        const ClusterHealthBoard *cluster = nullptr;
    };

    /// A bad query parameter, answered with 400.
    struct QueryError
    {
        QString parameter;
        QString message;
    };

    MetricsRoutes(HttpRouter &router, SessionStore &sessions, const Clock &clock,
        MetricsService &service, LiveMetrics &live, Options options);

    /// Reads from, to, site, department and agent (docs/metrics.md, "HTTP API").
    static std::variant<MetricsQuery, QueryError> parseQuery(
        const QUrlQuery &params, qint64 now, qint64 serviceLevelMs);
    /// Reads tz, the IANA name of the zone the CSV's times are written in (default: the
    /// server's zone).
    static std::variant<QTimeZone, QueryError> parseZone(const QUrlQuery &params);

private:
    using Responder = HttpResponder::Pending;
    /// Calls @p then when the request carries an admin's session token; answers 401/403 if not.
    void whenAdmin(
        const HttpRequest &request, const Responder &responder, std::function<void()> then);
    using AdminQueryAnswer = std::function<void(
        const MetricsQuery &query, const QUrlQuery &params, const Responder &responder)>;
    /// A GET route for admins taking the report query parameters: 401/403 and 400 are answered
    /// here, @p answer gets the parsed query (and the parameters, for its own).
    void routeAdminQuery(HttpRouter &router, const char *path, AdminQueryAnswer answer);
    void addQueue(HttpRouter &router);
    void addExport(HttpRouter &router);
    void addPrometheus(HttpRouter &router);

    SessionStore &m_sessions;
    const Clock &m_clock;
    MetricsService &m_service;
    LiveMetrics &m_live;
    Options m_options;
};
