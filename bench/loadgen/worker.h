#pragma once

#include "benchconfig.h"
#include "chatclient.h"
#include "latency.h"
#include "reactor.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

/**
 * @brief A thread with its own reactor and its share of the clients.
 *
 * The main thread fills `clients` before start() and reads the stats after join(); while it
 * runs, only the atomics below cross threads.
 */
class Worker
{
public:
    Worker(const BenchConfig &config, Control &control, int index);
    ~Worker();

    void add(ClientPlan plan);
    void start();
    void join();

    const BenchConfig &config;
    Control &control;
    const int index;
    Reactor reactor;
    WsTarget visitorTarget;
    WsTarget agentTarget;
    std::vector<std::unique_ptr<ChatClient>> clients;
    /** Sockets being set up at once (0: all at once, as in the storm). */
    int setupConcurrency = 0;

    // Counted by the worker, read by the main thread at any time.
    std::atomic<int> ready { 0 };
    std::atomic<int> failed { 0 };
    std::atomic<int> dropped { 0 };
    std::atomic<uint64_t> sent { 0 };
    std::atomic<uint64_t> acked { 0 };
    std::atomic<uint64_t> delivered { 0 }; // messages received by agents
    std::atomic<uint64_t> historyPages { 0 };

    // Read after join().
    uint64_t ackedInWindow = 0;
    uint64_t deliveredInWindow = 0;
    uint64_t historyInWindow = 0;
    Latencies ackLatency;
    Latencies deliveryLatency;
    Latencies historyLatency;
    std::map<std::string, int> errors; // error codes answered
    std::map<std::string, int> failures; // why sockets failed or closed

    // Called by the clients.
    uint32_t sourceAddressFor(int clientIndex) const;
    void onSetupDone(ChatClient &client, bool ok);
    void onAck(ChatClient &client, int64_t sentAtNs, int64_t now);
    void onError(std::string_view code);
    void onFailure(std::string_view why, bool wasReady);
    void countSent() { sent.fetch_add(1, std::memory_order_relaxed); }
    std::string body;

private:
    void run();
    void tick(int64_t now);
    void kickClosedLoop();

    std::thread m_thread;
    size_t m_nextToOpen = 0;
    int m_settingUp = 0;
    int m_lastMode = Control::Setup;
    uint64_t m_rateSent = 0;
    size_t m_rateCursor = 0;
};
