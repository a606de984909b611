#include "reconnectbackoff.h"

#include <QRandomGenerator>
#include <algorithm>

ReconnectBackoff::ReconnectBackoff(int firstDelayMs, int maxDelayMs)
    : m_random([] { return QRandomGenerator::global()->generateDouble(); })
{
    setLimits(firstDelayMs, maxDelayMs);
}

void ReconnectBackoff::setLimits(int firstDelayMs, int maxDelayMs)
{
    m_firstDelayMs = std::max(1, firstDelayMs);
    m_maxDelayMs = std::max(m_firstDelayMs, maxDelayMs);
}

int ReconnectBackoff::nextDelayMs()
{
    // Exponential growth, capped; "equal jitter": half fixed, half random, so delays still grow
    // but agents that lost the same server spread out.
    const int exponent = std::min(m_attempts, 20);
    const qint64 ceiling = std::min<qint64>(qint64(m_firstDelayMs) << exponent, m_maxDelayMs);
    ++m_attempts;
    const double jitter = std::clamp(m_random(), 0.0, 1.0);
    return int(ceiling / 2 + qint64(jitter * double(ceiling - ceiling / 2)));
}
