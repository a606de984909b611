#pragma once

#include <QAbstractEventDispatcher>
#include <QHash>
#include <QList>
#include <chrono>
#include <queue>
#include <vector>

/// @brief The timers of one thread's event loop, ordered by deadline.
///
/// Finding the next deadline and the due timers costs O(log n) per timer fired, however many
/// timers wait: every idle connection has one (its idle deadline), so a scan per wake-up would
/// grow with the connections, the cost the epoll dispatcher is there to avoid. Removing a timer
/// only forgets it; its stale heap entry is skipped when it reaches the top (each entry carries
/// the arming it belongs to).
class TimerSchedule
{
public:
    using Clock = std::chrono::steady_clock;

    void add(
        int timerId, qint64 intervalMs, Qt::TimerType type, QObject *object, Clock::time_point now);
    bool remove(int timerId);
    /// Every timer of @p object; false when it had none.
    bool removeAll(QObject *object);
    QList<QAbstractEventDispatcher::TimerInfo> timersOf(QObject *object) const;
    /// Milliseconds until @p timerId is due (0 when overdue), -1 for an unknown timer.
    int remainingMs(int timerId, Clock::time_point now) const;

    /// Milliseconds until the next timer is due, rounded up (0: one is due); -1: no timers.
    int msUntilNext(Clock::time_point now);

    struct Due
    {
        int timerId;
        QObject *object;
        quint64 arming;
    };
    /// The timers due at @p now, each re-armed for its next interval (so a handler may kill or
    /// restart it). A timer is in the list once even if it is late by several intervals.
    std::vector<Due> takeDue(Clock::time_point now);
    /// Whether @p due is still the arming it was taken as (not killed or restarted since).
    bool stillArmed(const Due &due) const;

    /// Entries in the deadline heap, stale ones included (bounded by compaction).
    qsizetype heapEntries() const { return qsizetype(m_heap.size()); }

private:
    struct Timer
    {
        qint64 intervalMs;
        Qt::TimerType type;
        QObject *object;
        Clock::time_point deadline;
        quint64 arming;
    };
    struct Entry
    {
        Clock::time_point deadline;
        int timerId;
        quint64 arming;
        bool operator>(const Entry &other) const { return deadline > other.deadline; }
    };
    void arm(int timerId, Timer &timer);
    /// Drops stale entries from the top of the heap.
    void prune();
    /// Rebuilds the heap from the live timers once stale entries outnumber them: a timer
    /// restarted on every request (an HTTP idle deadline) would otherwise leave one entry per
    /// restart until its old deadline passes.
    void compactIfStale();

    QHash<int, Timer> m_timers;
    QHash<QObject *, QList<int>> m_byObject;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> m_heap;
    quint64 m_nextArming = 1;
};
