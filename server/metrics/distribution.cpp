#include "distribution.h"

#include <algorithm>
#include <cmath>

qsizetype Distribution::rank(int percentile, qsizetype n)
{
    return std::clamp<qsizetype>((percentile * n + 99) / 100, 1, n);
}

Distribution Distribution::of(QList<qint64> &samples)
{
    Distribution d;
    d.count = samples.size();
    if (samples.isEmpty())
        return d;
    long double sum = 0;
    for (qint64 sample : std::as_const(samples))
        sum += sample;
    d.meanMs = std::llround(sum / d.count);
    d.maxMs = *std::max_element(samples.cbegin(), samples.cend());
    // Selection instead of sorting: the p90 rank is at or above the median's.
    const auto begin = samples.begin();
    const auto median = begin + (rank(50, d.count) - 1);
    std::nth_element(begin, median, samples.end());
    d.medianMs = *median;
    const auto p90 = begin + (rank(90, d.count) - 1);
    std::nth_element(median, p90, samples.end());
    d.p90Ms = *p90;
    return d;
}

Metrics::Durations Distribution::toWire() const
{
    Metrics::Durations d;
    d.count = int(count);
    if (count > 0) {
        d.medianMs = medianMs;
        d.p90Ms = p90Ms;
        d.meanMs = meanMs;
        d.maxMs = maxMs;
    }
    return d;
}
