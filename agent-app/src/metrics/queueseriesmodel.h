#pragma once

#include <protocol/metricsreport.h>

#include <QAbstractListModel>
#include <QStringList>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>
#include <functional>

/// @brief The dashboard chart's data: per bucket (hour or day) of the range, the queue length
/// (time-weighted mean and maximum) and the queue wait (median and p90), with the axes.
///
/// Values come scaled to the axis ("fractions", 0 at the bottom, 1 at the top of the axis; -1
/// where a bucket has no value), so the QML chart only maps them to pixels. Axis maxima are
/// rounded up to readable steps, and the bucket labels are thinned to about eight.
class QueueSeriesModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AdminDashboard owns the chart data")
    Q_PROPERTY(int count READ count NOTIFY changed)
    Q_PROPERTY(bool hasQueue READ hasQueue NOTIFY changed)
    Q_PROPERTY(QString bucketText READ bucketText NOTIFY changed)
    Q_PROPERTY(QStringList lengthAxisLabels READ lengthAxisLabels NOTIFY changed)
    Q_PROPERTY(QStringList waitAxisLabels READ waitAxisLabels NOTIFY changed)
    Q_PROPERTY(QStringList bucketLabels READ bucketLabels NOTIFY changed)
    Q_PROPERTY(QVariantList lengthMeanFractions READ lengthMeanFractions NOTIFY changed)
    Q_PROPERTY(QVariantList lengthMaxFractions READ lengthMaxFractions NOTIFY changed)
    Q_PROPERTY(QVariantList waitMedianFractions READ waitMedianFractions NOTIFY changed)
    Q_PROPERTY(QVariantList waitP90Fractions READ waitP90Fractions NOTIFY changed)

public:
    enum Role {
        FromRole = Qt::UserRole + 1,
        ToRole,
        LabelRole,
        QueuedRole,
        LengthMeanRole,
        LengthMaxRole,
        WaitMedianMsRole,
        WaitP90MsRole,
        SummaryRole,
    };
    Q_ENUM(Role)

    explicit QueueSeriesModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Shows the series of @p report; nothing without a report or a series.
    void setReport(const std::optional<Metrics::Report> &report);

    int count() const { return int(m_points.size()); }
    /// Some bucket had a chat in the queue.
    bool hasQueue() const;
    /// "per hour" / "per day".
    QString bucketText() const;
    /// Bottom to top: "0", "1", "2".
    QStringList lengthAxisLabels() const { return m_lengthLabels; }
    /// Bottom to top: "0 s", "30 s", "1 min".
    QStringList waitAxisLabels() const { return m_waitLabels; }
    /// One per bucket; empty where the label is left out to avoid crowding.
    QStringList bucketLabels() const { return m_bucketLabels; }
    QVariantList lengthMeanFractions() const;
    QVariantList lengthMaxFractions() const;
    QVariantList waitMedianFractions() const;
    QVariantList waitP90Fractions() const;
    double lengthAxisMax() const { return m_lengthMax; }
    qint64 waitAxisMaxMs() const { return m_waitMaxMs; }

    /// The smallest readable axis maximum at or above @p value: 1, 2, 5, 10, 20, 50, …
    static double niceCount(double value);
    /// The smallest readable wait axis maximum at or above @p ms: 30 s, 1, 2, 5, 10, 15, 30 min, …
    static qint64 niceWait(qint64 ms);

signals:
    void changed();

private:
    QString labelOf(const Metrics::SeriesPoint &point) const;
    QString summaryOf(const Metrics::SeriesPoint &point) const;
    QVariantList fractions(
        const std::function<std::optional<double>(const Metrics::SeriesPoint &)> &value,
        double axisMax) const;

    QString m_bucket;
    QList<Metrics::SeriesPoint> m_points;
    double m_lengthMax = 1;
    qint64 m_waitMaxMs = 30'000;
    QStringList m_lengthLabels;
    QStringList m_waitLabels;
    QStringList m_bucketLabels;
};
