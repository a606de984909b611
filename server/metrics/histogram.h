#pragma once

#include <QByteArray>
#include <QList>

/// @brief A Prometheus histogram of durations: cumulative buckets in seconds, sum and count.
///
/// observe() is O(buckets) with a handful of buckets, so a live update stays O(1) per event.
class Histogram
{
public:
    /// @p bounds: upper bounds in seconds, ascending; +Inf is implicit.
    explicit Histogram(QList<double> bounds = {});

    void observe(qint64 ms);
    qint64 count() const { return m_count; }
    double sumSeconds() const { return double(m_sumMs) / 1000; }
    const QList<double> &bounds() const { return m_bounds; }
    /// Observations ≤ bounds()[i] (cumulative, as the exposition format wants).
    qint64 cumulative(qsizetype i) const;

    /// Bounds for waits and replies (seconds), with @p extra (the service level) added.
    static QList<double> responseBounds(double extra);
    /// Bounds for handling and resolution times (seconds).
    static QList<double> durationBounds();

private:
    QList<double> m_bounds;
    QList<qint64> m_buckets; // per bucket, not cumulative
    qint64 m_count = 0;
    qint64 m_sumMs = 0;
};
