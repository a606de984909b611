#include "ratelimit.h"

#include <algorithm>
#include <cmath>

void TokenBucket::refill(const RateLimit &limit, qint64 nowMs)
{
    if (m_tokens < 0) {
        m_tokens = limit.count;
        m_lastMs = nowMs;
        return;
    }
    // A clock that steps back refills nothing (and never takes tokens away).
    const qint64 elapsed = std::max<qint64>(0, nowMs - m_lastMs);
    m_tokens
        = std::min<double>(limit.count, m_tokens + double(elapsed) * limit.count / limit.perMs);
    m_lastMs = std::max(m_lastMs, nowMs);
}

bool TokenBucket::take(const RateLimit &limit, qint64 nowMs)
{
    if (limit.unlimited())
        return true;
    refill(limit, nowMs);
    if (m_tokens < 1)
        return false;
    m_tokens -= 1;
    return true;
}

qint64 TokenBucket::retryAfterMs(const RateLimit &limit, qint64 nowMs)
{
    if (limit.unlimited())
        return 0;
    refill(limit, nowMs);
    if (m_tokens >= 1)
        return 0;
    return qint64(std::ceil((1 - m_tokens) * double(limit.perMs) / limit.count));
}

bool TokenBucket::isFull(const RateLimit &limit, qint64 nowMs)
{
    if (limit.unlimited())
        return true;
    refill(limit, nowMs);
    return m_tokens >= limit.count;
}
