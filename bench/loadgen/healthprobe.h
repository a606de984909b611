#pragma once

#include "benchconfig.h"
#include "latency.h"

#include <atomic>
#include <thread>

/**
 * Asks the server's /healthz the way a load balancer does, on a fresh connection every
 * 25 ms, from its own thread, while a scenario runs: how long until the status line came back.
 */
class HealthProbe
{
public:
    HealthProbe(const BenchConfig &config, uint16_t port);
    ~HealthProbe();

    void start();
    /** Stops asking; the figures are final after this. */
    void stop();

    Latencies &latencies() { return m_latencies; }
    /** Of that, the TCP handshake alone: the kernel's accept queue, before the server sees it. */
    Latencies &connectLatencies() { return m_connectLatencies; }
    /** Probes without an HTTP status line within 30 s (refused, reset, timed out). */
    int failed() const { return m_failed; }
    /** Probes answered with another status than 200. */
    int notOk() const { return m_notOk; }

private:
    void run();
    /** One GET /healthz; the status code, or 0 when none came. */
    int probeOnce();

    const BenchConfig &m_config;
    const uint16_t m_port;
    std::atomic<bool> m_stop { false };
    std::thread m_thread;
    Latencies m_latencies;
    Latencies m_connectLatencies;
    int m_failed = 0;
    int m_notOk = 0;
};
