#pragma once

#include "queuemetrics.h"

#include <QObject>
#include <QTimeZone>
#include <functional>
#include <optional>

class MetricsSource;

/// @brief Answers range queries of the queue metrics: the JSON report and the CSV export.
///
/// The source scans the stored facts of the range on its reader threads (never the event loop),
/// in as many time slices as it reads at once, and hands each row to the same QueueMetrics the
/// live feed uses; merging and the selections of finish() run on the thread pool. Nothing reads
/// the events log at query time.
class MetricsService : public QObject
{
    Q_OBJECT
public:
    /// The team as it is now: names and current load of the agents.
    using Team = std::function<QList<AgentView>()>;

    MetricsService(MetricsSource &source, Team team, QObject *parent = nullptr);

    /// @p done gets the report, or nothing when the store could not be read.
    void report(const MetricsQuery &query, std::function<void(std::optional<QueueReport>)> done);
    /// One CSV row per conversation of the query (FactsCsv), with the header first; times
    /// also in @p zone.
    void exportCsv(const MetricsQuery &query, const QTimeZone &zone,
        std::function<void(std::optional<QByteArray>)> done);

private:
    MetricsSource &m_source;
    Team m_team;
};
