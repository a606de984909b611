#include "histogram.h"

#include <algorithm>

Histogram::Histogram(QList<double> bounds)
    : m_bounds(std::move(bounds))
    , m_buckets(m_bounds.size(), 0)
{ }

void Histogram::observe(qint64 ms)
{
    ++m_count;
    m_sumMs += ms;
    const double seconds = double(ms) / 1000;
    const auto bucket = std::lower_bound(m_bounds.cbegin(), m_bounds.cend(), seconds);
    if (bucket != m_bounds.cend())
        ++m_buckets[bucket - m_bounds.cbegin()];
}

qint64 Histogram::cumulative(qsizetype i) const
{
    qint64 total = 0;
    for (qsizetype k = 0; k <= i && k < m_buckets.size(); ++k)
        total += m_buckets.at(k);
    return total;
}

QList<double> Histogram::responseBounds(double extra)
{
    QList<double> bounds { 1, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600, 1800, 3600 };
    if (extra > 0 && !bounds.contains(extra)) {
        bounds.append(extra);
        std::sort(bounds.begin(), bounds.end());
    }
    return bounds;
}

QList<double> Histogram::durationBounds()
{
    return { 60, 120, 300, 600, 900, 1200, 1800, 2700, 3600, 7200, 14400, 28800, 86400 };
}
