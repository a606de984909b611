#pragma once

#include <QHash>
#include <QString>

class Clock;
class QHostAddress;

/// @brief Per client address: how many sockets are open and how fast new ones arrive, so one
/// address cannot take all the server's sockets or flood it with connections.
///
/// Sockets open are counted up to a maximum; new connections draw on a token bucket (a rate per
/// second with a burst). Each limit is off at 0. The listener asks before it reads anything from
/// a new socket, and returns the socket's place with an AddressLimits::Lease when it closes.
///
/// An address is an IPv4 address or an IPv6 /64 (one subscriber's usual allocation), so a
/// client cannot dodge the limits by rotating addresses inside its own prefix. Behind a reverse
/// proxy every client has the proxy's address: see docs/operations.md.
class AddressLimits
{
public:
    struct Options
    {
        int maxSockets = 256; ///< open at once per address; 0: no limit
        int connectionsPerSecond = 20; ///< new connections per address, sustained; 0: no limit
        int connectionBurst = 100; ///< ...and at once after a quiet time
    };
    enum class Verdict { Accepted, TooManySockets, TooFast };

    AddressLimits(const Clock &clock, Options options);

    /// The key limits are counted under: the IPv4 address (also when mapped into IPv6), or an
    /// IPv6 address's /64 prefix.
    static QString keyOf(const QHostAddress &address);

    /// Whether a new connection from @p key may go on; an accepted one counts as open until
    /// closed() is called for it.
    Verdict admit(const QString &key);
    void closed(const QString &key);
    /// Milliseconds until a connection from @p key would pass the rate limit (0: now).
    qint64 retryAfterMs(const QString &key) const;

    int openSockets(const QString &key) const { return m_addresses.value(key).open; }
    qsizetype remembered() const { return m_addresses.size(); }
    const Options &options() const { return m_options; }

private:
    struct Address
    {
        int open = 0;
        double tokens = 0;
        qint64 refilledAtMs = 0;
    };
    void refill(Address &address, qint64 now) const;
    void forgetIdle();

    const Clock &m_clock;
    Options m_options;
    QHash<QString, Address> m_addresses;
    int m_sinceSweep = 0;
};
