#pragma once

#include <functional>

/// @brief Delays between reconnect attempts: doubling from a first delay up to a cap, each with
/// random jitter, so a restarted server is not hit by every agent in the same instant.
class ReconnectBackoff
{
public:
    ReconnectBackoff(int firstDelayMs = 1000, int maxDelayMs = 30'000);

    void setLimits(int firstDelayMs, int maxDelayMs);
    /// The delay before the next attempt; each call counts one attempt.
    int nextDelayMs();
    /// After a successful connection: the next failure starts from the first delay again.
    void reset() { m_attempts = 0; }
    int attempts() const { return m_attempts; }
    /// Replaces the random source (uniform in [0, 1)); tests use it to make delays exact.
    void setRandomSource(std::function<double()> unitRandom) { m_random = std::move(unitRandom); }

private:
    int m_firstDelayMs;
    int m_maxDelayMs;
    int m_attempts = 0;
    std::function<double()> m_random;
};
