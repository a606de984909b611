#pragma once

#include <protocol/metricsreport.h>

#include <QJsonObject>
#include <QList>

/// @brief Count, median, p90, mean and maximum of a set of durations in ms.
///
/// Percentiles are nearest-rank: the p-th percentile of n sorted samples is the one at rank
/// ceil(p·n/100) (1-based), so every figure is a sample that really occurred and is the same
/// wherever it is computed. The median is the 50th percentile (the lower middle for even n).
struct Distribution
{
    qsizetype count = 0;
    qint64 medianMs = 0;
    qint64 p90Ms = 0;
    qint64 meanMs = 0; // rounded to the nearest ms
    qint64 maxMs = 0;

    /// Reorders @p samples (partial selection, linear time: no full sort).
    static Distribution of(QList<qint64> &samples);
    /// 1-based nearest rank of the @p percentile (1–100) among @p n samples.
    static qsizetype rank(int percentile, qsizetype n);

    /// As sent: the times are empty (null) when count is 0.
    Metrics::Durations toWire() const;
    /// {"count", "medianMs", "p90Ms", "meanMs", "maxMs"}: toWire() encoded.
    QJsonObject toJson() const { return toWire().toJson(); }
};
