#include "queuemetrics.h"

#include <QDateTime>
#include <QJsonArray>
#include <algorithm>

namespace {
QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QJsonValue share(int part, int whole)
{
    return whole > 0 ? QJsonValue(double(part) / whole) : QJsonValue();
}

QJsonObject ratingJson(int rated, int good)
{
    return { { "rated", rated }, { "good", good }, { "bad", rated - good },
        { "goodShare", share(good, rated) } };
}
} // namespace

bool MetricsQuery::matches(const ConversationFacts &facts) const
{
    return facts.createdAt >= from && facts.createdAt < to
        && (siteId.isEmpty() || facts.siteId == siteId)
        && (departmentId.isEmpty() || facts.departmentId == departmentId)
        && (agentId.isEmpty() || facts.agentId == agentId);
}

QJsonObject AgentFigures::toJson() const
{
    return { { "id", id }, { "name", name }, { "chatsHandled", chatsHandled },
        { "concurrentNow", concurrentNow }, { "firstResponse", firstResponse.toJson() },
        { "rating", ratingJson(rated, good) }, { "onlineMs", onlineMs }, { "awayMs", awayMs } };
}

QJsonObject QueueReport::toJson() const
{
    QJsonArray agentRows;
    for (const AgentFigures &agent : agents)
        agentRows.append(agent.toJson());
    QJsonObject outcomeCounts;
    for (Outcome outcome : { Outcome::Waiting, Outcome::Assigned, Outcome::Answered,
             Outcome::Abandoned, Outcome::Missed, Outcome::Offline })
        outcomeCounts.insert(outcomeName(outcome), count(outcome));

    QJsonArray points;
    for (const QueuePoint &point : series)
        points.append(point.toJson());
    QJsonObject queue = queueWait.toJson();
    queue.insert("stillWaiting", stillWaiting);
    return { { "from", query.from }, { "to", query.to }, { "asOf", query.asOf },
        { "filters",
            QJsonObject { { "site", textOrNull(query.siteId) },
                { "department", textOrNull(query.departmentId) },
                { "agent", textOrNull(query.agentId) } } },
        { "conversations",
            QJsonObject { { "total", conversations }, { "closed", closed },
                { "open", conversations - closed }, { "transferred", transferred },
                { "reopened", reopened }, { "outcomes", outcomeCounts } } },
        { "queueWait", queue },
        { "abandoned",
            QJsonObject {
                { "count", count(Outcome::Abandoned) }, { "wait", abandonedWait.toJson() } } },
        { "missed", count(Outcome::Missed) }, { "firstResponse", firstResponse.toJson() },
        { "responseTime", responseTime.toJson() }, { "handlingTime", handlingTime.toJson() },
        { "resolutionTime", resolutionTime.toJson() },
        { "serviceLevel",
            QJsonObject { { "thresholdSeconds", double(query.serviceLevelMs) / 1000 },
                { "met", serviceLevelMet }, { "total", serviceLevelTotal },
                { "share", share(serviceLevelMet, serviceLevelTotal) } } },
        { "rating", ratingJson(rated, good) }, { "agents", agentRows },
        { "series", QJsonObject { { "bucket", seriesBucket }, { "points", points } } } };
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
    if (!f.rating.isEmpty()) {
        const bool good = f.rating == u"good";
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
