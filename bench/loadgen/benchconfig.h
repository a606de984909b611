#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>

/** What the command line asks of the generator (see main.cpp for the options). */
struct BenchConfig
{
    std::string scenario = "A";
    std::string peer = "chat-server"; // label written into the result
    uint32_t host = 0x7f000001; // 127.0.0.1
    uint16_t port = 8080;
    uint16_t healthPort = 0; // chat-server's --health-listen port, 0: none
    std::string siteKey;
    std::string origin = "http://bench.localhost";
    int serverPid = 0;
    int threads = 1;
    int sourceAddresses = 32; // 127.0.0.2 … : 28k ephemeral ports each
    int visitors = 100;
    int depth = 8;
    double durationS = 10;
    double warmupS = 2;
    std::string body;
    // B
    double rate = 2000;
    int conversations = 5000;
    int agents = 60;
    std::string agentEmailPattern = "bench-agent-%1@bench.localhost";
    std::string agentPassword = "bench-password-1";
    std::map<std::string, std::string> agentTokens; // email → session token: auth.resume
    std::string agentTokensFile;
    double drainS = 5;
    // C
    int historyClients = 4;
    int historyPreload = 60;
    // D, E
    int storm = 10000;
    int idle = 10000;
    double stormTimeoutS = 30;
    int setupConcurrency = 400; // sockets being set up at once per thread outside the storm
};

/** Set by the scenario on the main thread, read by the workers. */
struct Control
{
    enum Mode { Setup, ClosedLoop, FixedRate, Quiet };
    std::atomic<bool> stop { false };
    std::atomic<int> mode { Setup };
    std::atomic<int64_t> measureFrom { INT64_MAX };
    std::atomic<int64_t> measureUntil { INT64_MAX };
    std::atomic<int64_t> rateStart { 0 };
    double ratePerWorker = 0;
    int depth = 8;

    bool inWindow(int64_t t) const
    {
        return t >= measureFrom.load(std::memory_order_relaxed)
            && t < measureUntil.load(std::memory_order_relaxed);
    }
};
