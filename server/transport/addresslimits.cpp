#include "addresslimits.h"

#include <core/clock.h>

#include <QHostAddress>

#include <algorithm>
#include <cmath>

namespace {
constexpr int sweepEvery = 1024; // admissions between sweeps of idle addresses
constexpr int ipv6PrefixLength = 64;
} // namespace

AddressLimits::AddressLimits(const Clock &clock, Options options)
    : m_clock(clock)
    , m_options(options)
{ }

QString AddressLimits::keyOf(const QHostAddress &address)
{
    bool isIpv4 = false;
    const quint32 ipv4 = address.toIPv4Address(&isIpv4);
    if (isIpv4)
        return QHostAddress(ipv4).toString();
    if (address.protocol() != QAbstractSocket::IPv6Protocol)
        return address.toString();
    Q_IPV6ADDR bytes = address.toIPv6Address();
    std::fill(bytes.c + ipv6PrefixLength / 8, bytes.c + 16, quint8(0));
    return QHostAddress(bytes).toString() + QStringLiteral("/64");
}

void AddressLimits::refill(Address &address, qint64 now) const
{
    const double burst = std::max(m_options.connectionBurst, 1);
    const double earned
        = double(now - address.refilledAtMs) * m_options.connectionsPerSecond / 1000.0;
    address.tokens = std::min(burst, address.tokens + std::max(earned, 0.0));
    address.refilledAtMs = now;
}

AddressLimits::Verdict AddressLimits::admit(const QString &key)
{
    if (++m_sinceSweep >= sweepEvery)
        forgetIdle();
    const qint64 now = m_clock.nowMs();
    auto it = m_addresses.find(key);
    if (it == m_addresses.end())
        it = m_addresses.insert(
            key, Address { 0, double(std::max(m_options.connectionBurst, 1)), now });
    Address &address = *it;
    if (m_options.maxSockets > 0 && address.open >= m_options.maxSockets)
        return Verdict::TooManySockets;
    if (m_options.connectionsPerSecond > 0) {
        refill(address, now);
        if (address.tokens < 1)
            return Verdict::TooFast;
        address.tokens -= 1;
    }
    ++address.open;
    return Verdict::Accepted;
}

void AddressLimits::closed(const QString &key)
{
    const auto it = m_addresses.find(key);
    if (it != m_addresses.end() && it->open > 0)
        --it->open;
}

qint64 AddressLimits::retryAfterMs(const QString &key) const
{
    if (m_options.connectionsPerSecond <= 0)
        return 0;
    Address address = m_addresses.value(key);
    if (!m_addresses.contains(key))
        return 0;
    refill(address, m_clock.nowMs());
    if (address.tokens >= 1)
        return 0;
    return qint64(std::ceil((1 - address.tokens) * 1000 / m_options.connectionsPerSecond));
}

void AddressLimits::forgetIdle()
{
    m_sinceSweep = 0;
    const qint64 now = m_clock.nowMs();
    // An address with nothing open and a full bucket is as good as a new one.
    m_addresses.removeIf([this, now](auto entry) {
        Address address = entry.value();
        if (address.open > 0)
            return false;
        if (m_options.connectionsPerSecond <= 0)
            return true;
        refill(address, now);
        return address.tokens >= std::max(m_options.connectionBurst, 1);
    });
}
