#pragma once

#include "conversationfacts.h"
#include "distribution.h"
#include "presencetime.h"
#include "queueseries.h"

#include <protocol/views.h>

#include <QHash>
#include <QJsonObject>
#include <array>

/// @brief Which conversations a report covers and the moment it is computed at.
///
/// A conversation belongs to the range when it was created in [from, to) (from inclusive, to
/// exclusive). Empty filters match everything; `agentId` matches the handling agent.
struct MetricsQuery
{
    qint64 from = 0;
    qint64 to = 0;
    QString siteId;
    QString departmentId;
    QString agentId;
    qint64 asOf = 0; // "now": waits so far and time online are measured up to it
    qint64 serviceLevelMs = 30'000;

    bool matches(const ConversationFacts &facts) const;
};

/// @brief One agent's row of a report.
struct AgentFigures
{
    QString id;
    QString name;
    int chatsHandled = 0; // closed after being assigned, with this agent as handling agent
    int concurrentNow = 0; // open chats assigned now (live)
    Distribution firstResponse;
    int rated = 0;
    int good = 0;
    qint64 onlineMs = 0;
    qint64 awayMs = 0;

    Metrics::AgentFigures toWire() const;
};

/// @brief Queue metrics of a range: counts, distributions, service level, rating, per agent.
struct QueueReport
{
    MetricsQuery query;
    int conversations = 0; // offline messages excluded
    std::array<int, 6> outcomes {}; // by Outcome
    int closed = 0;
    int transferred = 0;
    int reopened = 0;
    Distribution queueWait;
    int stillWaiting = 0; // of queueWait.count, still waiting (their wait so far)
    Distribution abandonedWait;
    Distribution firstResponse;
    Distribution responseTime;
    Distribution handlingTime;
    Distribution resolutionTime;
    int serviceLevelMet = 0;
    int serviceLevelTotal = 0;
    int rated = 0;
    int good = 0;
    QList<AgentFigures> agents;
    QString seriesBucket; // "hour" or "day"
    QList<QueuePoint> series;

    int count(Outcome outcome) const { return outcomes[size_t(outcome)]; }
    /// The report as sent by GET /api/v1/metrics/queue and as the live feed's "today"
    /// (docs/metrics.md); the agent app decodes the same type.
    Metrics::Report toWire() const;
    QJsonObject toJson() const { return toWire().toJson(); }
};

/// @brief Aggregates fact rows into a QueueReport: add() each row, then finish() once.
///
/// add() is cheap and may run on the thread that reads the rows; finish() does the
/// selections (no full sorts). Both the REST API and the live feed use it, so they agree.
class QueueMetrics
{
public:
    explicit QueueMetrics(MetricsQuery query);
    Q_DISABLE_COPY_MOVE(QueueMetrics)

    /// Rows outside the query are ignored.
    void add(const ConversationFacts &facts);
    /// Takes in what @p other added (same query; e.g. the other half of a range read in parallel).
    void merge(QueueMetrics &other);
    /// @p presence: as presenceTotals() wants it for [query.from, query.to).
    /// @p agents: the team (names, load now); agents seen only in rows are listed too.
    QueueReport finish(const QList<PresenceChange> &presence, const QList<AgentView> &agents);

private:
    struct AgentSamples
    {
        int handled = 0;
        QList<qint64> firstResponse;
        int rated = 0;
        int good = 0;
    };
    AgentSamples &agent(const QString &id);

    QueueReport m_report;
    QueueSeries m_series;
    QList<qint64> m_queueWait;
    QList<qint64> m_abandonedWait;
    QList<qint64> m_firstResponse;
    QList<qint64> m_responseTime;
    QList<qint64> m_handlingTime;
    QList<qint64> m_resolutionTime;
    QHash<QString, AgentSamples> m_agents;
    QString m_lastAgentId;
    AgentSamples *m_lastAgent = nullptr;
};

/// Start of the local day that contains @p ms (the server's time zone), in ms since the epoch.
qint64 localDayStart(qint64 ms);
/// Start of the local day after the one that contains @p ms.
qint64 localNextDayStart(qint64 ms);
