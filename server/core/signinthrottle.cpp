#include "signinthrottle.h"

#include "clock.h"

#include <algorithm>

namespace {
constexpr int sweepEvery = 256; // admissions between sweeps of keys gone quiet
}

SignInThrottle::SignInThrottle(const Clock &clock, Options options)
    : m_clock(clock)
    , m_options(options)
{ }

qint64 SignInThrottle::waitFor(
    QHash<QString, Record> &records, const QString &key, int freeFailures)
{
    if (freeFailures <= 0)
        return 0;
    const auto it = records.find(key);
    if (it == records.end())
        return 0;
    const qint64 now = m_clock.nowMs();
    if (it->running == 0 && now >= it->blockedUntilMs
        && now - it->lastFailureMs >= m_options.forgetAfterMs) {
        records.erase(it);
        return 0;
    }
    if (now < it->blockedUntilMs)
        return it->blockedUntilMs - now;
    // Checks still running could be the failures that start the back-off: wait for them.
    if (it->running > 0 && it->failures + it->running >= freeFailures)
        return m_options.firstDelayMs;
    return 0;
}

qint64 SignInThrottle::admitLogin(const QString &account, const QString &address)
{
    if (++m_sinceSweep >= sweepEvery)
        forgetQuietKeys();
    qint64 wait = std::max(waitFor(m_accounts, account, m_options.accountFreeFailures),
        waitFor(m_addresses, address, m_options.addressFreeFailures));
    // Addresses not limited (behind a proxy all clients share one) means their checks neither.
    const int checksAtOnce = m_options.addressFreeFailures > 0 ? m_options.addressChecksAtOnce : 0;
    if (checksAtOnce > 0 && m_addresses.value(address).running >= checksAtOnce)
        wait = std::max(wait, m_options.firstDelayMs);
    if (wait > 0)
        return wait;
    if (m_options.accountFreeFailures > 0)
        ++m_accounts[account].running;
    if (m_options.addressFreeFailures > 0)
        ++m_addresses[address].running;
    return 0;
}

void SignInThrottle::loginFinished(const QString &account, const QString &address, bool succeeded)
{
    if (m_options.accountFreeFailures > 0) {
        if (succeeded)
            m_accounts.remove(account);
        else {
            finish(m_accounts, account);
            fail(m_accounts, account, m_options.accountFreeFailures);
        }
    }
    if (m_options.addressFreeFailures > 0) {
        finish(m_addresses, address);
        if (!succeeded)
            fail(m_addresses, address, m_options.addressFreeFailures);
        const auto it = m_addresses.find(address);
        if (it != m_addresses.end() && it->failures == 0 && it->running == 0)
            m_addresses.erase(it);
    }
}

qint64 SignInThrottle::admitResume(const QString &address)
{
    if (++m_sinceSweep >= sweepEvery)
        forgetQuietKeys();
    return waitFor(m_resumeAddresses, address, m_options.addressFreeFailures);
}

void SignInThrottle::resumeFinished(const QString &address, bool succeeded)
{
    if (!succeeded && m_options.addressFreeFailures > 0)
        fail(m_resumeAddresses, address, m_options.addressFreeFailures);
}

void SignInThrottle::finish(QHash<QString, Record> &records, const QString &key)
{
    const auto it = records.find(key);
    if (it != records.end() && it->running > 0)
        --it->running;
}

void SignInThrottle::fail(QHash<QString, Record> &records, const QString &key, int freeFailures)
{
    Record &record = records[key];
    const qint64 now = m_clock.nowMs();
    if (record.running == 0 && now - record.lastFailureMs >= m_options.forgetAfterMs
        && now >= record.blockedUntilMs)
        record.failures = 0; // quiet long enough: this failure starts afresh
    ++record.failures;
    record.lastFailureMs = now;
    if (record.failures < freeFailures)
        return;
    // Doubling from the first delay; the shift is bounded before the cap applies.
    const int doublings = std::min(record.failures - freeFailures, 30);
    const qint64 delay = std::min(m_options.firstDelayMs << doublings, m_options.maxDelayMs);
    record.blockedUntilMs = now + delay;
}

void SignInThrottle::forgetQuietKeys()
{
    m_sinceSweep = 0;
    const qint64 now = m_clock.nowMs();
    const auto quiet = [this, now](const Record &r) {
        return r.running == 0 && now >= r.blockedUntilMs
            && now - r.lastFailureMs >= m_options.forgetAfterMs;
    };
    m_accounts.removeIf([&](const auto &entry) { return quiet(entry.value()); });
    m_addresses.removeIf([&](const auto &entry) { return quiet(entry.value()); });
    m_resumeAddresses.removeIf([&](const auto &entry) { return quiet(entry.value()); });
}
