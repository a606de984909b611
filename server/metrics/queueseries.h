#pragma once

#include "conversationfacts.h"
#include "distribution.h"

#include <QJsonObject>
#include <QList>
#include <optional>

/// @brief One bucket of a QueueSeries: the queue during [from, to).
struct QueuePoint
{
    qint64 from = 0;
    qint64 to = 0;
    int queued = 0; // conversations created in the bucket that were queued
    std::optional<double> queueLengthMean; // time-weighted; none for a bucket not begun at asOf
    std::optional<int> queueLengthMax;
    Distribution queueWait; // of the conversations created in the bucket

    Metrics::SeriesPoint toWire() const;
};

/// @brief The queue over the time of a report, for the dashboard's chart: how many chats
/// waited (mean and most at once) and how long, per hour (ranges up to 48 h) or local day.
///
/// Built from the same fact rows as the report (docs/metrics.md, "Series"): a conversation
/// waits from `queuedAt` until its first assignment (or until it was abandoned or closed, or
/// until asOf while it still waits) — the interval whose length is its queue wait. Only the
/// conversations of the report's range count, so a chat created before `from` and still
/// waiting then is not in the first bucket.
class QueueSeries
{
public:
    static constexpr qint64 hourlyUpToMs = 48LL * 3600 * 1000;

    /// Buckets of [from, to); empty when the range is empty or too long to chart (> 400 buckets).
    QueueSeries(qint64 from, qint64 to, qint64 asOf);

    /// A row the report counts (in range, filters matched, not an offline message).
    void add(const ConversationFacts &facts);
    /// Takes in what @p other added (built for the same range).
    void merge(QueueSeries &other);
    /// "hour" or "day".
    QString bucketName() const { return m_hourly ? QStringLiteral("hour") : QStringLiteral("day"); }
    QList<QueuePoint> finish();

private:
    /// The bucket that holds @p ms (which must be in [from, to)).
    qsizetype bucketOf(qint64 ms) const;

    struct Bucket
    {
        int queued = 0;
        qint64 waitingMs = 0; // sum over conversations of their waiting time in the bucket
        int waitingAtStart = 0; // conversations waiting when the bucket began
        QList<qint64> arrivals; // waits starting inside the bucket
        QList<qint64> departures; // waits ending inside the bucket
        QList<qint64> waits; // queue waits of the conversations created in it
    };

    bool m_hourly = true;
    qint64 m_asOf = 0;
    QList<qint64> m_bounds; // bucket i is [m_bounds[i], m_bounds[i + 1])
    QList<Bucket> m_buckets;
};
