#pragma once

#include "histogram.h"

#include <QByteArray>
#include <QList>
#include <utility>

/// @brief Writes the Prometheus text exposition format (version 0.0.4).
class PrometheusText
{
public:
    using Labels = QList<std::pair<QByteArray, QByteArray>>;

    /// Starts a metric family: its # HELP and # TYPE lines.
    void family(const QByteArray &name, const QByteArray &type, const QByteArray &help);
    void sample(const QByteArray &name, double value, const Labels &labels = {});
    /// A whole histogram family: buckets, +Inf, _sum and _count.
    void histogram(const QByteArray &name, const QByteArray &help, const Histogram &histogram);

    const QByteArray &text() const { return m_text; }
    static QByteArray contentType() { return "text/plain; version=0.0.4; charset=utf-8"; }
    static QByteArray number(double value);

private:
    QByteArray m_text;
};
