#include "queueseries.h"

#include "queuemetrics.h"

#include <algorithm>

namespace {
constexpr qint64 hourMs = 3600LL * 1000;
constexpr qsizetype maxBuckets = 400;

/// When the wait of @p f ended: its first assignment, else when it was abandoned or closed,
/// else (still waiting) @p asOf.
qint64 waitEnd(const ConversationFacts &f, qint64 asOf)
{
    for (qint64 end : { f.firstAssignedAt, f.abandonedAt, f.closedAt })
        if (end > 0)
            return end;
    return asOf;
}
} // namespace

Metrics::SeriesPoint QueuePoint::toWire() const
{
    Metrics::SeriesPoint point;
    point.from = from;
    point.to = to;
    point.queued = queued;
    point.queueLengthMean = queueLengthMean;
    if (queueLengthMax)
        point.queueLengthMax = double(*queueLengthMax);
    point.queueWait = queueWait.toWire();
    return point;
}

QueueSeries::QueueSeries(qint64 from, qint64 to, qint64 asOf)
    : m_hourly(to - from <= hourlyUpToMs)
    , m_asOf(asOf)
{
    if (to <= from)
        return;
    for (qint64 at = from; at < to && m_bounds.size() <= maxBuckets;) {
        m_bounds.append(at);
        at = m_hourly ? at + hourMs : localNextDayStart(at);
    }
    if (m_bounds.size() > maxBuckets) {
        m_bounds.clear();
        return;
    }
    m_bounds.append(to);
    m_buckets.resize(m_bounds.size() - 1);
}

qsizetype QueueSeries::bucketOf(qint64 ms) const
{
    return std::upper_bound(m_bounds.cbegin(), m_bounds.cend(), ms) - m_bounds.cbegin() - 1;
}

void QueueSeries::add(const ConversationFacts &f)
{
    if (m_buckets.isEmpty() || f.queuedAt == 0 || f.offline)
        return;
    const qint64 from = m_bounds.first();
    const qint64 to = m_bounds.last();
    if (f.createdAt >= from && f.createdAt < to) {
        Bucket &created = m_buckets[bucketOf(f.createdAt)];
        ++created.queued;
        if (const auto wait = f.queueWaitMs(m_asOf))
            created.waits.append(*wait);
    }

    // The wait as an interval, clipped to what the chart shows: [from, min(to, asOf)).
    const qint64 start = std::max(f.queuedAt, from);
    const qint64 end = std::min({ waitEnd(f, m_asOf), to, m_asOf });
    if (end <= start)
        return;
    const qsizetype first = bucketOf(start);
    const qsizetype last = bucketOf(end - 1);
    for (qsizetype i = first; i <= last; ++i) {
        Bucket &bucket = m_buckets[i];
        bucket.waitingMs += std::min(end, m_bounds[i + 1]) - std::max(start, m_bounds[i]);
        if (i == first && start > m_bounds[i])
            bucket.arrivals.append(start);
        else
            ++bucket.waitingAtStart;
        if (i == last && end < m_bounds[i + 1])
            bucket.departures.append(end);
    }
}

void QueueSeries::merge(QueueSeries &other)
{
    for (qsizetype i = 0; i < m_buckets.size() && i < other.m_buckets.size(); ++i) {
        Bucket &mine = m_buckets[i];
        const Bucket &theirs = other.m_buckets[i];
        mine.queued += theirs.queued;
        mine.waitingMs += theirs.waitingMs;
        mine.waitingAtStart += theirs.waitingAtStart;
        mine.arrivals.append(theirs.arrivals);
        mine.departures.append(theirs.departures);
        mine.waits.append(theirs.waits);
    }
}

QList<QueuePoint> QueueSeries::finish()
{
    QList<QueuePoint> points;
    points.reserve(m_buckets.size());
    for (qsizetype i = 0; i < m_buckets.size(); ++i) {
        Bucket &bucket = m_buckets[i];
        QueuePoint point;
        point.from = m_bounds[i];
        point.to = m_bounds[i + 1];
        point.queued = bucket.queued;
        point.queueWait = Distribution::of(bucket.waits);
        const qint64 elapsed = std::min(point.to, m_asOf) - point.from;
        if (elapsed > 0) {
            point.queueLengthMean = double(bucket.waitingMs) / double(elapsed);
            // Most waiting at once: walk the arrivals and departures in time order; at the same
            // moment a departure goes first (a chat assigned as another arrives is not two).
            std::sort(bucket.arrivals.begin(), bucket.arrivals.end());
            std::sort(bucket.departures.begin(), bucket.departures.end());
            int waiting = bucket.waitingAtStart;
            int most = waiting;
            qsizetype d = 0;
            for (qint64 arrival : std::as_const(bucket.arrivals)) {
                while (d < bucket.departures.size() && bucket.departures[d] <= arrival) {
                    --waiting;
                    ++d;
                }
                most = std::max(most, ++waiting);
            }
            point.queueLengthMax = most;
        }
        points.append(point);
    }
    return points;
}
