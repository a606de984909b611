#include "reactor.h"

#include "wsclient.h"

#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include <stdexcept>

int64_t nowNs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

Reactor::Reactor()
    : m_epoll(epoll_create1(EPOLL_CLOEXEC))
{
    if (m_epoll < 0)
        throw std::runtime_error("epoll_create1 failed");
}

Reactor::~Reactor()
{
    close(m_epoll);
}

void Reactor::add(int fd, WsClient *client, uint32_t events)
{
    epoll_event ev {};
    ev.events = events;
    ev.data.ptr = client;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
}

void Reactor::modify(int fd, WsClient *client, uint32_t events)
{
    epoll_event ev {};
    ev.events = events;
    ev.data.ptr = client;
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &ev);
}

void Reactor::remove(int fd)
{
    epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
}

void Reactor::markDirty(WsClient *client)
{
    m_dirty.push_back(client);
}

void Reactor::runOnce(int timeoutMs)
{
    epoll_event events[512];
    const int n = epoll_wait(m_epoll, events, 512, m_dirty.empty() ? timeoutMs : 0);
    for (int i = 0; i < n; ++i)
        static_cast<WsClient *>(events[i].data.ptr)->onEvents(events[i].events);
    // Swap first: a client that gets more to write while flushing is flushed next time.
    std::vector<WsClient *> dirty;
    dirty.swap(m_dirty);
    for (WsClient *client : dirty)
        client->flush();
    dirty.clear();
    if (m_dirty.empty())
        m_dirty.swap(dirty); // keeps the capacity
}
