#include "scenarios.h"

#include "fleet.h"
#include "healthprobe.h"
#include "procstats.h"

#include <QJsonArray>

#include <sys/resource.h>

#include <cmath>
#include <fstream>
#include <thread>

namespace {

double round1(double v)
{
    return std::round(v * 10) / 10;
}
double round2(double v)
{
    return std::round(v * 100) / 100;
}

void putLatency(QJsonObject &out, const char *prefix, Latencies latencies)
{
    const QString p = QLatin1String(prefix);
    out[p + QLatin1String("_count")] = qint64(latencies.count());
    out[p + QLatin1String("_p50_us")] = round1(latencies.percentileUs(0.50));
    out[p + QLatin1String("_p99_us")] = round1(latencies.percentileUs(0.99));
    out[p + QLatin1String("_p999_us")] = round1(latencies.percentileUs(0.999));
}

/** The generator's own CPU time (all threads), to show it is not the bottleneck. */
int64_t ownCpuUs()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return (int64_t(usage.ru_utime.tv_sec) + usage.ru_stime.tv_sec) * 1'000'000
        + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

ClientPlan loadSender()
{
    ClientPlan plan;
    plan.startConversation = true;
    plan.load = ClientPlan::ClosedLoopSender;
    return plan;
}

/** Sets up config.visitors senders, runs the closed loop and writes A's figures into out. */
void runClosedLoop(const BenchConfig &config, QJsonObject &out, Fleet *alsoMeasured = nullptr)
{
    Fleet fleet(config, config.threads, config.setupConcurrency);
    for (int i = 0; i < config.visitors; ++i)
        fleet.add(loadSender());
    fleet.start();
    fleet.waitSetUp(60);
    out[u"visitors_ready"] = fleet.ready();
    fleet.control.depth = config.depth;
    const int64_t from = nowNs() + int64_t(config.warmupS * 1e9);
    const int64_t until = from + int64_t(config.durationS * 1e9);
    for (Control *c : { &fleet.control, alsoMeasured ? &alsoMeasured->control : nullptr }) {
        if (!c)
            continue;
        c->measureFrom = from;
        c->measureUntil = until;
        c->mode = Control::ClosedLoop;
    }
    std::this_thread::sleep_for(std::chrono::nanoseconds(from - nowNs()));
    const int64_t cpu0 = ProcStats::cpuUs(config.serverPid);
    const int64_t own0 = ownCpuUs();
    const int64_t t0 = nowNs();
    std::this_thread::sleep_for(std::chrono::nanoseconds(until - nowNs()));
    const int64_t cpu1 = ProcStats::cpuUs(config.serverPid);
    const int64_t own1 = ownCpuUs();
    const double seconds = double(nowNs() - t0) / 1e9;
    fleet.control.mode = Control::Quiet;
    if (alsoMeasured)
        alsoMeasured->control.mode = Control::Quiet;
    fleet.stop();
    const uint64_t acked = fleet.ackedInWindow();
    out[u"msgs_per_s"] = round1(double(acked) / seconds);
    putLatency(out, "ack", fleet.ackLatency());
    if (cpu0 >= 0 && cpu1 >= 0 && acked > 0)
        out[u"server_cpu_us_per_msg"] = round1(double(cpu1 - cpu0) / double(acked));
    out[u"server_cpu_cores"] = round2(double(cpu1 - cpu0) / 1e6 / seconds);
    out[u"loadgen_cpu_cores"] = round2(double(own1 - own0) / 1e6 / seconds);
    out[u"errors"] = fleet.errors();
    out[u"failures"] = fleet.failures();
}

QJsonObject header(const BenchConfig &config)
{
    QJsonObject out;
    out[u"scenario"] = QString::fromStdString(config.scenario);
    out[u"peer"] = QString::fromStdString(config.peer);
    return out;
}

ClientPlan agentPlan(const BenchConfig &config, int i, bool goOnline)
{
    ClientPlan plan;
    plan.role = ClientPlan::Agent;
    plan.agentEmail = QString::fromStdString(config.agentEmailPattern).arg(i + 1).toStdString();
    if (const auto token = config.agentTokens.find(plan.agentEmail);
        token != config.agentTokens.end())
        plan.agentToken = token->second;
    plan.goOnline = goOnline;
    return plan;
}

} // namespace

namespace Scenarios {

QJsonObject closedLoop(const BenchConfig &config)
{
    QJsonObject out = header(config);
    out[u"visitors"] = config.visitors;
    out[u"depth"] = config.depth;
    runClosedLoop(config, out);
    return out;
}

QJsonObject agentDelivery(const BenchConfig &config)
{
    QJsonObject out = header(config);
    out[u"conversations"] = config.conversations;
    out[u"agents"] = config.agents;
    out[u"rate"] = config.rate;

    Fleet agents(config, 1, config.setupConcurrency);
    for (int i = 0; i < config.agents; ++i)
        agents.add(agentPlan(config, i, true));
    const int64_t setupStart = nowNs();
    agents.start();
    agents.waitSetUp(120);
    out[u"agents_ready"] = agents.ready();

    Fleet visitors(config, config.threads, config.setupConcurrency);
    for (int i = 0; i < config.conversations; ++i) {
        ClientPlan plan;
        plan.startConversation = true;
        plan.waitForAgent = true;
        plan.load = ClientPlan::RateSender;
        visitors.add(plan);
    }
    visitors.start();
    visitors.waitSetUp(120);
    out[u"conversations_assigned"] = visitors.ready();
    out[u"setup_s"] = round1(double(nowNs() - setupStart) / 1e9);

    const int64_t start = nowNs();
    const int64_t from = start + int64_t(config.warmupS * 1e9);
    const int64_t until = from + int64_t(config.durationS * 1e9);
    for (Control *c : { &agents.control, &visitors.control }) {
        c->measureFrom = from;
        c->measureUntil = until;
    }
    visitors.control.ratePerWorker = config.rate / config.threads;
    visitors.control.rateStart = start;
    visitors.control.mode = Control::FixedRate;
    std::this_thread::sleep_for(std::chrono::nanoseconds(from - nowNs()));
    const int64_t cpu0 = ProcStats::cpuUs(config.serverPid);
    const uint64_t delivered0 = agents.delivered();
    std::this_thread::sleep_for(std::chrono::nanoseconds(until - nowNs()));
    visitors.control.mode = Control::Quiet;
    const int64_t cpu1 = ProcStats::cpuUs(config.serverPid);
    const uint64_t sent = visitors.sent();
    const uint64_t deliveredAtEnd = agents.delivered();
    sleepSeconds(config.drainS);
    const uint64_t deliveredAfterDrain = agents.delivered();
    agents.stop();
    visitors.stop();

    out[u"sent"] = qint64(sent);
    out[u"offered_msgs_per_s"] = round1(double(sent) / (double(until - start) / 1e9));
    out[u"delivered_msgs_per_s"] = round1(double(deliveredAtEnd - delivered0) / config.durationS);
    out[u"undelivered_at_end"] = qint64(sent - std::min(sent, deliveredAtEnd));
    out[u"undelivered_at_end_pct"]
        = round1(sent ? 100.0 * double(sent - std::min(sent, deliveredAtEnd)) / double(sent) : 0);
    out[u"drain_s"] = config.drainS;
    out[u"undelivered_after_drain"] = qint64(sent - std::min(sent, deliveredAfterDrain));
    putLatency(out, "delivery", agents.deliveryLatency());
    putLatency(out, "ack", visitors.ackLatency());
    const uint64_t windowMessages = deliveredAtEnd - delivered0;
    if (cpu0 >= 0 && cpu1 >= 0 && windowMessages > 0)
        out[u"server_cpu_us_per_msg"] = round1(double(cpu1 - cpu0) / double(windowMessages));
    out[u"errors"] = visitors.errors();
    QJsonObject failures = visitors.failures();
    const QJsonObject agentFailures = agents.failures();
    for (auto it = agentFailures.begin(); it != agentFailures.end(); ++it)
        failures[QLatin1String("agent ") + it.key()] = it.value();
    out[u"failures"] = failures;
    return out;
}

QJsonObject historyUnderLoad(const BenchConfig &config)
{
    QJsonObject out = header(config);
    out[u"visitors"] = config.visitors;
    out[u"depth"] = config.depth;
    out[u"history_clients"] = config.historyClients;
    Fleet readers(config, 1, config.setupConcurrency);
    for (int i = 0; i < config.historyClients; ++i) {
        ClientPlan plan;
        plan.startConversation = true;
        plan.preload = config.historyPreload;
        plan.load = ClientPlan::HistoryReader;
        readers.add(plan);
    }
    readers.start();
    readers.waitSetUp(60);
    out[u"history_clients_ready"] = readers.ready();
    runClosedLoop(config, out, &readers);
    readers.stop();
    putLatency(out, "history", readers.historyLatency());
    return out;
}

QJsonObject reconnectStorm(const BenchConfig &config)
{
    QJsonObject out = header(config);
    out[u"sockets"] = config.storm;
    std::vector<std::string> tokens;
    {
        // First visit: each visitor gets its token, then every socket drops at once.
        Fleet first(config, config.threads, config.setupConcurrency);
        for (int i = 0; i < config.storm; ++i)
            first.add(ClientPlan());
        first.start();
        first.waitSetUp(120);
        out[u"first_visit_ready"] = first.ready();
        first.stop();
        for (const auto &w : first.workers)
            for (const auto &c : w->clients)
                tokens.push_back(c->visitorToken());
    }
    sleepSeconds(2); // let the server see the drops before the storm
    Fleet storm(config, config.threads, 0);
    for (const std::string &token : tokens) {
        ClientPlan plan;
        plan.visitorToken = token;
        storm.add(plan);
    }
    // A load balancer's view of the node during the storm, on the main port and the health port.
    HealthProbe health(config, config.port);
    HealthProbe healthPort(config, config.healthPort);
    health.start();
    if (config.healthPort)
        healthPort.start();
    const int64_t cpu0 = ProcStats::cpuUs(config.serverPid);
    const int64_t start = nowNs();
    storm.start();
    storm.waitSetUp(config.stormTimeoutS);
    const int64_t cpu1 = ProcStats::cpuUs(config.serverPid);
    health.stop();
    healthPort.stop();
    storm.stop();

    Latencies served;
    int within1 = 0;
    int within3 = 0;
    for (const auto &w : storm.workers)
        for (const auto &c : w->clients)
            if (c->phase() == ChatClient::Phase::Ready) {
                const int64_t t = c->readyAtNs() - start;
                served.add(t);
                within1 += t <= 1'000'000'000;
                within3 += t <= 3'000'000'000;
            }
    out[u"served"] = qint64(served.count());
    out[u"served_within_1s"] = within1;
    out[u"served_within_3s"] = within3;
    out[u"failed"] = storm.failed();
    out[u"unfinished"] = config.storm - storm.ready() - storm.failed();
    out[u"all_served_s"] = served.count() == size_t(config.storm)
        ? round1(served.percentileUs(1.0) / 1e4) / 100
        : -1;
    out[u"served_p50_ms"] = round1(served.percentileUs(0.5) / 1000);
    out[u"served_p99_ms"] = round1(served.percentileUs(0.99) / 1000);
    if (cpu0 >= 0 && cpu1 >= 0 && served.count() > 0)
        out[u"server_cpu_us_per_socket"] = round1(double(cpu1 - cpu0) / double(served.count()));
    out[u"failures"] = storm.failures();
    out[u"errors"] = storm.errors();
    out[u"healthz_probes"] = qint64(health.latencies().count());
    out[u"healthz_failed"] = health.failed();
    out[u"healthz_not_ok"] = health.notOk();
    out[u"healthz_p50_ms"] = round1(health.latencies().percentileUs(0.5) / 1000);
    out[u"healthz_max_ms"] = round1(health.latencies().percentileUs(1.0) / 1000);
    out[u"healthz_connect_max_ms"] = round1(health.connectLatencies().percentileUs(1.0) / 1000);
    if (config.healthPort) {
        out[u"health_port_probes"] = qint64(healthPort.latencies().count());
        out[u"health_port_failed"] = healthPort.failed();
        out[u"health_port_p50_ms"] = round1(healthPort.latencies().percentileUs(0.5) / 1000);
        out[u"health_port_max_ms"] = round1(healthPort.latencies().percentileUs(1.0) / 1000);
    }
    return out;
}

QJsonObject idleSockets(const BenchConfig &config)
{
    QJsonObject out = header(config);
    out[u"idle_sockets"] = config.idle;
    out[u"visitors"] = config.visitors;
    out[u"depth"] = config.depth;
    const int64_t rss0 = ProcStats::rssKb(config.serverPid);
    Fleet idle(config, 1, config.setupConcurrency);
    for (int i = 0; i < config.idle; ++i)
        idle.add(ClientPlan());
    idle.start();
    idle.waitSetUp(120);
    sleepSeconds(1);
    const int64_t rss1 = ProcStats::rssKb(config.serverPid);
    out[u"idle_ready"] = idle.ready();
    out[u"rss_before_kb"] = qint64(rss0);
    out[u"rss_after_kb"] = qint64(rss1);
    if (rss0 >= 0 && rss1 >= 0 && idle.ready() > 0)
        out[u"rss_per_socket_kb"] = round1(double(rss1 - rss0) / idle.ready());
    runClosedLoop(config, out);
    out[u"idle_dropped"] = idle.dropped();
    idle.stop();
    return out;
}

QJsonObject signInAgents(const BenchConfig &config)
{
    QJsonObject out = header(config);
    Fleet agents(config, 1, 16);
    for (int i = 0; i < config.agents; ++i)
        agents.add(agentPlan(config, i, false));
    agents.start();
    agents.waitSetUp(300);
    agents.stop();
    out[u"agents_ready"] = agents.ready();
    std::ofstream file(config.agentTokensFile);
    for (const auto &w : agents.workers)
        for (const auto &c : w->clients)
            file << c->plan().agentEmail << ' ' << c->sessionToken() << '\n';
    out[u"failures"] = agents.failures();
    out[u"errors"] = agents.errors();
    return out;
}

} // namespace Scenarios
