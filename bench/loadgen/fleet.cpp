#include "fleet.h"

#include <chrono>
#include <thread>

void sleepSeconds(double s)
{
    std::this_thread::sleep_for(std::chrono::duration<double>(s));
}

Fleet::Fleet(const BenchConfig &config, int threads, int setupConcurrency)
{
    for (int i = 0; i < threads; ++i) {
        workers.push_back(std::make_unique<Worker>(config, control, i));
        workers.back()->setupConcurrency = setupConcurrency;
    }
}

Fleet::~Fleet()
{
    stop();
}

void Fleet::add(ClientPlan plan)
{
    workers[size_t(m_total++) % workers.size()]->add(plan);
}

void Fleet::start()
{
    for (auto &w : workers)
        w->start();
}

bool Fleet::waitSetUp(double timeoutS)
{
    const int64_t deadline = nowNs() + int64_t(timeoutS * 1e9);
    while (ready() + failed() < m_total && nowNs() < deadline)
        sleepSeconds(0.005);
    return ready() == m_total;
}

void Fleet::stop()
{
    control.stop = true;
    for (auto &w : workers)
        w->join();
}

#define SUM(expr)                                                                                  \
    decltype(workers.front()->expr) total {};                                                      \
    for (const auto &w : workers)                                                                  \
        total += w->expr;                                                                          \
    return total

int Fleet::ready() const
{
    SUM(ready.load());
}
int Fleet::failed() const
{
    SUM(failed.load());
}
int Fleet::dropped() const
{
    SUM(dropped.load());
}
uint64_t Fleet::sent() const
{
    SUM(sent.load());
}
uint64_t Fleet::delivered() const
{
    SUM(delivered.load());
}
uint64_t Fleet::ackedInWindow() const
{
    SUM(ackedInWindow);
}
uint64_t Fleet::deliveredInWindow() const
{
    SUM(deliveredInWindow);
}
uint64_t Fleet::historyInWindow() const
{
    SUM(historyInWindow);
}

Latencies Fleet::ackLatency() const
{
    Latencies all;
    for (const auto &w : workers)
        all.merge(w->ackLatency);
    return all;
}

Latencies Fleet::deliveryLatency() const
{
    Latencies all;
    for (const auto &w : workers)
        all.merge(w->deliveryLatency);
    return all;
}

Latencies Fleet::historyLatency() const
{
    Latencies all;
    for (const auto &w : workers)
        all.merge(w->historyLatency);
    return all;
}

namespace {
QJsonObject counts(
    const std::vector<std::unique_ptr<Worker>> &workers, std::map<std::string, int> Worker::*field)
{
    QJsonObject out;
    for (const auto &w : workers)
        for (const auto &[key, n] : (*w).*field) {
            const QString k = QString::fromStdString(key);
            out[k] = out.value(k).toInt() + n;
        }
    return out;
}
} // namespace

QJsonObject Fleet::errors() const
{
    return counts(workers, &Worker::errors);
}
QJsonObject Fleet::failures() const
{
    return counts(workers, &Worker::failures);
}
