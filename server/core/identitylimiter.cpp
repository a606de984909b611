#include "identitylimiter.h"

#include "clock.h"

IdentityLimiter::IdentityLimiter(const MessageLimits &limits, const Clock &clock)
    : m_limits(limits)
    , m_clock(clock)
{ }

const RateLimit &IdentityLimiter::limitOf(bool agent, Kind kind) const
{
    switch (kind) {
    case Kind::Message:
        return agent ? m_limits.agentMessages : m_limits.visitorMessages;
    case Kind::OfflineMessage:
        return m_limits.offlineMessages;
    case Kind::ConversationStart:
        return m_limits.conversationStarts;
    }
    return m_limits.visitorMessages;
}

qint64 IdentityLimiter::take(const QString &identity, bool agent, Kind kind)
{
    const RateLimit &limit = limitOf(agent, kind);
    if (limit.unlimited())
        return 0;
    const qint64 now = m_clock.nowMs();
    auto it = m_identities.find(identity);
    if (it == m_identities.end()) {
        if (m_identities.size() >= m_limits.trackedIdentities)
            makeRoom(now);
        it = m_identities.insert(identity, Budget { {}, agent, now });
    }
    it->lastMs = now;
    TokenBucket &bucket = it->buckets[std::size_t(kind)];
    if (bucket.take(limit, now))
        return 0;
    return std::max<qint64>(1, bucket.retryAfterMs(limit, now));
}

bool IdentityLimiter::isFull(Budget &budget, qint64 nowMs) const
{
    for (std::size_t k = 0; k < budget.buckets.size(); ++k)
        if (!budget.buckets[k].isFull(limitOf(budget.agent, Kind(k)), nowMs))
            return false;
    return true;
}

void IdentityLimiter::makeRoom(qint64 nowMs)
{
    // Forgetting a refilled budget loses nothing; one sweep frees room for many inserts.
    m_identities.removeIf([this, nowMs](auto it) { return isFull(it.value(), nowMs); });
    if (m_identities.size() < m_limits.trackedIdentities)
        return;
    // Still full (a flood of fresh identities): forget the least recently active tenth. An
    // identity forgotten early gets a fresh budget, which the per-address limits bound.
    QList<qint64> times;
    times.reserve(m_identities.size());
    for (const Budget &b : std::as_const(m_identities))
        times.append(b.lastMs);
    const qsizetype cut = std::max<qsizetype>(1, times.size() / 10);
    std::nth_element(times.begin(), times.begin() + cut - 1, times.end());
    const qint64 oldest = times.at(cut - 1);
    m_identities.removeIf([oldest](auto it) { return it.value().lastMs <= oldest; });
}
