#include "queuemetrics.h"

#include <QDateTime>
#include <algorithm>

namespace {
Metrics::Ratings ratings(int rated, int good)
{
    Metrics::Ratings r;
    r.rated = rated;
    r.good = good;
    r.bad = rated - good;
    if (rated > 0)
        r.goodShare = double(good) / rated;
    return r;
}
} // namespace

bool MetricsQuery::matches(const ConversationFacts &facts) const
{
    return facts.createdAt >= from && facts.createdAt < to
        && (siteId.isEmpty() || facts.siteId == siteId)
        && (departmentId.isEmpty() || facts.departmentId == departmentId)
        && (agentId.isEmpty() || facts.agentId == agentId);
}

Metrics::AgentFigures AgentFigures::toWire() const
{
    Metrics::AgentFigures a;
    a.id = id;
    a.name = name;
    a.chatsHandled = chatsHandled;
    a.concurrentNow = concurrentNow;
    a.firstResponse = firstResponse.toWire();
    a.rating = ratings(rated, good);
    a.onlineMs = onlineMs;
    a.awayMs = awayMs;
    return a;
}

Metrics::Report QueueReport::toWire() const
{
    Metrics::Report r;
    r.from = query.from;
    r.to = query.to;
    r.asOf = query.asOf;
    r.siteId = query.siteId;
    r.departmentId = query.departmentId;
    r.agentId = query.agentId;
    r.conversations = conversations;
    r.closed = closed;
    r.open = conversations - closed;
    r.transferred = transferred;
    r.reopened = reopened;
    r.waiting = count(Outcome::Waiting);
    r.assigned = count(Outcome::Assigned);
    r.answered = count(Outcome::Answered);
    r.abandoned = count(Outcome::Abandoned);
    r.missed = count(Outcome::Missed);
    r.offline = count(Outcome::Offline);
    r.queueWait = queueWait.toWire();
    r.stillWaiting = stillWaiting;
    r.abandonedWait = abandonedWait.toWire();
    r.firstResponse = firstResponse.toWire();
    r.responseTime = responseTime.toWire();
    r.handlingTime = handlingTime.toWire();
    r.resolutionTime = resolutionTime.toWire();
    r.serviceLevel.thresholdSeconds = double(query.serviceLevelMs) / 1000;
    r.serviceLevel.met = serviceLevelMet;
    r.serviceLevel.total = serviceLevelTotal;
    if (serviceLevelTotal > 0)
        r.serviceLevel.share = double(serviceLevelMet) / serviceLevelTotal;
    r.rating = ratings(rated, good);
    for (const AgentFigures &agent : agents)
        r.agents.append(agent.toWire());
    r.seriesBucket = seriesBucket;
    for (const QueuePoint &point : series)
        r.series.append(point.toWire());
    return r;
}

QueueMetrics::QueueMetrics(MetricsQuery query)
    : m_series(query.from, query.to, query.asOf)
{
    m_report.query = std::move(query);
}

QueueMetrics::AgentSamples &QueueMetrics::agent(const QString &id)
{
    // Consecutive rows often name the same agent: skip the hash then. The pointer stays valid
    // until the next insert, which only happens here and replaces it.
    if (m_lastAgent && id == m_lastAgentId)
        return *m_lastAgent;
    m_lastAgentId = id;
    m_lastAgent = &m_agents[id];
    return *m_lastAgent;
}

void QueueMetrics::add(const ConversationFacts &f)
{
    const MetricsQuery &q = m_report.query;
    if (!q.matches(f))
        return;
    const Outcome outcome = f.outcome();
    ++m_report.outcomes[size_t(outcome)];
    if (outcome == Outcome::Offline)
        return;
    ++m_report.conversations;
    m_series.add(f);
    if (f.closedAt > 0)
        ++m_report.closed;
    if (f.transfers > 0)
        ++m_report.transferred;
    if (f.reopens > 0)
        ++m_report.reopened;

    if (const auto wait = f.queueWaitMs(q.asOf)) {
        m_queueWait.append(*wait);
        if (f.stillWaiting())
            ++m_report.stillWaiting;
    }
    if (const auto wait = f.abandonedWaitMs())
        m_abandonedWait.append(*wait);
    if (const auto first = f.firstResponseMs()) {
        m_firstResponse.append(*first);
        if (!f.firstResponderId.isEmpty())
            agent(f.firstResponderId).firstResponse.append(*first);
    }
    for (const ReopenResponse &reopen : f.reopenResponses) {
        m_firstResponse.append(reopen.ms);
        if (!reopen.agentId.isEmpty())
            agent(reopen.agentId).firstResponse.append(reopen.ms);
    }
    m_responseTime.append(f.responseTimes);
    if (const auto handling = f.handlingMs()) {
        m_handlingTime.append(*handling);
        if (!f.agentId.isEmpty())
            ++agent(f.agentId).handled;
    }
    if (const auto resolution = f.resolutionMs())
        m_resolutionTime.append(*resolution);
    if (const auto met = f.serviceLevelMet(q.asOf, q.serviceLevelMs)) {
        ++m_report.serviceLevelTotal;
        if (*met)
            ++m_report.serviceLevelMet;
    }
    if (f.rating != Rating::None) {
        const bool good = f.rating == Rating::Good;
        ++m_report.rated;
        m_report.good += good;
        if (!f.agentId.isEmpty()) {
            AgentSamples &samples = agent(f.agentId);
            ++samples.rated;
            samples.good += good;
        }
    }
}

void QueueMetrics::merge(QueueMetrics &other)
{
    QueueReport &r = m_report;
    const QueueReport &o = other.m_report;
    for (size_t i = 0; i < r.outcomes.size(); ++i)
        r.outcomes[i] += o.outcomes[i];
    r.conversations += o.conversations;
    r.closed += o.closed;
    r.transferred += o.transferred;
    r.reopened += o.reopened;
    r.stillWaiting += o.stillWaiting;
    r.serviceLevelMet += o.serviceLevelMet;
    r.serviceLevelTotal += o.serviceLevelTotal;
    r.rated += o.rated;
    r.good += o.good;
    m_queueWait.append(other.m_queueWait);
    m_abandonedWait.append(other.m_abandonedWait);
    m_firstResponse.append(other.m_firstResponse);
    m_responseTime.append(other.m_responseTime);
    m_handlingTime.append(other.m_handlingTime);
    m_resolutionTime.append(other.m_resolutionTime);
    m_series.merge(other.m_series);
    for (auto it = other.m_agents.cbegin(); it != other.m_agents.cend(); ++it) {
        AgentSamples &mine = m_agents[it.key()];
        mine.handled += it->handled;
        mine.firstResponse.append(it->firstResponse);
        mine.rated += it->rated;
        mine.good += it->good;
    }
    m_lastAgent = nullptr; // the hash may have grown
}

QueueReport QueueMetrics::finish(
    const QList<PresenceChange> &presence, const QList<AgentView> &team)
{
    QueueReport &r = m_report;
    const MetricsQuery &q = r.query;
    r.queueWait = Distribution::of(m_queueWait);
    r.abandonedWait = Distribution::of(m_abandonedWait);
    r.firstResponse = Distribution::of(m_firstResponse);
    r.responseTime = Distribution::of(m_responseTime);
    r.handlingTime = Distribution::of(m_handlingTime);
    r.resolutionTime = Distribution::of(m_resolutionTime);
    r.seriesBucket = m_series.bucketName();
    r.series = m_series.finish();

    const QHash<QString, PresenceTotals> time
        = presenceTotals(presence, q.from, std::min(q.to, q.asOf));
    QHash<QString, AgentView> byId;
    for (const AgentView &agent : team)
        byId.insert(agent.id, agent);
    QStringList ids = byId.keys();
    for (auto it = m_agents.cbegin(); it != m_agents.cend(); ++it)
        ids.append(it.key());
    for (auto it = time.cbegin(); it != time.cend(); ++it)
        ids.append(it.key());
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());

    for (const QString &id : std::as_const(ids)) {
        if (!q.agentId.isEmpty() && id != q.agentId)
            continue;
        AgentFigures row;
        row.id = id;
        row.name = byId.value(id).name;
        row.concurrentNow = byId.value(id).activeChats;
        const auto samples = m_agents.find(id);
        if (samples != m_agents.end()) {
            row.chatsHandled = samples->handled;
            row.firstResponse = Distribution::of(samples->firstResponse);
            row.rated = samples->rated;
            row.good = samples->good;
        }
        const PresenceTotals totals = time.value(id);
        row.onlineMs = totals.onlineMs;
        row.awayMs = totals.awayMs;
        r.agents.append(row);
    }
    std::sort(r.agents.begin(), r.agents.end(), [](const AgentFigures &a, const AgentFigures &b) {
        return std::tie(a.name, a.id) < std::tie(b.name, b.id);
    });
    return r;
}

qint64 localDayStart(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).date().startOfDay().toMSecsSinceEpoch();
}

qint64 localNextDayStart(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).date().addDays(1).startOfDay().toMSecsSinceEpoch();
}
