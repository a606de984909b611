#include "livefigures.h"

#include "metricsformat.h"

LiveFigures::LiveFigures(QObject *parent)
    : QObject(parent)
{
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &LiveFigures::longestWaitChanged);
}

void LiveFigures::apply(const Metrics::Live &live)
{
    m_live = live;
    m_sinceReceived.start();
    if (live.now.waitingSince)
        m_tick.start();
    else
        m_tick.stop();
    emit changed();
    emit longestWaitChanged();
}

void LiveFigures::clear()
{
    if (!m_live)
        return;
    m_live.reset();
    m_tick.stop();
    emit changed();
    emit longestWaitChanged();
}

qint64 LiveFigures::longestWaitMs() const
{
    if (!m_live || !m_live->now.waitingSince)
        return -1;
    const qint64 serverNow = m_live->at + m_sinceReceived.elapsed();
    return std::max<qint64>(0, serverNow - *m_live->now.waitingSince);
}

QString LiveFigures::longestWaitText() const
{
    const qint64 ms = longestWaitMs();
    // Whole seconds, rounded down: the tile ticks once a second.
    return ms < 0 ? MetricsFormat::none() : MetricsFormat::duration(ms / 1000 * 1000);
}

QString LiveFigures::countText(int Metrics::Now::*field) const
{
    return m_live ? MetricsFormat::count(m_live->now.*field) : MetricsFormat::none();
}

QString LiveFigures::todayCount(int Metrics::Report::*field) const
{
    return m_live ? MetricsFormat::count(m_live->today.*field) : MetricsFormat::none();
}

QString LiveFigures::waitingText() const
{
    return countText(&Metrics::Now::waiting);
}

QString LiveFigures::inProgressText() const
{
    return countText(&Metrics::Now::inProgress);
}

QString LiveFigures::agentsOnlineText() const
{
    return countText(&Metrics::Now::agentsOnline);
}

QString LiveFigures::agentsAwayText() const
{
    return countText(&Metrics::Now::agentsAway);
}

QString LiveFigures::agentsOfflineText() const
{
    return countText(&Metrics::Now::agentsOffline);
}

QString LiveFigures::conversationsText() const
{
    return todayCount(&Metrics::Report::conversations);
}

QString LiveFigures::answeredText() const
{
    return todayCount(&Metrics::Report::answered);
}

QString LiveFigures::missedText() const
{
    return todayCount(&Metrics::Report::missed);
}

QString LiveFigures::abandonedText() const
{
    return todayCount(&Metrics::Report::abandoned);
}

QString LiveFigures::firstResponseMedianText() const
{
    return MetricsFormat::duration(
        m_live ? m_live->today.firstResponse.medianMs : std::optional<qint64>());
}

QString LiveFigures::firstResponseP90Text() const
{
    return MetricsFormat::duration(
        m_live ? m_live->today.firstResponse.p90Ms : std::optional<qint64>());
}

QString LiveFigures::serviceLevelText() const
{
    return MetricsFormat::share(m_live ? m_live->today.serviceLevel.share : std::nullopt);
}

QString LiveFigures::serviceLevelDetail() const
{
    if (!m_live)
        return {};
    const Metrics::ServiceLevel &level = m_live->today.serviceLevel;
    const double seconds
        = level.thresholdSeconds > 0 ? level.thresholdSeconds : m_live->serviceLevelSeconds;
    return tr("%1 of %2 answered within %3")
        .arg(level.met)
        .arg(level.total)
        .arg(MetricsFormat::duration(qint64(seconds * 1000)));
}

QString LiveFigures::goodRatingText() const
{
    return MetricsFormat::share(m_live ? m_live->today.rating.goodShare : std::nullopt);
}

QString LiveFigures::goodRatingDetail() const
{
    if (!m_live)
        return {};
    const Metrics::Ratings &rating = m_live->today.rating;
    return rating.rated == 0 ? tr("no ratings yet")
                             : tr("%1 of %2 rated good").arg(rating.good).arg(rating.rated);
}
