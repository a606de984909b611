// chat-loadgen: the server benchmark's load generator (see bench/README.md).
#include "benchconfig.h"
#include "scenarios.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>

#include <arpa/inet.h>
#include <sys/resource.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>

namespace {
struct Option
{
    const char *name;
    const char *help;
    std::function<void(BenchConfig &, const QString &)> set;
};

int toInt(const QString &v)
{
    return v.toInt();
}

const std::vector<Option> &options()
{
    static const std::vector<Option> all {
        { "scenario", "A, B, C, D, E, or L (sign the agents in once and write their tokens).",
            [](BenchConfig &c, const QString &v) { c.scenario = v.toStdString(); } },
        { "peer", "Label written into the result (default chat-server).",
            [](BenchConfig &c, const QString &v) { c.peer = v.toStdString(); } },
        { "host", "Server IPv4 address (default 127.0.0.1).",
            [](BenchConfig &c, const QString &v) {
                in_addr a {};
                inet_pton(AF_INET, v.toLatin1().constData(), &a);
                c.host = ntohl(a.s_addr);
            } },
        { "port", "Server port.", [](BenchConfig &c, const QString &v) { c.port = v.toUShort(); } },
        { "health-port", "D: also probe GET /healthz on this port (chat-server --health-listen).",
            [](BenchConfig &c, const QString &v) { c.healthPort = v.toUShort(); } },
        { "site-key", "The site's key (visitors' hello).",
            [](BenchConfig &c, const QString &v) { c.siteKey = v.toStdString(); } },
        { "origin", "Origin sent by visitors (default http://bench.localhost).",
            [](BenchConfig &c, const QString &v) { c.origin = v.toStdString(); } },
        { "server-pid", "Server process, for CPU and RSS from /proc.",
            [](BenchConfig &c, const QString &v) { c.serverPid = toInt(v); } },
        { "threads", "Generator threads for the load (default 1).",
            [](BenchConfig &c, const QString &v) { c.threads = std::max(1, toInt(v)); } },
        { "source-addresses", "Spread sockets over 127.0.0.2… (default 32; 0: the kernel's).",
            [](BenchConfig &c, const QString &v) { c.sourceAddresses = toInt(v); } },
        { "visitors", "A, C, E: visitors sending (default 100).",
            [](BenchConfig &c, const QString &v) { c.visitors = toInt(v); } },
        { "depth", "A, C, E: message.send in flight per visitor (default 8).",
            [](BenchConfig &c, const QString &v) { c.depth = std::clamp(toInt(v), 1, 512); } },
        { "duration", "Measured seconds (default 10).",
            [](BenchConfig &c, const QString &v) { c.durationS = v.toDouble(); } },
        { "warmup", "Seconds of load before measuring (default 2).",
            [](BenchConfig &c, const QString &v) { c.warmupS = v.toDouble(); } },
        { "body-length", "Characters in each message body (default 120).",
            [](BenchConfig &c, const QString &v) { c.body.assign(size_t(toInt(v)), 'x'); } },
        { "rate", "B: messages per second offered in total (default 2000).",
            [](BenchConfig &c, const QString &v) { c.rate = v.toDouble(); } },
        { "conversations", "B: conversations, one visitor each (default 5000).",
            [](BenchConfig &c, const QString &v) { c.conversations = toInt(v); } },
        { "agents", "B, L: agents signed in (default 60).",
            [](BenchConfig &c, const QString &v) { c.agents = toInt(v); } },
        { "agent-email",
            "B, L: agents' emails, %1 = 1, 2, … (default bench-agent-%1@bench.localhost).",
            [](BenchConfig &c, const QString &v) { c.agentEmailPattern = v.toStdString(); } },
        { "agent-password", "B, L: the agents' password.",
            [](BenchConfig &c, const QString &v) { c.agentPassword = v.toStdString(); } },
        { "agent-tokens",
            "L writes, B reads: lines of 'email token' (B resumes instead of signing in).",
            [](BenchConfig &c, const QString &v) { c.agentTokensFile = v.toStdString(); } },
        { "drain", "B: seconds to wait for deliveries after sending stops (default 5).",
            [](BenchConfig &c, const QString &v) { c.drainS = v.toDouble(); } },
        { "history-clients", "C: visitors reading their latest 50 in a loop (default 4).",
            [](BenchConfig &c, const QString &v) { c.historyClients = toInt(v); } },
        { "storm", "D: sockets reconnecting at once (default 10000).",
            [](BenchConfig &c, const QString &v) { c.storm = toInt(v); } },
        { "storm-timeout", "D: seconds to wait for the storm (default 30).",
            [](BenchConfig &c, const QString &v) { c.stormTimeoutS = v.toDouble(); } },
        { "idle", "E: idle sockets (default 10000).",
            [](BenchConfig &c, const QString &v) { c.idle = toInt(v); } },
        { "setup-concurrency", "Sockets set up at once per thread outside the storm (default 400).",
            [](BenchConfig &c, const QString &v) { c.setupConcurrency = toInt(v); } },
    };
    return all;
}

std::string defaultBody()
{
    // 120 characters of plain ASCII text, like a short chat line.
    std::string body = "Hello, I ordered a blue jacket last week and the tracking page has not "
                       "changed since Monday. Could you check it, please? ";
    body.resize(120, '.');
    return body;
}

void raiseFileLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Load generator for chat-server (chat.v1) and the benchmark's peers. Prints one JSON "
        "object per run on standard output."));
    parser.addHelpOption();
    for (const Option &o : options())
        parser.addOption({ QLatin1String(o.name), QLatin1String(o.help), QStringLiteral("value") });
    parser.process(app);

    BenchConfig config;
    config.body = defaultBody();
    for (const Option &o : options())
        if (parser.isSet(QLatin1String(o.name)))
            o.set(config, parser.value(QLatin1String(o.name)));
    if (!config.agentTokensFile.empty() && config.scenario != "L") {
        std::ifstream file(config.agentTokensFile);
        std::string email;
        std::string token;
        while (file >> email >> token)
            config.agentTokens[email] = token;
    }
    raiseFileLimit();

    QJsonObject result;
    if (config.scenario == "A")
        result = Scenarios::closedLoop(config);
    else if (config.scenario == "B")
        result = Scenarios::agentDelivery(config);
    else if (config.scenario == "C")
        result = Scenarios::historyUnderLoad(config);
    else if (config.scenario == "D")
        result = Scenarios::reconnectStorm(config);
    else if (config.scenario == "E")
        result = Scenarios::idleSockets(config);
    else if (config.scenario == "L")
        result = Scenarios::signInAgents(config);
    else {
        std::fprintf(stderr, "unknown scenario '%s' (A, B, C, D, E, L)\n", config.scenario.c_str());
        return 2;
    }
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    return 0;
}
