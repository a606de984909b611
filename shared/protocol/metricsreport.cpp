#include "metricsreport.h"

#include <QJsonArray>

namespace Metrics {
namespace {
std::optional<qint64> optionalMs(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    return value.toInteger(qint64(value.toDouble()));
}

std::optional<double> optionalShare(const QJsonValue &value)
{
    return value.isDouble() ? std::optional<double>(value.toDouble()) : std::nullopt;
}

int countOf(const QJsonObject &o, QLatin1String key)
{
    return o.value(key).toInt();
}

template <typename T> QJsonValue valueOrNull(const std::optional<T> &value)
{
    return value ? QJsonValue(*value) : QJsonValue();
}

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

template <typename T> QJsonArray arrayOf(const QList<T> &items)
{
    QJsonArray array;
    for (const T &item : items)
        array.append(item.toJson());
    return array;
}
} // namespace

QJsonObject Durations::toJson() const
{
    return { { "count", count }, { "medianMs", valueOrNull(medianMs) },
        { "p90Ms", valueOrNull(p90Ms) }, { "meanMs", valueOrNull(meanMs) },
        { "maxMs", valueOrNull(maxMs) } };
}

Durations Durations::fromJson(const QJsonObject &o)
{
    Durations d;
    d.count = countOf(o, QLatin1String("count"));
    if (d.count > 0) {
        d.medianMs = optionalMs(o.value(QLatin1String("medianMs")));
        d.p90Ms = optionalMs(o.value(QLatin1String("p90Ms")));
        d.meanMs = optionalMs(o.value(QLatin1String("meanMs")));
        d.maxMs = optionalMs(o.value(QLatin1String("maxMs")));
    }
    return d;
}

QJsonObject Ratings::toJson() const
{
    return { { "rated", rated }, { "good", good }, { "bad", bad },
        { "goodShare", valueOrNull(goodShare) } };
}

Ratings Ratings::fromJson(const QJsonObject &o)
{
    Ratings r;
    r.rated = countOf(o, QLatin1String("rated"));
    r.good = countOf(o, QLatin1String("good"));
    r.bad = countOf(o, QLatin1String("bad"));
    r.goodShare = optionalShare(o.value(QLatin1String("goodShare")));
    return r;
}

QJsonObject ServiceLevel::toJson() const
{
    return { { "thresholdSeconds", thresholdSeconds }, { "met", met }, { "total", total },
        { "share", valueOrNull(share) } };
}

ServiceLevel ServiceLevel::fromJson(const QJsonObject &o)
{
    ServiceLevel s;
    s.thresholdSeconds = o.value(QLatin1String("thresholdSeconds")).toDouble();
    s.met = countOf(o, QLatin1String("met"));
    s.total = countOf(o, QLatin1String("total"));
    s.share = optionalShare(o.value(QLatin1String("share")));
    return s;
}

QJsonObject AgentFigures::toJson() const
{
    return { { "id", id }, { "name", name }, { "chatsHandled", chatsHandled },
        { "concurrentNow", concurrentNow }, { "firstResponse", firstResponse.toJson() },
        { "rating", rating.toJson() }, { "onlineMs", onlineMs }, { "awayMs", awayMs } };
}

AgentFigures AgentFigures::fromJson(const QJsonObject &o)
{
    AgentFigures a;
    a.id = o.value(QLatin1String("id")).toString();
    a.name = o.value(QLatin1String("name")).toString();
    a.chatsHandled = countOf(o, QLatin1String("chatsHandled"));
    a.concurrentNow = countOf(o, QLatin1String("concurrentNow"));
    a.firstResponse = Durations::fromJson(o.value(QLatin1String("firstResponse")).toObject());
    a.rating = Ratings::fromJson(o.value(QLatin1String("rating")).toObject());
    a.onlineMs = o.value(QLatin1String("onlineMs")).toInteger();
    a.awayMs = o.value(QLatin1String("awayMs")).toInteger();
    return a;
}

QJsonObject SeriesPoint::toJson() const
{
    return { { "from", from }, { "to", to }, { "queued", queued },
        { "queueLengthMean", valueOrNull(queueLengthMean) },
        { "queueLengthMax", valueOrNull(queueLengthMax) }, { "queueWait", queueWait.toJson() } };
}

SeriesPoint SeriesPoint::fromJson(const QJsonObject &o)
{
    SeriesPoint p;
    p.from = o.value(QLatin1String("from")).toInteger();
    p.to = o.value(QLatin1String("to")).toInteger();
    p.queued = countOf(o, QLatin1String("queued"));
    p.queueLengthMean = optionalShare(o.value(QLatin1String("queueLengthMean")));
    p.queueLengthMax = optionalShare(o.value(QLatin1String("queueLengthMax")));
    p.queueWait = Durations::fromJson(o.value(QLatin1String("queueWait")).toObject());
    return p;
}

std::optional<Report> Report::fromJson(const QJsonObject &o)
{
    const QJsonValue conversations = o.value(QLatin1String("conversations"));
    if (!o.value(QLatin1String("from")).isDouble() || !o.value(QLatin1String("to")).isDouble()
        || !conversations.isObject())
        return std::nullopt;
    Report r;
    r.from = o.value(QLatin1String("from")).toInteger();
    r.to = o.value(QLatin1String("to")).toInteger();
    r.asOf = o.value(QLatin1String("asOf")).toInteger();
    const QJsonObject filters = o.value(QLatin1String("filters")).toObject();
    r.siteId = filters.value(QLatin1String("site")).toString();
    r.departmentId = filters.value(QLatin1String("department")).toString();
    r.agentId = filters.value(QLatin1String("agent")).toString();
    const QJsonObject counts = conversations.toObject();
    r.conversations = countOf(counts, QLatin1String("total"));
    r.closed = countOf(counts, QLatin1String("closed"));
    r.open = countOf(counts, QLatin1String("open"));
    r.transferred = countOf(counts, QLatin1String("transferred"));
    r.reopened = countOf(counts, QLatin1String("reopened"));
    const QJsonObject outcomes = counts.value(QLatin1String("outcomes")).toObject();
    r.assigned = countOf(outcomes, QLatin1String("assigned"));
    r.answered = countOf(outcomes, QLatin1String("answered"));
    r.abandoned = countOf(outcomes, QLatin1String("abandoned"));
    r.missed = countOf(outcomes, QLatin1String("missed"));
    r.waiting = countOf(outcomes, QLatin1String("waiting"));
    r.offline = countOf(outcomes, QLatin1String("offline"));
    const QJsonObject queueWait = o.value(QLatin1String("queueWait")).toObject();
    r.queueWait = Durations::fromJson(queueWait);
    r.stillWaiting = countOf(queueWait, QLatin1String("stillWaiting"));
    r.abandonedWait = Durations::fromJson(
        o.value(QLatin1String("abandoned")).toObject().value(QLatin1String("wait")).toObject());
    r.firstResponse = Durations::fromJson(o.value(QLatin1String("firstResponse")).toObject());
    r.responseTime = Durations::fromJson(o.value(QLatin1String("responseTime")).toObject());
    r.handlingTime = Durations::fromJson(o.value(QLatin1String("handlingTime")).toObject());
    r.resolutionTime = Durations::fromJson(o.value(QLatin1String("resolutionTime")).toObject());
    r.serviceLevel = ServiceLevel::fromJson(o.value(QLatin1String("serviceLevel")).toObject());
    r.rating = Ratings::fromJson(o.value(QLatin1String("rating")).toObject());
    for (const QJsonValue &agent : o.value(QLatin1String("agents")).toArray())
        r.agents.append(AgentFigures::fromJson(agent.toObject()));
    // Older servers send no series: the chart is then empty.
    const QJsonObject series = o.value(QLatin1String("series")).toObject();
    r.seriesBucket = series.value(QLatin1String("bucket")).toString();
    for (const QJsonValue &point : series.value(QLatin1String("points")).toArray())
        r.series.append(SeriesPoint::fromJson(point.toObject()));
    return r;
}

QJsonObject Report::toJson() const
{
    QJsonObject queue = queueWait.toJson();
    queue.insert(QLatin1String("stillWaiting"), stillWaiting);
    return { { "from", from }, { "to", to }, { "asOf", asOf },
        { "filters",
            QJsonObject { { "site", textOrNull(siteId) },
                { "department", textOrNull(departmentId) }, { "agent", textOrNull(agentId) } } },
        { "conversations",
            QJsonObject { { "total", conversations }, { "closed", closed }, { "open", open },
                { "transferred", transferred }, { "reopened", reopened },
                { "outcomes",
                    QJsonObject { { "waiting", waiting }, { "assigned", assigned },
                        { "answered", answered }, { "abandoned", abandoned }, { "missed", missed },
                        { "offline", offline } } } } },
        { "queueWait", queue },
        { "abandoned", QJsonObject { { "count", abandoned }, { "wait", abandonedWait.toJson() } } },
        { "missed", missed }, { "firstResponse", firstResponse.toJson() },
        { "responseTime", responseTime.toJson() }, { "handlingTime", handlingTime.toJson() },
        { "resolutionTime", resolutionTime.toJson() }, { "serviceLevel", serviceLevel.toJson() },
        { "rating", rating.toJson() }, { "agents", arrayOf(agents) },
        { "series", QJsonObject { { "bucket", seriesBucket }, { "points", arrayOf(series) } } } };
}

QJsonObject TeamMember::toJson() const
{
    return { { "id", id }, { "name", name }, { "status", wireName(status) },
        { "activeChats", activeChats }, { "maxChats", maxChats } };
}

TeamMember TeamMember::fromJson(const QJsonObject &o)
{
    return { o.value(QLatin1String("id")).toString(), o.value(QLatin1String("name")).toString(),
        fromWireName(o.value(QLatin1String("status")).toString(), Presence::Offline),
        countOf(o, QLatin1String("activeChats")), countOf(o, QLatin1String("maxChats")) };
}

QJsonObject Now::toJson() const
{
    return { { "waiting", waiting }, { "longestWaitMs", longestWaitMs },
        { "waitingSince", valueOrNull(waitingSince) }, { "inProgress", inProgress },
        { "agents",
            QJsonObject { { "online", agentsOnline }, { "away", agentsAway },
                { "offline", agentsOffline } } },
        { "team", arrayOf(team) } };
}

Now Now::fromJson(const QJsonObject &o)
{
    Now n;
    n.waiting = countOf(o, QLatin1String("waiting"));
    n.waitingSince = optionalMs(o.value(QLatin1String("waitingSince")));
    if (n.waitingSince && *n.waitingSince <= 0)
        n.waitingSince.reset();
    n.longestWaitMs = o.value(QLatin1String("longestWaitMs")).toInteger();
    n.inProgress = countOf(o, QLatin1String("inProgress"));
    const QJsonObject agents = o.value(QLatin1String("agents")).toObject();
    n.agentsOnline = countOf(agents, QLatin1String("online"));
    n.agentsAway = countOf(agents, QLatin1String("away"));
    n.agentsOffline = countOf(agents, QLatin1String("offline"));
    for (const QJsonValue &item : o.value(QLatin1String("team")).toArray())
        n.team.append(TeamMember::fromJson(item.toObject()));
    return n;
}

QJsonObject Live::toJson() const
{
    return { { "at", at }, { "serviceLevelSeconds", serviceLevelSeconds }, { "now", now.toJson() },
        { "today", today.toJson() } };
}

Live Live::fromJson(const QJsonObject &o)
{
    Live live;
    live.at = o.value(QLatin1String("at")).toInteger();
    live.serviceLevelSeconds = o.value(QLatin1String("serviceLevelSeconds")).toDouble();
    live.now = Now::fromJson(o.value(QLatin1String("now")).toObject());
    live.today = Report::fromJson(o.value(QLatin1String("today")).toObject()).value_or(Report {});
    return live;
}

} // namespace Metrics
