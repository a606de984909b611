#include "livemetrics.h"

#include "livequeuestate.h"
#include "metricssource.h"
#include "prometheustext.h"

#include <core/clock.h>

#include <QJsonDocument>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcLiveMetrics, "chat.metrics")

namespace {
/// The status the team sees: an agent without a connection is away during its grace period.
Presence effectiveStatus(const LiveQueueState &queue, const AgentView &agent)
{
    if (agent.status != Presence::Offline && !queue.isConnected(agent.id))
        return Presence::Away;
    return agent.status;
}

/// The last status of each agent in @p changes, as changes just before @p at.
QList<PresenceChange> statusesAt(const QList<PresenceChange> &changes, qint64 at)
{
    QHash<QString, PresenceChange> last;
    for (const PresenceChange &change : changes)
        if (change.at < at)
            last.insert(change.agentId, change);
    return last.values();
}
} // namespace

LiveMetrics::LiveMetrics(const LiveQueueState &queue, MetricsSource &source, const Clock &clock,
    Options options, QObject *parent)
    : QObject(parent)
    , m_queue(queue)
    , m_source(source)
    , m_clock(clock)
    , m_options(options)
    , m_queueWait(Histogram::responseBounds(double(options.serviceLevelMs) / 1000))
    , m_abandonedWait(Histogram::responseBounds(double(options.serviceLevelMs) / 1000))
    , m_firstResponse(Histogram::responseBounds(double(options.serviceLevelMs) / 1000))
    , m_response(Histogram::responseBounds(double(options.serviceLevelMs) / 1000))
    , m_handling(Histogram::durationBounds())
    , m_resolution(Histogram::durationBounds())
{
    m_pushTimer.setSingleShot(true);
    m_pushTimer.setInterval(m_options.pushIntervalMs);
    connect(&m_pushTimer, &QTimer::timeout, this, &LiveMetrics::push);
}

void LiveMetrics::restore()
{
    const qint64 now = m_clock.nowMs();
    m_dayStart = localDayStart(now);
    m_nextDayStart = localNextDayStart(now);
    m_facts.clear();
    m_partial.clear();
    for (const ConversationFacts &facts : m_source.loadLiveFacts(m_dayStart))
        m_facts.insert(facts.conversationId, facts);
    m_presence = m_source.loadPresenceChanges(m_dayStart, m_nextDayStart);
    qCInfo(lcLiveMetrics) << "live metrics follow" << m_facts.size() << "conversations";
}

void LiveMetrics::subscribe(QObject *session, Send send)
{
    send(MetricsEvent { live(), true });
    m_subscribers.insert(session, std::move(send));
    connect(session, &QObject::destroyed, this, [this, session] { m_subscribers.remove(session); });
}

void LiveMetrics::record(const ConversationEvent &event)
{
    rollOver(event.at);
    if (event.conversationId.isEmpty()) {
        if (event.type == EventType::Presence)
            m_presence.append({ event.agentId,
                fromWireName(
                    event.payload.value(QLatin1String("status")).toString(), Presence::Offline),
                event.at });
        schedulePush();
        return;
    }
    auto it = m_facts.find(event.conversationId);
    if (it == m_facts.end()) {
        it = m_facts.insert(event.conversationId, ConversationFacts {});
        it->conversationId = event.conversationId;
        if (event.type != EventType::Created)
            m_partial.insert(event.conversationId);
    }
    ConversationFacts &facts = *it;
    // Site and department as the stored row has them: from the conversation as it is now.
    if (const ConversationView *open = m_queue.findOpen(event.conversationId)) {
        facts.siteId = open->siteId;
        facts.departmentId = open->departmentId;
    }
    const FactChange change = facts.apply(event);
    const bool partial = m_partial.contains(event.conversationId);
    observe(facts, change, partial);
    // Closed conversations of earlier days are not needed for today's figures.
    if (!facts.open && (partial || facts.createdAt < m_dayStart)) {
        m_partial.remove(event.conversationId);
        m_facts.erase(it);
    }
    schedulePush();
}

void LiveMetrics::observe(const ConversationFacts &facts, const FactChange &change, bool partial)
{
    // An offline message is not a chat: counted once, in no other figure, whatever agents do
    // with it later (answer, reopen), as in the report.
    if (facts.offline) {
        m_offline += change.created;
        return;
    }
    if (change.created)
        ++m_created;
    if (change.queueWaitMs)
        m_queueWait.observe(*change.queueWaitMs);
    if (change.firstResponseMs)
        m_firstResponse.observe(*change.firstResponseMs);
    if (change.responseMs)
        m_response.observe(*change.responseMs);
    if (change.reopened)
        ++m_reopened;
    if (change.transferred)
        ++m_transfers;
    if (change.rating == Rating::Good)
        ++m_ratedGood;
    else if (change.rating == Rating::Bad)
        ++m_ratedBad;
    if (change.firstClose && !partial) {
        ++m_closed[size_t(facts.outcome())];
        if (const auto ms = facts.handlingMs())
            m_handling.observe(*ms);
        if (const auto ms = facts.resolutionMs())
            m_resolution.observe(*ms);
        if (const auto ms = facts.abandonedWaitMs())
            m_abandonedWait.observe(*ms);
    }
}

void LiveMetrics::rollOver(qint64 now)
{
    if (now < m_nextDayStart)
        return;
    m_presence = statusesAt(m_presence, localDayStart(now));
    m_dayStart = localDayStart(now);
    m_nextDayStart = localNextDayStart(now);
    for (auto it = m_facts.begin(); it != m_facts.end();) {
        if (!it->open && it->createdAt < m_dayStart) {
            m_partial.remove(it.key());
            it = m_facts.erase(it);
        } else {
            ++it;
        }
    }
}

void LiveMetrics::schedulePush()
{
    if (!m_subscribers.isEmpty() && !m_pushTimer.isActive())
        m_pushTimer.start();
}

void LiveMetrics::push()
{
    if (m_subscribers.isEmpty())
        return;
    const OutgoingEvent update(MetricsEvent { live(), false }); // encoded once for every admin
    const auto subscribers = m_subscribers; // a send may end a session
    for (const Send &send : subscribers)
        send(update);
}

QueueReport LiveMetrics::today()
{
    const qint64 at = m_clock.nowMs();
    rollOver(at);
    MetricsQuery query;
    query.from = m_dayStart;
    query.to = m_nextDayStart;
    query.asOf = at;
    query.serviceLevelMs = m_options.serviceLevelMs;
    QueueMetrics metrics(query);
    for (const ConversationFacts &facts : std::as_const(m_facts))
        metrics.add(facts);
    return metrics.finish(m_presence, m_queue.team());
}

qint64 LiveMetrics::waitingSince() const
{
    qint64 earliest = 0;
    const QList<QString> waiting = m_queue.waiting();
    for (const QString &id : waiting) {
        const auto facts = m_facts.constFind(id);
        qint64 since = facts != m_facts.cend() ? facts->inQueueSince : 0;
        if (since == 0) {
            const ConversationView *open = m_queue.findOpen(id);
            since = open ? open->queuedAt : 0;
        }
        if (since > 0 && (earliest == 0 || since < earliest))
            earliest = since;
    }
    return earliest;
}

Metrics::Now LiveMetrics::now(qint64 at) const
{
    Metrics::Now now;
    for (const AgentView &agent : m_queue.team()) {
        const Presence status = effectiveStatus(m_queue, agent);
        if (status == Presence::Online)
            ++now.agentsOnline;
        else if (status == Presence::Away)
            ++now.agentsAway;
        else
            ++now.agentsOffline;
        now.team.append({ agent.id, agent.name, status, agent.activeChats, agent.maxChats });
    }
    const qint64 since = waitingSince();
    now.waiting = int(m_queue.waiting().size());
    now.longestWaitMs = since > 0 ? std::max<qint64>(0, at - since) : 0;
    if (since > 0)
        now.waitingSince = since;
    now.inProgress = int(m_queue.openCount()) - now.waiting;
    return now;
}

Metrics::Live LiveMetrics::live()
{
    const QueueReport report = today();
    Metrics::Live live;
    live.at = report.query.asOf;
    live.serviceLevelSeconds = double(m_options.serviceLevelMs) / 1000;
    live.now = now(live.at);
    live.today = report.toWire();
    return live;
}

QByteArray LiveMetrics::prometheusText()
{
    const qint64 at = m_clock.nowMs();
    int online = 0;
    int away = 0;
    int offline = 0;
    int activeChats = 0;
    int capacity = 0;
    for (const AgentView &agent : m_queue.team()) {
        const Presence status = effectiveStatus(m_queue, agent);
        (status == Presence::Online ? online : status == Presence::Away ? away : offline) += 1;
        activeChats += agent.activeChats;
        if (status == Presence::Online)
            capacity += agent.maxChats;
    }
    const qint64 since = waitingSince();
    const qsizetype waiting = m_queue.waiting().size();

    PrometheusText out;
    out.family("chat_queue_waiting", "gauge", "Conversations waiting in the queue now.");
    out.sample("chat_queue_waiting", double(waiting));
    out.family("chat_queue_longest_wait_seconds", "gauge",
        "How long the conversation waiting longest has waited so far (0 when none waits).");
    out.sample("chat_queue_longest_wait_seconds",
        since > 0 ? double(std::max<qint64>(0, at - since)) / 1000 : 0);
    out.family(
        "chat_conversations_in_progress", "gauge", "Open conversations assigned to an agent now.");
    out.sample("chat_conversations_in_progress", double(m_queue.openCount() - waiting));
    out.family("chat_agents", "gauge",
        "Agents by presence now (away includes disconnected agents in their grace period).");
    out.sample("chat_agents", online, { { "status", "online" } });
    out.sample("chat_agents", away, { { "status", "away" } });
    out.sample("chat_agents", offline, { { "status", "offline" } });
    out.family("chat_agent_active_chats", "gauge",
        "Open chats assigned to agents now, all agents together.");
    out.sample("chat_agent_active_chats", activeChats);
    out.family("chat_agent_capacity_chats", "gauge", "Sum of the chat limits of online agents.");
    out.sample("chat_agent_capacity_chats", capacity);
    out.family("chat_service_level_threshold_seconds", "gauge",
        "Service level threshold N: a chat meets it when answered within N seconds of its start.");
    out.sample("chat_service_level_threshold_seconds", double(m_options.serviceLevelMs) / 1000);

    out.family("chat_conversations_created_total", "counter",
        "Conversations started (offline messages excluded).");
    out.sample("chat_conversations_created_total", double(m_created));
    out.family("chat_conversations_closed_total", "counter",
        "Conversations closed for the first time, by outcome.");
    for (Outcome outcome : { Outcome::Answered, Outcome::Missed, Outcome::Abandoned })
        out.sample("chat_conversations_closed_total", double(m_closed[size_t(outcome)]),
            { { "outcome", outcomeName(outcome).toLatin1() } });
    out.family("chat_offline_messages_total", "counter",
        "Offline messages left while no agent was online.");
    out.sample("chat_offline_messages_total", double(m_offline));
    out.family("chat_conversations_reopened_total", "counter",
        "Closed conversations reopened by an agent.");
    out.sample("chat_conversations_reopened_total", double(m_reopened));
    out.family("chat_transfers_total", "counter", "Transfers to another agent or department.");
    out.sample("chat_transfers_total", double(m_transfers));
    out.family("chat_ratings_total", "counter", "Ratings given by visitors, by rating.");
    out.sample("chat_ratings_total", double(m_ratedGood), { { "rating", "good" } });
    out.sample("chat_ratings_total", double(m_ratedBad), { { "rating", "bad" } });

    out.histogram("chat_queue_wait_seconds", "Queue wait: queued to first assigned.", m_queueWait);
    out.histogram("chat_queue_abandoned_wait_seconds",
        "How long visitors who abandoned the queue had waited (observed at close).",
        m_abandonedWait);
    out.histogram("chat_first_response_seconds",
        "First response time: start or reopen to the first agent reply (notes excluded).",
        m_firstResponse);
    out.histogram("chat_response_seconds",
        "Response time: a visitor message that waits to the next agent reply.", m_response);
    out.histogram(
        "chat_handling_seconds", "Handling time: first assigned to first close.", m_handling);
    out.histogram(
        "chat_resolution_seconds", "Resolution time: created to first close.", m_resolution);
    return out.text();
}
