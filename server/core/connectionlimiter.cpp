#include "connectionlimiter.h"

#include "clock.h"

ConnectionLimiter::ConnectionLimiter(const MessageLimits &limits, bool agent, const Clock &clock)
    : m_limits(limits)
    , m_frameLimit(agent ? limits.agentFrames : limits.visitorFrames)
    , m_clock(clock)
{ }

ConnectionLimiter::Decision ConnectionLimiter::frame(bool ping)
{
    const qint64 now = m_clock.nowMs();
    if (!m_frames.take(m_frameLimit, now))
        return refuse(m_frames.retryAfterMs(m_frameLimit, now));
    if (ping && !m_pings.take(m_limits.pings, now))
        return refuse(m_pings.retryAfterMs(m_limits.pings, now));
    return {};
}

ConnectionLimiter::Decision ConnectionLimiter::refuse(qint64 retryAfterMs)
{
    const RateLimit strikes { m_limits.floodCloseAfter, strikeWindowMs };
    if (!strikes.unlimited() && !m_strikes.take(strikes, m_clock.nowMs()))
        return { Verdict::Close, retryAfterMs };
    return { Verdict::Refuse, std::max<qint64>(1, retryAfterMs) };
}
