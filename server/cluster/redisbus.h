#pragma once

#include "clusterbus.h"
#include "redisurl.h"

#include <QHash>
#include <QSet>
#include <deque>

class QEventLoop;
class RedisLink;
struct redisAsyncContext;

/// @brief The ClusterBus on Redis pub/sub (hiredis, asynchronous, on the owner thread's event
/// loop).
///
/// Two connections (RedisLink), because Redis lets a subscribed connection do nothing but
/// subscribe: one PUBLISHes, the other SUBSCRIBEs. Each reconnects by itself with backoff; after
/// the subscribing one is back, every channel held is subscribed again, and the bus reports
/// connectedChanged(true) only once Redis has confirmed all of them and the publishing one is
/// up, so a message published anywhere after that signal is received. Channels and payloads are
/// sent binary-safe.
///
/// Publishes are written at once while the publishing connection is up, nothing is held before
/// them and fewer than Limits::inFlightBytes await Redis's answer; otherwise they are held, in
/// order, within Limits::heldMessages / Limits::heldBytes, and refused beyond (ClusterBus). What
/// is in flight when the publishing connection breaks is counted in health().lostInFlight and
/// not sent again (at most once). Messages that arrive for a channel after its last
/// unsubscribe() are dropped here, not emitted.
///
/// Redis itself bounds what waits for a slow subscriber (client-output-buffer-limit pubsub,
/// 32 MB by default) by closing its connection: the bus then reports the loss and reconnects.
class RedisBus final : public ClusterBus
{
    Q_OBJECT

public:
    /// Starts connecting at once (without blocking, except hiredis resolving a host name).
    explicit RedisBus(const RedisUrl &url, Limits limits = {}, QObject *parent = nullptr);
    ~RedisBus() override;

    PublishResult publish(const QByteArray &channel, const QByteArray &payload) override;
    void subscribe(const QByteArray &channel) override;
    void unsubscribe(const QByteArray &channel) override;
    bool isSubscribed(const QByteArray &channel) const override;
    bool isConnected() const override { return m_connected; }
    ClusterBusHealth health() const override;
    bool flush(int timeoutMs) override;

private:
    struct Held
    {
        QByteArray channel;
        QByteArray payload;
    };

    void send(const QByteArray &channel, const QByteArray &payload);
    void sendHeld();
    bool canSendNow(qsizetype bytes) const;
    void sendSubscribe(const QByteArray &channel);
    void publisherReady();
    void publisherLost();
    void subscriberReady();
    void subscriberLost();
    void updateConnected();
    void noteRefusal(qsizetype bytes);
    /// Nothing waits for the broker: no publish in flight, none held.
    bool allAnswered() const { return m_inFlight.empty() && m_held.empty(); }
    /// Ends flush()'s wait once allAnswered().
    void noteAnswered();

    void publishAnswered(void *reply);
    void subscriptionEvent(void *reply);

    static void onPublishReply(redisAsyncContext *context, void *reply, void *);
    static void onSubscriptionReply(redisAsyncContext *context, void *reply, void *);

    const RedisUrl m_url;
    const Limits m_limits;
    RedisLink *m_publisher;
    RedisLink *m_subscriber;

    // Publishing: sizes of the publishes awaiting Redis's answer, oldest first (Redis answers in
    // order), and the publishes held back.
    std::deque<qsizetype> m_inFlight;
    qsizetype m_inFlightBytes = 0;
    std::deque<Held> m_held;
    qsizetype m_heldBytes = 0;
    quint64 m_refusedInRun = 0;

    // Subscribing: how many subscribe() calls each channel has, and the channels subscribed
    // again after the subscribing connection came back that Redis has not confirmed yet.
    QHash<QByteArray, int> m_channels;
    QSet<QByteArray> m_resubscribing;
    bool m_subscriberInSync = false;

    bool m_connected = false;
    QEventLoop *m_flushing = nullptr; // flush()'s, while it waits
    QDateTime m_since;
    quint64 m_published = 0;
    quint64 m_received = 0;
    quint64 m_dropped = 0;
    quint64 m_lostInFlight = 0;
};
