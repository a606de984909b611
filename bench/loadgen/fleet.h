#pragma once

#include "worker.h"

#include <QJsonObject>

#include <memory>
#include <vector>

/**
 * @brief A group of clients spread over worker threads, with one Control.
 *
 * Scenarios combine fleets (agents, then visitors; idle sockets beside the load) so that each
 * group is set up completely before the next one starts.
 */
class Fleet
{
public:
    Fleet(const BenchConfig &config, int threads, int setupConcurrency);
    ~Fleet();

    Control control;
    std::vector<std::unique_ptr<Worker>> workers;

    void add(ClientPlan plan);
    int size() const { return m_total; }
    void start();
    /** Waits until every client is ready or failed, or the timeout; true if all are ready. */
    bool waitSetUp(double timeoutS);
    void stop();

    int ready() const;
    int failed() const;
    int dropped() const;
    uint64_t sent() const;
    uint64_t delivered() const;

    // After stop().
    uint64_t ackedInWindow() const;
    uint64_t deliveredInWindow() const;
    uint64_t historyInWindow() const;
    Latencies ackLatency() const;
    Latencies deliveryLatency() const;
    Latencies historyLatency() const;
    QJsonObject errors() const;
    QJsonObject failures() const;

private:
    int m_total = 0;
};

void sleepSeconds(double s);
