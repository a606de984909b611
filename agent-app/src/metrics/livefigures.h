#pragma once

#include <protocol/metricsreport.h>

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

/// @brief The dashboard's live tiles: the queue and the team now, and today's figures, from the
/// admins' feed (metrics.snapshot / metrics.update). Each message replaces the whole picture.
///
/// The longest wait runs on locally between updates: it is measured from the server's `at` plus
/// the time elapsed here since the message came, so a clock difference between the agent's
/// machine and the server does not show. Every text is "—" until the first message, and for a
/// figure the server has no value for.
class LiveFigures : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AdminDashboard owns the live figures")
    Q_PROPERTY(bool available READ isAvailable NOTIFY changed)
    Q_PROPERTY(int waiting READ waiting NOTIFY changed)
    Q_PROPERTY(QString waitingText READ waitingText NOTIFY changed)
    Q_PROPERTY(qint64 longestWaitMs READ longestWaitMs NOTIFY longestWaitChanged)
    Q_PROPERTY(QString longestWaitText READ longestWaitText NOTIFY longestWaitChanged)
    Q_PROPERTY(QString inProgressText READ inProgressText NOTIFY changed)
    Q_PROPERTY(QString agentsOnlineText READ agentsOnlineText NOTIFY changed)
    Q_PROPERTY(QString agentsAwayText READ agentsAwayText NOTIFY changed)
    Q_PROPERTY(QString agentsOfflineText READ agentsOfflineText NOTIFY changed)
    Q_PROPERTY(QString conversationsText READ conversationsText NOTIFY changed)
    Q_PROPERTY(QString answeredText READ answeredText NOTIFY changed)
    Q_PROPERTY(QString missedText READ missedText NOTIFY changed)
    Q_PROPERTY(QString abandonedText READ abandonedText NOTIFY changed)
    Q_PROPERTY(QString firstResponseMedianText READ firstResponseMedianText NOTIFY changed)
    Q_PROPERTY(QString firstResponseP90Text READ firstResponseP90Text NOTIFY changed)
    Q_PROPERTY(QString serviceLevelText READ serviceLevelText NOTIFY changed)
    Q_PROPERTY(QString serviceLevelDetail READ serviceLevelDetail NOTIFY changed)
    Q_PROPERTY(QString goodRatingText READ goodRatingText NOTIFY changed)
    Q_PROPERTY(QString goodRatingDetail READ goodRatingDetail NOTIFY changed)

public:
    explicit LiveFigures(QObject *parent = nullptr);

    /// A metrics.snapshot or metrics.update arrived.
    void apply(const Metrics::Live &live);
    /// Signed out: back to "—".
    void clear();

    bool isAvailable() const { return m_live.has_value(); }
    const std::optional<Metrics::Live> &latest() const { return m_live; }

    int waiting() const { return m_live ? m_live->now.waiting : 0; }
    QString waitingText() const;
    /// The longest wait now, or -1 while nobody waits.
    qint64 longestWaitMs() const;
    QString longestWaitText() const;
    QString inProgressText() const;
    QString agentsOnlineText() const;
    QString agentsAwayText() const;
    QString agentsOfflineText() const;
    QString conversationsText() const;
    QString answeredText() const;
    QString missedText() const;
    QString abandonedText() const;
    QString firstResponseMedianText() const;
    QString firstResponseP90Text() const;
    QString serviceLevelText() const;
    /// "1 of 5 within 30 s".
    QString serviceLevelDetail() const;
    QString goodRatingText() const;
    /// "1 of 2 rated good".
    QString goodRatingDetail() const;

signals:
    void changed();
    void longestWaitChanged();

private:
    QString countText(int Metrics::Now::*field) const;
    QString todayCount(int Metrics::Report::*field) const;

    std::optional<Metrics::Live> m_live;
    QElapsedTimer m_sinceReceived;
    QTimer m_tick;
};
