#include "clusternode.h"

#include <cluster/clusterbus.h>
#include <cluster/clusterhealth.h>
#include <core/conversationrouter.h>
#include <core/secrets.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcCluster, "chat.cluster")

namespace {
const QByteArray channel = QByteArrayLiteral("chat.v1.nodes");

QJsonObject eventJson(const ConversationEvent &e)
{
    return QJsonObject { { "conversationId", e.conversationId }, { "type", wireName(e.type) },
        { "agentId", e.agentId }, { "payload", e.payload }, { "at", e.at } };
}

ConversationEvent eventFrom(const QJsonObject &o)
{
    return ConversationEvent { o.value("conversationId").toString(),
        fromWireName(o.value("type").toString(), EventType::Created), o.value("agentId").toString(),
        o.value("payload").toObject(), o.value("at").toInteger() };
}

QJsonArray eventsJson(const QList<ConversationEvent> &events)
{
    QJsonArray list;
    for (const ConversationEvent &e : events)
        list.append(eventJson(e));
    return list;
}

QList<ConversationEvent> eventsFrom(const QJsonValue &list)
{
    QList<ConversationEvent> events;
    for (const QJsonValue &e : list.toArray())
        events.append(eventFrom(e.toObject()));
    return events;
}
} // namespace

ClusterNode::ClusterNode(
    ClusterBus &bus, ConversationRouter &router, Options options, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
    , m_router(router)
    , m_options(options)
    , m_nodeId(Secrets::newId().left(12))
{
    m_clock.start();
    connect(&m_bus, &ClusterBus::received, this, &ClusterNode::onReceived);
    connect(&m_bus, &ClusterBus::subscribed, this, [this](const QByteArray &subscribed) {
        if (subscribed != channel)
            return;
        // Heard from now on: ask every node to tell its connections (ours may have been
        // forgotten while we were away), and tell ours.
        send("who", {});
        m_router.peerNodeJoined();
        // Back after an outage: what the others changed meanwhile is in the database.
        if (std::exchange(m_subscribedBefore, true))
            m_router.peerResync();
    });
    connect(&m_bus, &ClusterBus::connectedChanged, this, [this](bool connected) {
        reportHealth();
        if (!connected && m_subscribedBefore) {
            qCWarning(lcCluster) << "the bus is away: other nodes' changes are not heard until "
                                    "it is back (then read from the database)";
            m_router.peerBusLost();
        }
    });
    m_bus.subscribe(channel);
    m_heartbeat.setInterval(m_options.heartbeatMs);
    connect(&m_heartbeat, &QTimer::timeout, this, &ClusterNode::heartbeat);
    m_heartbeat.start();
    m_router.setPeers(this);
    qCInfo(lcCluster) << "node" << m_nodeId << "joins the cluster";
}

ClusterNode::~ClusterNode()
{
    m_router.setPeers(nullptr);
    m_bus.unsubscribe(channel);
}

void ClusterNode::reportTo(ClusterHealthBoard *board)
{
    m_board = board;
    reportHealth();
}

void ClusterNode::reportHealth()
{
    if (!m_board)
        return;
    m_board->set(ClusterHealth { m_bus.health(), int(m_lastHeard.size()) });
}

void ClusterNode::leave()
{
    m_heartbeat.stop();
    send("bye", {});
    // Said, not only queued: otherwise the others count this node's connections for the
    // whole silence bound.
    if (!m_bus.flush(500))
        qCInfo(lcCluster) << "the bus did not confirm this node's goodbye within 500 ms";
}

void ClusterNode::send(const char *type, QJsonObject body)
{
    body.insert("t", QLatin1String(type));
    body.insert("n", m_nodeId);
    if (m_bus.publish(channel, QJsonDocument(body).toJson(QJsonDocument::Compact))
        == ClusterBus::PublishResult::Refused)
        qCDebug(lcCluster) << "the bus refused a" << type << "message (it holds too many)";
}

void ClusterNode::heartbeat()
{
    send("hb", {});
    const qint64 now = m_clock.elapsed();
    QStringList silent;
    for (auto it = m_lastHeard.cbegin(); it != m_lastHeard.cend(); ++it)
        if (now - it.value() > m_options.silenceMs)
            silent.append(it.key());
    for (const QString &node : std::as_const(silent)) {
        qCWarning(lcCluster) << "node" << node << "not heard for" << m_options.silenceMs
                             << "ms: gone";
        forget(node);
    }
    reportHealth();
}

void ClusterNode::forget(const QString &node)
{
    if (m_lastHeard.remove(node) == 0)
        return;
    m_router.peerNodeGone(node);
    reportHealth();
}

void ClusterNode::onReceived(const QByteArray &from, const QByteArray &payload)
{
    if (from != channel)
        return;
    const QJsonObject body = QJsonDocument::fromJson(payload).object();
    const QString node = body.value("n").toString();
    const QString type = body.value("t").toString();
    if (node.isEmpty() || node == m_nodeId)
        return; // our own, back from the broker
    if (type == QLatin1String("bye"))
        return forget(node);
    const bool known = m_lastHeard.contains(node);
    m_lastHeard.insert(node, m_clock.elapsed());
    if (!known) {
        qCInfo(lcCluster) << "node" << node << "heard";
        reportHealth();
        // It may not know our connections (new, or it forgot us while one of us was silent).
        m_router.peerNodeJoined();
    }
    apply(node, type, body);
}

void ClusterNode::apply(const QString &from, const QString &type, const QJsonObject &body)
{
    if (type == QLatin1String("conv")) {
        const QJsonObject c = body.value("change").toObject();
        StateChange change;
        if (const QString previous = c.value("previousStatus").toString(); !previous.isEmpty())
            change.previousStatus = fromWireName(previous, ConversationStatus::Queued);
        change.previousAgentId = c.value("previousAgentId").toString();
        change.note = c.value("note").toString();
        ConversationView stored = ConversationView::fromJson(body.value("conversation").toObject());
        stored.revision = body.value("revision").toInteger();
        m_router.peerConversationChanged(stored, change, eventsFrom(body.value("events")));
    } else if (type == QLatin1String("offline")) {
        m_router.peerOfflineChanged(
            ConversationView::fromJson(body.value("conversation").toObject()),
            eventsFrom(body.value("events")));
    } else if (type == QLatin1String("rated")) {
        m_router.peerConversationRated(
            ConversationView::fromJson(body.value("conversation").toObject()),
            eventsFrom(body.value("events")));
    } else if (type == QLatin1String("details")) {
        m_router.peerVisitorDetails(body.value("visitorId").toString(),
            VisitorView::fromJson(body.value("visitor").toObject()),
            body.value("withIdentity").toBool());
    } else if (type == QLatin1String("msg")) {
        m_router.peerMessageStored(
            ConversationView::fromJson(body.value("conversation").toObject()),
            MessageView::fromJson(body.value("message").toObject()));
    } else if (type == QLatin1String("typing")) {
        m_router.peerTyping(body.value("conversationId").toString(),
            body.value("fromVisitor").toBool(),
            TypingEvent::fromJson(body.value("event").toObject()));
    } else if (type == QLatin1String("agent")) {
        const QJsonObject scope = body.value("scope").toObject();
        const auto strings = [](const QJsonValue &list) {
            QStringList values;
            for (const QJsonValue &v : list.toArray())
                values.append(v.toString());
            return values;
        };
        m_router.peerAgentConnections(from, AgentView::fromJson(body.value("agent").toObject()),
            AgentScope { strings(scope.value("departments")), strings(scope.value("sites")) },
            body.value("connections").toInt(), body.value("unproven").toInt());
    } else if (type == QLatin1String("status")) {
        m_router.peerAgentStatus(body.value("agentId").toString(),
            fromWireName(body.value("status").toString(), Presence::Offline),
            eventFrom(body.value("event").toObject()));
    } else if (type == QLatin1String("visitor")) {
        m_router.peerVisitorPresence(
            from, body.value("visitorId").toString(), body.value("present").toBool());
    } else if (type == QLatin1String("who")) {
        m_router.peerNodeJoined();
    }
}

void ClusterNode::conversationChanged(const ConversationView &stored, const StateChange &change,
    const QList<ConversationEvent> &events)
{
    send("conv",
        { { "conversation", stored.toJson() }, { "revision", stored.revision },
            { "change",
                QJsonObject {
                    { "previousStatus",
                        change.previousStatus ? wireName(*change.previousStatus) : QString() },
                    { "previousAgentId", change.previousAgentId }, { "note", change.note } } },
            { "events", eventsJson(events) } });
}

void ClusterNode::messageStored(const ConversationView &conversation, const MessageView &message)
{
    send("msg", { { "conversation", conversation.toJson() }, { "message", message.toJson() } });
}

void ClusterNode::typing(const QString &conversationId, bool fromVisitor, const TypingEvent &event)
{
    send("typing",
        { { "conversationId", conversationId }, { "fromVisitor", fromVisitor },
            { "event", event.toJson() } });
}

void ClusterNode::agentConnections(
    const AgentView &profile, const AgentScope &scope, int connections, int unproven)
{
    send("agent",
        { { "agent", profile.toJson() },
            { "scope",
                QJsonObject { { "departments", QJsonArray::fromStringList(scope.departments) },
                    { "sites", QJsonArray::fromStringList(scope.sites) } } },
            { "connections", connections }, { "unproven", unproven } });
}

void ClusterNode::agentStatus(
    const QString &agentId, Presence status, const ConversationEvent &event)
{
    send("status",
        { { "agentId", agentId }, { "status", wireName(status) }, { "event", eventJson(event) } });
}

void ClusterNode::visitorPresence(const QString &visitorId, bool present)
{
    send("visitor", { { "visitorId", visitorId }, { "present", present } });
}

void ClusterNode::visitorDetails(
    const QString &visitorId, const VisitorView &details, bool withIdentity)
{
    send("details",
        { { "visitorId", visitorId }, { "visitor", details.toJson() },
            { "withIdentity", withIdentity } });
}

void ClusterNode::offlineChanged(
    const ConversationView &conversation, const QList<ConversationEvent> &events)
{
    send(
        "offline", { { "conversation", conversation.toJson() }, { "events", eventsJson(events) } });
}

void ClusterNode::conversationRated(
    const ConversationView &conversation, const QList<ConversationEvent> &events)
{
    send("rated", { { "conversation", conversation.toJson() }, { "events", eventsJson(events) } });
}
