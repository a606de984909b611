#pragma once

#include <cstdint>
#include <vector>

class WsClient;

/**
 * @brief One thread's epoll loop over its WebSocket clients.
 *
 * The load generator must cost the server's machine as little as possible, so each worker
 * thread owns one epoll set (cost per wakeup independent of idle sockets) and writes every
 * client's pending frames once per wakeup, not once per frame.
 */
class Reactor
{
public:
    Reactor();
    ~Reactor();
    Reactor(const Reactor &) = delete;
    Reactor &operator=(const Reactor &) = delete;

    void add(int fd, WsClient *client, uint32_t events);
    void modify(int fd, WsClient *client, uint32_t events);
    void remove(int fd);
    /** Clients with frames to write; flushed at the end of each runOnce(). */
    void markDirty(WsClient *client);
    /** Waits up to timeoutMs for socket events, handles them, then flushes. */
    void runOnce(int timeoutMs);

private:
    int m_epoll = -1;
    std::vector<WsClient *> m_dirty;
};

/** Monotonic time in nanoseconds (CLOCK_MONOTONIC). */
int64_t nowNs();
