#pragma once

#include "messagelimits.h"

class Clock;

/// @brief The frame budget of one WebSocket connection: frames per second, pings per second,
/// and when a flood has gone on long enough to close the connection. No sockets in here.
class ConnectionLimiter
{
public:
    /// A connection refused more than MessageLimits::floodCloseAfter times within this long
    /// (the budget refilling evenly) is flooding.
    static constexpr qint64 strikeWindowMs = 10'000;

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

    /// One frame arrived (@p ping: a ping).
    Decision frame(bool ping);
    /// A frame this limiter accepted was refused by another limit (the sender's own budget):
    /// it counts towards the flood as well.
    Decision refuse(qint64 retryAfterMs);

private:
    const MessageLimits &m_limits;
    const RateLimit &m_frameLimit;
    const Clock &m_clock;
    TokenBucket m_frames;
    TokenBucket m_pings;
    TokenBucket m_strikes; // refusals: floodCloseAfter of them per strikeWindowMs
};
