#include "epolleventdispatcher.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <array>
#include <cerrno>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcEventLoop, "chat.eventloop")

namespace {
constexpr int maxReadyPerWait = 256;
// The eventfd's epoll data: no socket descriptor's arming is ever 0.
constexpr quint64 wakeUpTag = 0;

quint64 tag(int fd, quint32 arming)
{
    return (quint64(arming) << 32) | quint32(fd);
}
} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent)
    , m_epoll(epoll_create1(EPOLL_CLOEXEC))
    , m_wakeFd(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
    if (m_epoll < 0 || m_wakeFd < 0) {
        qCWarning(lcEventLoop) << "epoll or eventfd unavailable:" << qt_error_string(errno);
        return;
    }
    epoll_event event {};
    event.events = EPOLLIN;
    event.data.u64 = wakeUpTag;
    if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &event) != 0) {
        qCWarning(lcEventLoop) << "cannot watch the wake-up descriptor:" << qt_error_string(errno);
        ::close(m_wakeFd);
        m_wakeFd = -1;
    }
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

// ---- sockets ----------------------------------------------------------------------------------

quint32 EpollEventDispatcher::eventsOf(const Watch &watch)
{
    quint32 events = 0;
    if (watch.read)
        events |= EPOLLIN;
    if (watch.write)
        events |= EPOLLOUT;
    if (watch.exception)
        events |= EPOLLPRI;
    return events;
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    auto it = m_watches.find(fd);
    const bool wasWatched = it != m_watches.end();
    if (!wasWatched) {
        Watch fresh;
        fresh.arming = m_nextArming++;
        it = m_watches.insert(fd, fresh);
    }
    switch (notifier->type()) {
    case QSocketNotifier::Read:
        it->read = notifier;
        break;
    case QSocketNotifier::Write:
        it->write = notifier;
        break;
    case QSocketNotifier::Exception:
        it->exception = notifier;
        break;
    }
    updateKernel(fd, *it, wasWatched);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    auto it = m_watches.find(fd);
    if (it == m_watches.end())
        return;
    if (it->read == notifier)
        it->read = nullptr;
    if (it->write == notifier)
        it->write = nullptr;
    if (it->exception == notifier)
        it->exception = nullptr;
    if (eventsOf(*it) != 0) {
        updateKernel(fd, *it, true);
        return;
    }
    // A closed descriptor has already left the epoll set: EBADF/ENOENT are expected then.
    epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
    m_watches.erase(it);
}

void EpollEventDispatcher::updateKernel(int fd, Watch &watch, bool wasWatched)
{
    const quint32 events = eventsOf(watch);
    if (wasWatched && events == watch.events)
        return;
    epoll_event event {};
    event.events = events;
    event.data.u64 = tag(fd, watch.arming);
    if (epoll_ctl(m_epoll, wasWatched ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event) != 0) {
        // The descriptor was closed and its number reused before its notifiers were disabled:
        // the kernel dropped the old registration, so add it afresh.
        if (errno == ENOENT && epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event) == 0) {
            watch.events = events;
            return;
        }
        if (errno == EEXIST && epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event) == 0) {
            watch.events = events;
            return;
        }
        qCWarning(lcEventLoop) << "cannot watch descriptor" << fd << qt_error_string(errno);
        return;
    }
    watch.events = events;
}

bool EpollEventDispatcher::activate(int fd, quint32 arming, int type)
{
    const auto it = m_watches.constFind(fd);
    if (it == m_watches.cend() || it->arming != arming)
        return false;
    QSocketNotifier *notifier = type == QSocketNotifier::Read ? it->read
        : type == QSocketNotifier::Write                      ? it->write
                                                              : it->exception;
    if (!notifier)
        return false;
    QEvent event(QEvent::SockAct);
    QCoreApplication::sendEvent(notifier, &event);
    return true;
}

bool EpollEventDispatcher::activateSockets(const epoll_event *ready, int count)
{
    bool any = false;
    for (int i = 0; i < count; ++i) {
        const quint64 data = ready[i].data.u64;
        if (data == wakeUpTag) {
            drainWakeUps();
            continue;
        }
        const int fd = int(quint32(data));
        const quint32 arming = quint32(data >> 32);
        const quint32 events = ready[i].events;
        // Errors and hang-ups wake readers and writers alike, as Qt's dispatchers do: the
        // socket learns of them by reading or writing.
        const bool failed = events & (EPOLLERR | EPOLLHUP);
        if (events & (EPOLLIN | EPOLLRDHUP) || failed)
            any |= activate(fd, arming, QSocketNotifier::Read);
        if (events & EPOLLOUT || failed)
            any |= activate(fd, arming, QSocketNotifier::Write);
        if (events & EPOLLPRI)
            any |= activate(fd, arming, QSocketNotifier::Exception);
    }
    return any;
}

// ---- timers -----------------------------------------------------------------------------------

void EpollEventDispatcher::registerTimer(
    int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    m_timers.add(timerId, interval, timerType, object, TimerSchedule::Clock::now());
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    return m_timers.remove(timerId);
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    return m_timers.removeAll(object);
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(
    QObject *object) const
{
    return m_timers.timersOf(object);
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    return m_timers.remainingMs(timerId, TimerSchedule::Clock::now());
}

bool EpollEventDispatcher::fireTimers()
{
    bool any = false;
    for (const TimerSchedule::Due &due : m_timers.takeDue(TimerSchedule::Clock::now())) {
        // Killed or restarted by an earlier handler of this pass, or still running below us.
        if (!m_timers.stillArmed(due) || m_firing.contains(due.timerId))
            continue;
        m_firing.insert(due.timerId);
        QTimerEvent event(due.timerId);
        QCoreApplication::sendEvent(due.object, &event);
        m_firing.remove(due.timerId);
        any = true;
    }
    return any;
}

// ---- the loop ---------------------------------------------------------------------------------

void EpollEventDispatcher::wakeUp()
{
    const quint64 one = 1;
    // EAGAIN: the counter is already non-zero, the loop wakes anyway.
    [[maybe_unused]] const auto written = ::write(m_wakeFd, &one, sizeof one);
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.storeRelease(1);
    wakeUp();
}

void EpollEventDispatcher::drainWakeUps()
{
    quint64 count = 0;
    [[maybe_unused]] const auto read = ::read(m_wakeFd, &count, sizeof count);
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    emit awake();
    // Posted events first: a postEvent() from now on writes the eventfd, so the wait below
    // cannot sleep through one.
    QCoreApplication::sendPostedEvents();

    if (m_interrupted.fetchAndStoreAcquire(0))
        return false;

    const bool mayWait = flags.testFlag(QEventLoop::WaitForMoreEvents);
    const bool withTimers = !flags.testFlag(QEventLoop::X11ExcludeTimers);
    int timeoutMs = 0;
    if (mayWait)
        timeoutMs = withTimers ? m_timers.msUntilNext(TimerSchedule::Clock::now()) : -1;

    if (timeoutMs != 0)
        emit aboutToBlock();
    std::array<epoll_event, maxReadyPerWait> ready;
    int count = epoll_wait(m_epoll, ready.data(), maxReadyPerWait, timeoutMs);
    if (timeoutMs != 0)
        emit awake();
    if (count < 0) {
        if (errno != EINTR)
            qCWarning(lcEventLoop) << "epoll_wait failed:" << qt_error_string(errno);
        count = 0;
    }

    bool any = false;
    if (!flags.testFlag(QEventLoop::ExcludeSocketNotifiers))
        any |= activateSockets(ready.data(), count);
    else
        for (int i = 0; i < count; ++i)
            if (ready[i].data.u64 == wakeUpTag)
                drainWakeUps();
    if (withTimers)
        any |= fireTimers();
    return any || count > 0;
}
