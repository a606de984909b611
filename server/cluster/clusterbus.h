#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QString>

/// @brief What a ClusterBus has done since it was made, and what it holds now: cheap to take,
/// for /healthz and the metrics.
struct ClusterBusHealth
{
    /// True while publishes go out and every subscription is confirmed (isConnected()).
    bool connected = false;
    /// When `connected` last changed (the bus's construction until the first change).
    QDateTime since;
    /// Publishes the broker acknowledged.
    quint64 published = 0;
    /// Messages handed out through ClusterBus::received().
    quint64 received = 0;
    /// Publishes refused because the bound on held publishes was reached.
    quint64 dropped = 0;
    /// Publishes written to a connection that was lost before the broker acknowledged them:
    /// they may or may not have reached the subscribers.
    quint64 lostInFlight = 0;
    /// Publishes waiting now (disconnected, or the connection backed up), and their bytes.
    qsizetype heldMessages = 0;
    qsizetype heldBytes = 0;
    /// Why the bus is not connected (the last connection failure), empty while it is.
    QString lastError;
};

/// @brief Cross-node delivery: a message published on one node's bus reaches every node whose
/// bus subscribes to its channel. An implementation is a client of a broker (RedisBus).
///
/// Delivery is at most once and fast, not durable: a node that is disconnected when a message
/// is published never gets it, and a publish whose connection breaks before the broker
/// acknowledges it may be lost (health().lostInFlight). Whatever must not be lost is stored
/// first; the bus only tells other nodes to look, and they catch up from storage after
/// connectedChanged(true). Messages one bus publishes arrive on another bus in the order they
/// were published (across channels, held publishes included), with gaps only where a
/// connection was lost.
///
/// Threading: a bus lives on the thread that made it (its owner thread), and every call and
/// every signal happen there. Signals are emitted directly from the bus's network handling, so a
/// slot may publish, subscribe or unsubscribe, but must not delete the bus (use deleteLater()).
///
/// Bounded memory: publishes that cannot go out at once — while disconnected, or while more than
/// Limits::inFlightBytes wait for the broker's acknowledgement — are held, in order, up to
/// Limits::heldMessages and Limits::heldBytes. A publish beyond either bound is refused
/// (PublishResult::Refused): it is counted in health().dropped and logged once per run of
/// refusals. Held publishes go out, oldest first, as soon as the connection allows.
class ClusterBus : public QObject
{
    Q_OBJECT

public:
    /// The bounds on what a bus keeps for publishes that could not go out yet.
    struct Limits
    {
        /// Held publishes at most (waiting to be written).
        qsizetype heldMessages = 10'000;
        /// Bytes (channel + payload) of held publishes at most.
        qsizetype heldBytes = 8 * 1024 * 1024;
        /// Bytes written but not yet acknowledged by the broker beyond which new publishes are
        /// held instead of written. One publish is always let through when none is in flight,
        /// however large.
        qsizetype inFlightBytes = 1024 * 1024;
    };

    /// What became of a publish.
    enum class PublishResult {
        Sent, ///< written to the broker's connection
        Held, ///< kept, in order, until the connection allows (see Limits)
        Refused, ///< the bound on held publishes is reached: not sent, counted as dropped
    };
    Q_ENUM(PublishResult)

    using QObject::QObject;

    /// Publishes @p payload (any bytes) on @p channel (any bytes; by convention short ASCII
    /// names such as `conv.<id>`).
    virtual PublishResult publish(const QByteArray &channel, const QByteArray &payload) = 0;

    /// Subscriptions are counted: each subscribe() needs its unsubscribe(), and the bus listens
    /// on a channel from the first subscribe() until the last matching unsubscribe(). A
    /// subscription made while disconnected takes effect on connecting; every subscription is
    /// renewed after a reconnection. subscribed() tells when the broker confirmed it.
    virtual void subscribe(const QByteArray &channel) = 0;
    /// Ends one subscribe(). After the last one, received() is no longer emitted for @p channel,
    /// even for messages already on their way. An unsubscribe() with no subscribe() is ignored.
    virtual void unsubscribe(const QByteArray &channel) = 0;
    /// True between the first subscribe() on @p channel and its last unsubscribe().
    virtual bool isSubscribed(const QByteArray &channel) const = 0;

    /// True while publishes go out at once and every subscription is confirmed by the broker:
    /// a message published elsewhere from now on reaches this bus's subscriptions.
    virtual bool isConnected() const = 0;
    virtual ClusterBusHealth health() const = 0;
    /// Waits, running this thread's events, until the broker has answered every publish made
    /// so far (or its connection was lost), at most @p timeoutMs; true if none is left. For a
    /// clean stop: what a node says as it leaves reaches the others before it closes the bus.
    virtual bool flush(int timeoutMs) = 0;

signals:
    /// A message on a channel this bus is subscribed to.
    void received(const QByteArray &channel, const QByteArray &payload);
    /// The broker confirmed the subscription to @p channel: messages published on it from now on
    /// arrive here. Emitted again after each reconnection.
    void subscribed(const QByteArray &channel);
    /// The bus became connected (isConnected()), or lost its connection. After a loss, messages
    /// published elsewhere until it is back are not received: catch up from storage.
    void connectedChanged(bool connected);
};
