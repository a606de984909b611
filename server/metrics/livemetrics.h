#pragma once

#include "conversationfacts.h"
#include "histogram.h"
#include "presencetime.h"
#include "queuemetrics.h"

#include <protocol/serverevents.h>

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <array>
#include <functional>

class Clock;
class LiveQueueState;
class MetricsSource;

/// @brief The live side of the queue metrics: the admins' feed and the /metrics scrape.
///
/// Follows the committed events (record(), connected to the router's `recorded` signal by the
/// wiring in server/app): each is folded into its conversation's facts (the same fold as the stored
/// rows) and into the Prometheus counters and histograms — O(1) per event, nothing is recounted.
/// Keeps in memory only the facts of today's and of open conversations. Admin sessions get a
/// `metrics.snapshot` when they subscribe, then `metrics.update` at most once per push interval
/// after something changed. Reads the queue and the team through LiveQueueState, never the router
/// itself.
class LiveMetrics : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        qint64 serviceLevelMs = 30'000;
        int pushIntervalMs = 250;
    };
    using Send = std::function<void(const OutgoingEvent &event)>;

    LiveMetrics(const LiveQueueState &queue, MetricsSource &source, const Clock &clock,
        Options options, QObject *parent = nullptr);

    /// Loads today's and the open conversations' facts and today's presence (blocking, at
    /// start-up, after the router restored).
    void restore();

    /// Folds a committed event of the log (emitted in commit order).
    void record(const ConversationEvent &event);
    /// Sends the snapshot to @p session now, then updates until @p session is destroyed.
    void subscribe(QObject *session, Send send);
    /// The whole picture as of now: the queue and team, and today's report.
    Metrics::Live live();
    /// The report of today (the server's local day) from the facts in memory.
    QueueReport today();
    /// The /metrics body: aggregates only, no per-agent or per-visitor data.
    QByteArray prometheusText();

private:
    void observe(const ConversationFacts &facts, const FactChange &change, bool partial);
    void rollOver(qint64 now);
    void schedulePush();
    void push();
    Metrics::Now now(qint64 at) const;
    /// Earliest time a conversation in the queue now entered it, or 0 when nobody waits.
    qint64 waitingSince() const;

    const LiveQueueState &m_queue;
    MetricsSource &m_source;
    const Clock &m_clock;
    Options m_options;

    QHash<QString, ConversationFacts> m_facts; // today's and open conversations
    QSet<QString> m_partial; // facts begun after their first events (older conversations)
    qint64 m_dayStart = 0;
    qint64 m_nextDayStart = 0;
    QList<PresenceChange> m_presence; // each agent's last change before today, then today's

    // Since this process started (Prometheus counters may reset on restart).
    qint64 m_created = 0;
    qint64 m_offline = 0;
    qint64 m_reopened = 0;
    qint64 m_transfers = 0;
    std::array<qint64, 6> m_closed {}; // by Outcome
    qint64 m_ratedGood = 0;
    qint64 m_ratedBad = 0;
    Histogram m_queueWait;
    Histogram m_abandonedWait;
    Histogram m_firstResponse;
    Histogram m_response;
    Histogram m_handling;
    Histogram m_resolution;

    QHash<QObject *, Send> m_subscribers;
    QTimer m_pushTimer;
};
