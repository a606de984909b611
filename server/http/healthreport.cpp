#include "healthreport.h"

#include <QString>

HealthReport HealthReport::from(const Facts &facts)
{
    const StorageHealth &storage = facts.storage;
    QJsonObject body { { "version", QStringLiteral(CHAT_VERSION) },
        { "uptimeSeconds", facts.uptimeMs / 1000 },
        { "writer",
            QJsonObject { { "backlog", storage.backlog }, { "oldestWaitMs", storage.oldestWaitMs },
                { "lastCommitAt",
                    storage.lastCommitMs ? QJsonValue(storage.lastCommitMs) : QJsonValue() },
                { "failedWrites", qint64(storage.failedWrites) } } } };
    QString database;
    qint64 since = 0;
    if (storage.writeFailing) {
        database = QStringLiteral("write failed: ") + storage.failure;
        since = storage.failingSinceMs;
    } else if (storage.oldestWaitMs >= facts.stallMs) {
        database = QStringLiteral("writer stalled for %1 s").arg(storage.oldestWaitMs / 1000);
        since = facts.nowMs - storage.oldestWaitMs;
    }
    QString eventLoop;
    if (facts.eventLoopQuietMs) {
        body.insert("eventLoop", QJsonObject { { "quietMs", *facts.eventLoopQuietMs } });
        if (*facts.eventLoopQuietMs >= facts.stallMs) {
            eventLoop
                = QStringLiteral("event loop stalled for %1 s").arg(*facts.eventLoopQuietMs / 1000);
            since = since ? since : facts.nowMs - *facts.eventLoopQuietMs;
        }
    }
    if (facts.cluster) {
        // Told, not judged: with Redis away every node would fail at once, leaving a load
        // balancer nowhere to send clients, while each still serves its own.
        const ClusterBusHealth &bus = facts.cluster->bus;
        QJsonObject part { { "busConnected", bus.connected },
            { "busSince", bus.since.toMSecsSinceEpoch() }, { "peers", facts.cluster->peers },
            { "heldMessages", qint64(bus.heldMessages) } };
        if (!bus.lastError.isEmpty())
            part.insert("busError", bus.lastError);
        body.insert("cluster", part);
    }
    // Whatever else holds, a draining server takes nobody new.
    const QString problem = facts.shuttingDown ? QStringLiteral("shutting down") : eventLoop;
    HealthReport report;
    report.ok = database.isEmpty() && problem.isEmpty();
    body.insert("status", report.ok ? "ok" : "error");
    body.insert("database", database.isEmpty() ? QStringLiteral("ok") : database);
    if (!problem.isEmpty())
        body.insert("problem", problem);
    if (since)
        body.insert("since", since);
    report.body = body;
    return report;
}
