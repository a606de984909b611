#pragma once

#include <QDateTime>

/// @brief The time source of the routing logic, injectable so tests can script a timeline.
class Clock
{
public:
    virtual ~Clock() = default;
    /// Milliseconds since the Unix epoch (UTC).
    virtual qint64 nowMs() const = 0;
};

class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
};

/// @brief A clock that moves only when told to.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(qint64 start = 1'700'000'000'000)
        : m_now(start)
    { }
    qint64 nowMs() const override { return m_now; }
    void advance(qint64 ms) { m_now += ms; }
    void set(qint64 ms) { m_now = ms; }

private:
    qint64 m_now;
};
