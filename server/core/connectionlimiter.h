#pragma once

#include "messagelimits.h"

class Clock;

/// @brief The frame budget of one WebSocket connection: frames per second, pings per second,
/// and when a flood has gone on long enough to close the connection. No sockets in here.
class ConnectionLimiter
{
public:
    enum class Verdict {
        Accept,
        Refuse, // answer rate_limited with retryAfterMs
        Close, // flooding: close the connection with 1008
    };
    struct Decision
    {
        Verdict verdict = Verdict::Accept;
        qint64 retryAfterMs = 0;
    };

    ConnectionLimiter(const MessageLimits &limits, bool agent, const Clock &clock);

    /// One frame arrived (@p ping: a ping). Accepted frames reset the flood count.
    Decision frame(bool ping);

private:
    Decision refuse(qint64 retryAfterMs);

    const MessageLimits &m_limits;
    const RateLimit &m_frameLimit;
    const Clock &m_clock;
    TokenBucket m_frames;
    TokenBucket m_pings;
    int m_refusedInARow = 0;
};
