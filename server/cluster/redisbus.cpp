#include "redisbus.h"

#include "redislink.h"

#include <QEventLoop>
#include <QLoggingCategory>
#include <QTimer>
#include <hiredis/async.h>

Q_LOGGING_CATEGORY(lcClusterBus, "chat.cluster")

namespace {

QByteArray bytesOf(const redisReply *reply)
{
    return QByteArray(reply->str, qsizetype(reply->len));
}

} // namespace

RedisBus::RedisBus(const RedisUrl &url, Limits limits, QObject *parent)
    : ClusterBus(parent)
    , m_url(url)
    , m_limits(limits)
    , m_publisher(new RedisLink(url, QStringLiteral("publish"), this))
    , m_subscriber(new RedisLink(url, QStringLiteral("subscribe"), this))
    , m_since(QDateTime::currentDateTimeUtc())
{
    connect(m_publisher, &RedisLink::ready, this, &RedisBus::publisherReady);
    connect(m_publisher, &RedisLink::lost, this, &RedisBus::publisherLost);
    connect(m_subscriber, &RedisLink::ready, this, &RedisBus::subscriberReady);
    connect(m_subscriber, &RedisLink::lost, this, &RedisBus::subscriberLost);
    m_publisher->start();
    m_subscriber->start();
}

RedisBus::~RedisBus()
{
    // The links first, while the bus is whole: their contexts' last callbacks find no link and
    // stop there.
    delete m_subscriber;
    delete m_publisher;
}

ClusterBus::PublishResult RedisBus::publish(const QByteArray &channel, const QByteArray &payload)
{
    const qsizetype bytes = channel.size() + payload.size();
    const bool sendNow = m_held.empty() && canSendNow(bytes);
    if (!sendNow
        && (qsizetype(m_held.size()) >= m_limits.heldMessages
            || m_heldBytes + bytes > m_limits.heldBytes)) {
        noteRefusal(bytes);
        return PublishResult::Refused;
    }
    if (m_refusedInRun > 0) {
        qCInfo(lcClusterBus, "accepting publishes again after refusing %llu",
            static_cast<unsigned long long>(m_refusedInRun));
        m_refusedInRun = 0;
    }
    if (sendNow) {
        send(channel, payload);
        return PublishResult::Sent;
    }
    m_held.push_back(Held { channel, payload });
    m_heldBytes += bytes;
    return PublishResult::Held;
}

void RedisBus::noteRefusal(qsizetype bytes)
{
    ++m_dropped;
    if (m_refusedInRun++ == 0) {
        qCWarning(lcClusterBus,
            "refusing publishes: %lld are held (%lld bytes, bounds %lld and %lld) while %s; a "
            "publish of %lld bytes was dropped",
            static_cast<long long>(m_held.size()), static_cast<long long>(m_heldBytes),
            static_cast<long long>(m_limits.heldMessages),
            static_cast<long long>(m_limits.heldBytes),
            m_publisher->isReady() ? "Redis catches up" : "Redis is unreachable",
            static_cast<long long>(bytes));
    }
}

bool RedisBus::canSendNow(qsizetype bytes) const
{
    return m_publisher->isReady()
        && (m_inFlight.empty() || m_inFlightBytes + bytes <= m_limits.inFlightBytes);
}

void RedisBus::send(const QByteArray &channel, const QByteArray &payload)
{
    const int status = redisAsyncCommand(m_publisher->context(), &RedisBus::onPublishReply, nullptr,
        "PUBLISH %b %b", channel.constData(), size_t(channel.size()), payload.constData(),
        size_t(payload.size()));
    if (status != REDIS_OK) {
        ++m_lostInFlight;
        return;
    }
    const qsizetype bytes = channel.size() + payload.size();
    m_inFlight.push_back(bytes);
    m_inFlightBytes += bytes;
}

void RedisBus::sendHeld()
{
    while (!m_held.empty()) {
        const qsizetype bytes = m_held.front().channel.size() + m_held.front().payload.size();
        if (!canSendNow(bytes))
            return;
        const Held next = std::move(m_held.front());
        m_held.pop_front();
        m_heldBytes -= bytes;
        send(next.channel, next.payload);
    }
}

void RedisBus::onPublishReply(redisAsyncContext *context, void *reply, void *)
{
    // No link: the context is being let go (lost or destroyed), which accounts for the rest.
    RedisLink *link = RedisLink::from(context);
    if (link && reply)
        static_cast<RedisBus *>(link->parent())->publishAnswered(reply);
}

void RedisBus::publishAnswered(void *reply)
{
    if (m_inFlight.empty())
        return;
    m_inFlightBytes -= m_inFlight.front();
    m_inFlight.pop_front();
    const auto *answer = static_cast<const redisReply *>(reply);
    if (answer->type == REDIS_REPLY_ERROR) {
        ++m_dropped;
        qCWarning(lcClusterBus, "Redis refused a publish: %s", bytesOf(answer).constData());
    } else {
        ++m_published;
    }
    sendHeld();
    noteAnswered();
}

void RedisBus::noteAnswered()
{
    if (m_flushing && allAnswered())
        m_flushing->quit();
}

bool RedisBus::flush(int timeoutMs)
{
    // Disconnected, what is held would wait for the whole timeout in vain.
    if (allAnswered() || m_flushing || !m_connected)
        return allAnswered();
    QEventLoop loop;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    m_flushing = &loop;
    loop.exec();
    m_flushing = nullptr;
    return allAnswered();
}

void RedisBus::subscribe(const QByteArray &channel)
{
    if (++m_channels[channel] > 1)
        return;
    if (m_subscriber->isReady())
        sendSubscribe(channel);
}

void RedisBus::unsubscribe(const QByteArray &channel)
{
    const auto it = m_channels.find(channel);
    if (it == m_channels.end()) {
        qCWarning(lcClusterBus, "unsubscribe from %s, which has no subscription: ignored",
            channel.constData());
        return;
    }
    if (--it.value() > 0)
        return;
    m_channels.erase(it);
    if (!m_subscriber->isReady())
        return;
    redisAsyncCommand(m_subscriber->context(), nullptr, nullptr, "UNSUBSCRIBE %b",
        channel.constData(), size_t(channel.size()));
    if (m_resubscribing.remove(channel) && m_resubscribing.isEmpty()) {
        m_subscriberInSync = true;
        updateConnected();
    }
}

bool RedisBus::isSubscribed(const QByteArray &channel) const
{
    return m_channels.contains(channel);
}

void RedisBus::sendSubscribe(const QByteArray &channel)
{
    redisAsyncCommand(m_subscriber->context(), &RedisBus::onSubscriptionReply, nullptr,
        "SUBSCRIBE %b", channel.constData(), size_t(channel.size()));
}

void RedisBus::onSubscriptionReply(redisAsyncContext *context, void *reply, void *)
{
    RedisLink *link = RedisLink::from(context);
    if (link && reply)
        static_cast<RedisBus *>(link->parent())->subscriptionEvent(reply);
}

void RedisBus::subscriptionEvent(void *reply)
{
    // hiredis hands every push on a subscribed channel to that channel's callback:
    // ["subscribe", channel, count], ["message", channel, payload], ["unsubscribe", channel,
    // count].
    const auto *event = static_cast<const redisReply *>(reply);
    if (event->type != REDIS_REPLY_ARRAY || event->elements < 3
        || event->element[0]->type != REDIS_REPLY_STRING
        || event->element[1]->type != REDIS_REPLY_STRING)
        return;
    const QByteArray kind = bytesOf(event->element[0]);
    const QByteArray channel = bytesOf(event->element[1]);
    if (kind == "message") {
        if (!m_channels.contains(channel) || event->element[2]->type != REDIS_REPLY_STRING)
            return;
        ++m_received;
        emit received(channel, bytesOf(event->element[2]));
    } else if (kind == "subscribe") {
        if (!m_channels.contains(channel))
            return;
        const bool wasLastAwaited = m_resubscribing.remove(channel) && m_resubscribing.isEmpty();
        emit subscribed(channel);
        if (wasLastAwaited) {
            m_subscriberInSync = true;
            updateConnected();
        }
    }
}

void RedisBus::publisherReady()
{
    sendHeld();
    updateConnected();
}

void RedisBus::publisherLost()
{
    m_lostInFlight += m_inFlight.size();
    m_inFlight.clear();
    m_inFlightBytes = 0;
    updateConnected();
    noteAnswered();
}

void RedisBus::subscriberReady()
{
    m_resubscribing.clear();
    for (auto it = m_channels.cbegin(); it != m_channels.cend(); ++it) {
        m_resubscribing.insert(it.key());
        sendSubscribe(it.key());
    }
    m_subscriberInSync = m_resubscribing.isEmpty();
    updateConnected();
}

void RedisBus::subscriberLost()
{
    m_resubscribing.clear();
    m_subscriberInSync = false;
    updateConnected();
}

void RedisBus::updateConnected()
{
    const bool connected = m_publisher->isReady() && m_subscriber->isReady() && m_subscriberInSync;
    if (connected == m_connected)
        return;
    m_connected = connected;
    m_since = QDateTime::currentDateTimeUtc();
    if (connected) {
        qCInfo(lcClusterBus, "cluster bus on %s connected, %lld channels subscribed",
            qPrintable(m_url.toDisplayString()), static_cast<long long>(m_channels.size()));
    } else {
        qCWarning(lcClusterBus,
            "cluster bus on %s disconnected: messages from other nodes are missed until it is "
            "back; publishes are held (up to %lld)",
            qPrintable(m_url.toDisplayString()), static_cast<long long>(m_limits.heldMessages));
    }
    emit connectedChanged(connected);
}

ClusterBusHealth RedisBus::health() const
{
    ClusterBusHealth health;
    health.connected = m_connected;
    health.since = m_since;
    health.published = m_published;
    health.received = m_received;
    health.dropped = m_dropped;
    health.lostInFlight = m_lostInFlight;
    health.heldMessages = qsizetype(m_held.size());
    health.heldBytes = m_heldBytes;
    if (!m_connected) {
        health.lastError = !m_publisher->lastError().isEmpty() ? m_publisher->lastError()
                                                               : m_subscriber->lastError();
        if (health.lastError.isEmpty() && !m_resubscribing.isEmpty()) {
            health.lastError = QStringLiteral("Redis has not confirmed %1 subscriptions yet")
                                   .arg(m_resubscribing.size());
        }
    }
    return health;
}
