#include "timerschedule.h"

#include <algorithm>

using namespace std::chrono;

void TimerSchedule::add(
    int timerId, qint64 intervalMs, Qt::TimerType type, QObject *object, Clock::time_point now)
{
    remove(timerId);
    auto timer = m_timers.insert(
        timerId, Timer { intervalMs, type, object, now + milliseconds(intervalMs), 0 });
    m_byObject[object].append(timerId);
    arm(timerId, *timer);
}

void TimerSchedule::arm(int timerId, Timer &timer)
{
    timer.arming = m_nextArming++;
    m_heap.push(Entry { timer.deadline, timerId, timer.arming });
    compactIfStale();
}

void TimerSchedule::compactIfStale()
{
    if (qsizetype(m_heap.size()) <= 2 * m_timers.size() + 1024)
        return;
    std::vector<Entry> live;
    live.reserve(size_t(m_timers.size()));
    for (auto it = m_timers.cbegin(); it != m_timers.cend(); ++it)
        live.push_back(Entry { it->deadline, it.key(), it->arming });
    m_heap = decltype(m_heap)(std::greater<>(), std::move(live));
}

bool TimerSchedule::remove(int timerId)
{
    const auto it = m_timers.constFind(timerId);
    if (it == m_timers.cend())
        return false;
    QObject *object = it->object;
    m_timers.erase(it);
    auto owner = m_byObject.find(object);
    if (owner != m_byObject.end()) {
        owner->removeOne(timerId);
        if (owner->isEmpty())
            m_byObject.erase(owner);
    }
    // Its heap entry goes stale: skipped by prune() (no timer with that arming remains).
    return true;
}

bool TimerSchedule::removeAll(QObject *object)
{
    const QList<int> ids = m_byObject.take(object);
    for (int id : ids)
        m_timers.remove(id);
    return !ids.isEmpty();
}

QList<QAbstractEventDispatcher::TimerInfo> TimerSchedule::timersOf(QObject *object) const
{
    QList<QAbstractEventDispatcher::TimerInfo> result;
    for (int id : m_byObject.value(object)) {
        const Timer &timer = m_timers[id];
        result.append({ id, int(timer.intervalMs), timer.type });
    }
    return result;
}

int TimerSchedule::remainingMs(int timerId, Clock::time_point now) const
{
    const auto it = m_timers.constFind(timerId);
    if (it == m_timers.cend())
        return -1;
    return int(std::max<qint64>(0, ceil<milliseconds>(it->deadline - now).count()));
}

void TimerSchedule::prune()
{
    while (!m_heap.empty()) {
        const Entry &top = m_heap.top();
        const auto it = m_timers.constFind(top.timerId);
        if (it != m_timers.cend() && it->arming == top.arming)
            return;
        m_heap.pop();
    }
}

int TimerSchedule::msUntilNext(Clock::time_point now)
{
    prune();
    if (m_heap.empty())
        return -1;
    const qint64 ms = ceil<milliseconds>(m_heap.top().deadline - now).count();
    return int(std::clamp<qint64>(ms, 0, std::numeric_limits<int>::max()));
}

std::vector<TimerSchedule::Due> TimerSchedule::takeDue(Clock::time_point now)
{
    // Taken first, re-armed after: a zero-interval timer is due again at once and must not
    // be taken twice in one pass.
    std::vector<int> dueIds;
    for (prune(); !m_heap.empty() && m_heap.top().deadline <= now; prune()) {
        dueIds.push_back(m_heap.top().timerId);
        m_heap.pop();
    }
    std::vector<Due> due;
    due.reserve(dueIds.size());
    for (int id : dueIds) {
        Timer &timer = m_timers[id];
        // The next deadline keeps the timer's rhythm, unless it fell behind by a whole
        // interval: then it counts from now (a late timer fires once, not in a burst).
        timer.deadline += milliseconds(timer.intervalMs);
        if (timer.deadline < now)
            timer.deadline = now + milliseconds(timer.intervalMs);
        arm(id, timer);
        due.push_back(Due { id, timer.object, timer.arming });
    }
    return due;
}

bool TimerSchedule::stillArmed(const Due &due) const
{
    const auto it = m_timers.constFind(due.timerId);
    return it != m_timers.cend() && it->arming == due.arming;
}
