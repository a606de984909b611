#include "queueseriesmodel.h"

#include "metricsformat.h"
#include "timeformat.h"

#include <QDateTime>
#include <QLocale>
#include <cmath>

namespace {
constexpr int maxBucketLabels = 8;

QString numberText(double value)
{
    return QLocale().toString(value, 'g', 3);
}
} // namespace

QueueSeriesModel::QueueSeriesModel(QObject *parent)
    : QAbstractListModel(parent)
{
    setReport(std::nullopt);
}

int QueueSeriesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_points.size());
}

QVariant QueueSeriesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Metrics::SeriesPoint &p = m_points.at(index.row());
    switch (role) {
    case FromRole:
        return p.from;
    case ToRole:
        return p.to;
    case LabelRole:
        return labelOf(p);
    case QueuedRole:
        return p.queued;
    case LengthMeanRole:
        return p.queueLengthMean ? QVariant(*p.queueLengthMean) : QVariant();
    case LengthMaxRole:
        return p.queueLengthMax ? QVariant(*p.queueLengthMax) : QVariant();
    case WaitMedianMsRole:
        return p.queueWait.medianMs ? QVariant(*p.queueWait.medianMs) : QVariant();
    case WaitP90MsRole:
        return p.queueWait.p90Ms ? QVariant(*p.queueWait.p90Ms) : QVariant();
    case SummaryRole:
        return summaryOf(p);
    default:
        return {};
    }
}

QHash<int, QByteArray> QueueSeriesModel::roleNames() const
{
    return { { FromRole, "from" }, { ToRole, "to" }, { LabelRole, "label" },
        { QueuedRole, "queued" }, { LengthMeanRole, "lengthMean" }, { LengthMaxRole, "lengthMax" },
        { WaitMedianMsRole, "waitMedianMs" }, { WaitP90MsRole, "waitP90Ms" },
        { SummaryRole, "summary" } };
}

double QueueSeriesModel::niceCount(double value)
{
    if (!(value > 1))
        return 1;
    const double magnitude = std::pow(10, std::floor(std::log10(value)));
    for (double step : { 1.0, 2.0, 5.0, 10.0 }) {
        if (step * magnitude >= value - 1e-9)
            return step * magnitude;
    }
    return 10 * magnitude;
}

qint64 QueueSeriesModel::niceWait(qint64 ms)
{
    static constexpr qint64 minute = 60'000;
    static constexpr qint64 steps[] = { 30'000, minute, 2 * minute, 5 * minute, 10 * minute,
        15 * minute, 30 * minute, 60 * minute, 2 * 60 * minute, 4 * 60 * minute, 8 * 60 * minute,
        12 * 60 * minute, 24 * 60 * minute };
    for (qint64 step : steps) {
        if (step >= ms)
            return step;
    }
    const qint64 day = 24 * 60 * minute;
    return (ms + day - 1) / day * day;
}

void QueueSeriesModel::setReport(const std::optional<Metrics::Report> &report)
{
    beginResetModel();
    m_points = report ? report->series : QList<Metrics::SeriesPoint> {};
    m_bucket = report ? report->seriesBucket : QString();
    endResetModel();

    double longest = 0;
    qint64 slowest = 0;
    for (const Metrics::SeriesPoint &p : std::as_const(m_points)) {
        longest
            = std::max({ longest, p.queueLengthMax.value_or(0), p.queueLengthMean.value_or(0) });
        slowest = std::max(
            { slowest, p.queueWait.p90Ms.value_or(0), p.queueWait.medianMs.value_or(0) });
    }
    m_lengthMax = niceCount(longest);
    m_waitMaxMs = niceWait(slowest);
    m_lengthLabels = { numberText(0), numberText(m_lengthMax / 2), numberText(m_lengthMax) };
    m_waitLabels = { MetricsFormat::duration(0), MetricsFormat::duration(m_waitMaxMs / 2),
        MetricsFormat::duration(m_waitMaxMs) };

    m_bucketLabels.clear();
    const int every = std::max(1, int(std::ceil(double(m_points.size()) / maxBucketLabels)));
    for (int i = 0; i < m_points.size(); ++i)
        m_bucketLabels.append(i % every == 0 ? labelOf(m_points.at(i)) : QString());
    emit changed();
}

bool QueueSeriesModel::hasQueue() const
{
    return std::any_of(m_points.begin(), m_points.end(), [](const Metrics::SeriesPoint &p) {
        return p.queued > 0 || p.queueLengthMax.value_or(0) > 0;
    });
}

QString QueueSeriesModel::bucketText() const
{
    if (m_bucket == u"hour")
        return tr("per hour");
    if (m_bucket == u"day")
        return tr("per day");
    return {};
}

QString QueueSeriesModel::labelOf(const Metrics::SeriesPoint &point) const
{
    if (m_bucket == u"day")
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(point.from).toLocalTime().date(),
            QStringLiteral("d MMM"));
    return TimeFormat::clockText(point.from);
}

QString QueueSeriesModel::summaryOf(const Metrics::SeriesPoint &point) const
{
    return tr("%1: %2 queued · waiting mean %3, max %4 · wait median %5, p90 %6")
        .arg(labelOf(point))
        .arg(point.queued)
        .arg(point.queueLengthMean ? numberText(*point.queueLengthMean) : QStringLiteral("—"))
        .arg(point.queueLengthMax ? numberText(*point.queueLengthMax) : QStringLiteral("—"))
        .arg(MetricsFormat::duration(point.queueWait.medianMs),
            MetricsFormat::duration(point.queueWait.p90Ms));
}

QVariantList QueueSeriesModel::fractions(
    const std::function<std::optional<double>(const Metrics::SeriesPoint &)> &value,
    double axisMax) const
{
    QVariantList list;
    list.reserve(m_points.size());
    for (const Metrics::SeriesPoint &p : m_points) {
        const std::optional<double> v = value(p);
        list.append(v ? std::clamp(*v / axisMax, 0.0, 1.0) : -1.0);
    }
    return list;
}

QVariantList QueueSeriesModel::lengthMeanFractions() const
{
    return fractions([](const Metrics::SeriesPoint &p) { return p.queueLengthMean; }, m_lengthMax);
}

QVariantList QueueSeriesModel::lengthMaxFractions() const
{
    return fractions([](const Metrics::SeriesPoint &p) { return p.queueLengthMax; }, m_lengthMax);
}

QVariantList QueueSeriesModel::waitMedianFractions() const
{
    return fractions(
        [](const Metrics::SeriesPoint &p) {
            return p.queueWait.medianMs ? std::optional<double>(*p.queueWait.medianMs)
                                        : std::nullopt;
        },
        double(m_waitMaxMs));
}

QVariantList QueueSeriesModel::waitP90Fractions() const
{
    return fractions(
        [](const Metrics::SeriesPoint &p) {
            return p.queueWait.p90Ms ? std::optional<double>(*p.queueWait.p90Ms) : std::nullopt;
        },
        double(m_waitMaxMs));
}
