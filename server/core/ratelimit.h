#pragma once

#include <QtGlobal>

/// @brief "At most @c count per @c perMs": a token bucket holding @c count tokens that refills
/// evenly, @c count tokens per @c perMs. A burst of @c count passes at once, then one request
/// per perMs / count. A @c count of 0 means no limit.
struct RateLimit
{
    int count = 0;
    qint64 perMs = 1000;

    bool unlimited() const { return count <= 0 || perMs <= 0; }
    bool operator==(const RateLimit &) const = default;
};

/// @brief One token bucket. It holds no clock: each call says what time it is, so tests can
/// script a timeline (a Clock's nowMs()).
class TokenBucket
{
public:
    /// Takes one token if there is one; otherwise takes nothing and returns false.
    bool take(const RateLimit &limit, qint64 nowMs);
    /// How long until the next token (0 if one is there now).
    qint64 retryAfterMs(const RateLimit &limit, qint64 nowMs);
    /// True when the bucket has refilled completely: it holds nothing worth remembering.
    bool isFull(const RateLimit &limit, qint64 nowMs);

private:
    void refill(const RateLimit &limit, qint64 nowMs);

    double m_tokens = -1; // -1: never used, full
    qint64 m_lastMs = 0;
};
