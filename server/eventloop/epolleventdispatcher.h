#pragma once

#include "timerschedule.h"

#include <QAbstractEventDispatcher>
#include <QAtomicInteger>
#include <QHash>
#include <QSet>

/// @brief An event dispatcher for Linux that waits with epoll, so a wake-up costs what is
/// ready, not what is open.
///
/// Qt 6.4's dispatchers (glib's and Qt's own) hand the kernel the whole set of watched sockets
/// with poll() at every wake-up: with thousands of idle connections each message pays for all
/// of them (5,000 idle sockets halved a server's throughput here). This one keeps the set in
/// the kernel (epoll_ctl when a QSocketNotifier is enabled or disabled) and keeps timers in a
/// deadline heap (TimerSchedule). Posted events are sent at the start of every pass; wakeUp()
/// from any thread writes an eventfd. Socket activation is level-triggered, like Qt's own.
///
/// Install it before the QCoreApplication is made: `QCoreApplication::setEventDispatcher(new
/// EpollEventDispatcher)`; or per thread with QThread::setEventDispatcher before it starts.
class EpollEventDispatcher final : public QAbstractEventDispatcher
{
    Q_OBJECT

public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    /// False when the kernel refused the epoll or eventfd descriptor (then do not install it).
    bool isValid() const { return m_epoll >= 0 && m_wakeFd >= 0; }

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

    void registerTimer(
        int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

private:
    /// The notifiers of one descriptor and the arming the kernel knows it by: events read from
    /// epoll for an earlier arming (a closed descriptor whose number was reused) are ignored.
    struct Watch
    {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
        QSocketNotifier *exception = nullptr;
        quint32 arming = 0;
        quint32 events = 0;
    };
    static quint32 eventsOf(const Watch &watch);
    void updateKernel(int fd, Watch &watch, bool wasWatched);
    /// Sends QEvent::SockAct to the notifier of @p type on @p fd, if the descriptor is still
    /// watched under @p arming.
    bool activate(int fd, quint32 arming, int type);
    /// Activates the notifiers of @p count ready descriptors (a local copy: a handler may run
    /// a nested event loop that waits again).
    bool activateSockets(const struct epoll_event *ready, int count);
    bool fireTimers();
    void drainWakeUps();

    int m_epoll = -1;
    int m_wakeFd = -1;
    QHash<int, Watch> m_watches;
    quint32 m_nextArming = 1;
    TimerSchedule m_timers;
    QSet<int> m_firing; // timers whose handler is running (a nested loop must not refire them)
    QAtomicInteger<int> m_interrupted = 0;
};
