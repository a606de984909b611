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

namespace {
template <typename F> auto sumOver(const std::vector<std::unique_ptr<Worker>> &workers, F value)
{
    decltype(value(*workers.front())) total {};
    for (const auto &w : workers)
        total += value(*w);
    return total;
}
} // namespace

int Fleet::ready() const
{
    return sumOver(workers, [](const Worker &w) { return w.ready.load(); });
}
int Fleet::failed() const
{
    return sumOver(workers, [](const Worker &w) { return w.failed.load(); });
}
int Fleet::dropped() const
{
    return sumOver(workers, [](const Worker &w) { return w.dropped.load(); });
}
uint64_t Fleet::sent() const
{
    return sumOver(workers, [](const Worker &w) { return w.sent.load(); });
}
uint64_t Fleet::delivered() const
{
    return sumOver(workers, [](const Worker &w) { return w.delivered.load(); });
}
uint64_t Fleet::ackedInWindow() const
{
    return sumOver(workers, [](const Worker &w) { return w.ackedInWindow; });
}
uint64_t Fleet::deliveredInWindow() const
{
    return sumOver(workers, [](const Worker &w) { return w.deliveredInWindow; });
}
uint64_t Fleet::historyInWindow() const
{
    return sumOver(workers, [](const Worker &w) { return w.historyInWindow; });
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
