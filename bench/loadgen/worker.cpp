#include "worker.h"

#include <cmath>

Worker::Worker(const BenchConfig &config, Control &control, int index)
    : config(config)
    , control(control)
    , index(index)
{
    visitorTarget
        = { config.host, config.port, "/ws/visitor?site=" + config.siteKey, config.origin };
    agentTarget = { config.host, config.port, "/ws/agent", std::string() };
    body = config.body;
}

Worker::~Worker()
{
    join();
    clients.clear(); // resets every socket
}

void Worker::add(ClientPlan plan)
{
    const int clientIndex = int(clients.size()) * config.threads + index;
    clients.push_back(std::make_unique<ChatClient>(*this, clientIndex, std::move(plan)));
}

void Worker::start()
{
    m_thread = std::thread([this] { run(); });
}

void Worker::join()
{
    if (m_thread.joinable())
        m_thread.join();
}

uint32_t Worker::sourceAddressFor(int clientIndex) const
{
    if (config.sourceAddresses <= 0 || config.host >> 24 != 127)
        return 0;
    return 0x7f000002u + uint32_t(clientIndex % config.sourceAddresses);
}

void Worker::run()
{
    while (!control.stop.load(std::memory_order_relaxed)) {
        tick(nowNs());
        reactor.runOnce(1);
    }
}

void Worker::tick(int64_t now)
{
    // Open what is waiting, as far as the set-up concurrency allows.
    while (m_nextToOpen < clients.size()
        && (setupConcurrency <= 0 || m_settingUp < setupConcurrency)) {
        ++m_settingUp;
        clients[m_nextToOpen++]->open();
    }
    const int mode = control.mode.load(std::memory_order_relaxed);
    if (mode != m_lastMode) {
        m_lastMode = mode;
        if (mode == Control::ClosedLoop)
            kickClosedLoop();
        if (mode == Control::FixedRate)
            m_rateSent = 0;
    }
    if (mode == Control::FixedRate && control.ratePerWorker > 0) {
        const double elapsedS = double(now - control.rateStart.load()) / 1e9;
        const auto due = uint64_t(std::max(0.0, elapsedS * control.ratePerWorker));
        // Round-robin over the ready senders: each conversation gets an even share.
        size_t guard = 0;
        while (m_rateSent < due && guard < clients.size()) {
            ChatClient &c = *clients[m_rateCursor];
            m_rateCursor = (m_rateCursor + 1) % clients.size();
            ++guard;
            if (c.plan().load != ClientPlan::RateSender || c.phase() != ChatClient::Phase::Ready)
                continue;
            c.sendMessage();
            ++m_rateSent;
            guard = 0;
        }
    }
}

void Worker::kickClosedLoop()
{
    for (auto &c : clients) {
        if (c->phase() != ChatClient::Phase::Ready)
            continue;
        if (c->plan().load == ClientPlan::ClosedLoopSender) {
            for (int i = c->inFlight(); i < control.depth; ++i)
                c->sendMessage();
        } else if (c->plan().load == ClientPlan::HistoryReader) {
            c->fetchHistory();
        }
    }
}

void Worker::onSetupDone(ChatClient &client, bool ok)
{
    --m_settingUp;
    (ok ? ready : failed).fetch_add(1, std::memory_order_relaxed);
    // A client that becomes ready while the load already runs joins in.
    if (ok && client.plan().load == ClientPlan::ClosedLoopSender
        && control.mode.load(std::memory_order_relaxed) == Control::ClosedLoop)
        for (int i = client.inFlight(); i < control.depth; ++i)
            client.sendMessage();
}

void Worker::onAck(ChatClient &client, int64_t sentAtNs, int64_t now)
{
    acked.fetch_add(1, std::memory_order_relaxed);
    if (control.inWindow(now)) {
        ++ackedInWindow;
        ackLatency.add(now - sentAtNs);
    }
    if (client.phase() == ChatClient::Phase::Ready
        && client.plan().load == ClientPlan::ClosedLoopSender
        && control.mode.load(std::memory_order_relaxed) == Control::ClosedLoop)
        client.sendMessage();
}

void Worker::onError(std::string_view code)
{
    ++errors[std::string(code)];
}

void Worker::onFailure(std::string_view why, bool wasReady)
{
    ++failures[std::string(why)];
    if (wasReady)
        dropped.fetch_add(1, std::memory_order_relaxed);
}
