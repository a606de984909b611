#include "metricsservice.h"

#include "factscsv.h"

#include "metricssource.h"

#include <QPointer>
#include <QtConcurrent>

namespace {
/// Ranges shorter than this are read in one piece (splitting costs more than it saves).
constexpr qint64 minSplitMs = 6LL * 3600 * 1000;
} // namespace

MetricsService::MetricsService(MetricsSource &source, Team team, QObject *parent)
    : QObject(parent)
    , m_source(source)
    , m_team(std::move(team))
{ }

void MetricsService::report(
    const MetricsQuery &query, std::function<void(std::optional<QueueReport>)> done)
{
    // The range is read in slices at once (the source has a reader per slice), each into its
    // own accumulator; the last read to come back merges them and finishes off the event loop.
    struct Join
    {
        QList<std::shared_ptr<QueueMetrics>> slices;
        QList<PresenceChange> presence;
        int pending = 0;
        bool ok = true;
    };
    auto join = std::make_shared<Join>();
    const int slices
        = query.to - query.from >= minSplitMs ? std::max(1, m_source.concurrentReads()) : 1;
    join->pending = slices + 1;
    const auto arrived = [this, join, done](bool ok) {
        join->ok = join->ok && ok;
        if (--join->pending > 0)
            return;
        if (!join->ok)
            return done(std::nullopt);
        const QList<AgentView> team = m_team();
        QtConcurrent::run([join, team] {
            QueueMetrics &all = *join->slices.first();
            for (qsizetype i = 1; i < join->slices.size(); ++i)
                all.merge(*join->slices[i]);
            return all.finish(join->presence, team);
        }).then(this, [done](const QueueReport &report) { done(report); });
    };
    m_source.readPresenceChanges(
        query.from, query.to, [join, arrived](QList<PresenceChange> changes) {
            join->presence = std::move(changes);
            arrived(true);
        });
    const qint64 step = (query.to - query.from) / slices;
    for (int i = 0; i < slices; ++i) {
        MetricsQuery slice = query;
        slice.from = query.from + i * step;
        slice.to = i + 1 == slices ? query.to : slice.from + step;
        // Every slice aggregates with the whole query's range; it only reads its part.
        auto metrics = std::make_shared<QueueMetrics>(query);
        join->slices.append(metrics);
        m_source.scanConversationFacts(
            slice, false, [metrics](const ConversationFacts &facts) { metrics->add(facts); },
            arrived);
    }
}

void MetricsService::exportCsv(const MetricsQuery &query, const QTimeZone &zone,
    std::function<void(std::optional<QByteArray>)> done)
{
    auto csv = std::make_shared<QByteArray>(FactsCsv::header());
    m_source.scanConversationExport(
        query,
        [csv, query, zone](const ConversationFacts &facts, const ConversationNames &names) {
            if (query.matches(facts))
                *csv += FactsCsv::row(facts, names, query.asOf, query.serviceLevelMs, zone);
        },
        [csv, done](bool ok) { done(ok ? std::optional(std::move(*csv)) : std::nullopt); });
}
