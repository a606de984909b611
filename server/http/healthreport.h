#pragma once

#include <cluster/clusterhealth.h>
#include <storage/healthcheck.h>

#include <QJsonObject>
#include <optional>

/// @brief What GET /healthz answers, on the main port and on the health port: one place decides
/// when the server is unhealthy and says why.
struct HealthReport
{
    /// The facts the answer is made of. Times in ms; wall-clock ones since the epoch.
    struct Facts
    {
        StorageHealth storage;
        qint64 uptimeMs = 0;
        qint64 nowMs = 0;
        /// A write waiting this long, or an event loop quiet this long, is a stall.
        qint64 stallMs = 10'000;
        /// How long ago the event loop last went round; only the health port, on its own
        /// thread, can see it stuck (the main port answers from that loop).
        std::optional<qint64> eventLoopQuietMs;
        /// The server stopped accepting and is draining (SIGTERM).
        bool shuttingDown = false;
        /// A cluster node's bus and peers; none on one node.
        std::optional<ClusterHealth> cluster = {};
    };

    static HealthReport from(const Facts &facts);

    bool ok = true;
    QJsonObject body;
};
