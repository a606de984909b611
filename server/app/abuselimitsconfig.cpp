#include "abuselimitsconfig.h"

#include "serverconfig.h"

#include <QCommandLineParser>

namespace SignInAndConnectionLimitsConfig {

namespace {
struct Setting
{
    const char *key;
    const char *env;
    const char *option;
    const char *help;
    int max;
    std::function<void(ServerConfig &, int)> set;
};

const QList<Setting> &settings()
{
    static const QList<Setting> all {
        { "max_sockets_per_address", "CHAT_MAX_SOCKETS_PER_ADDRESS", "max-sockets-per-address",
            "Sockets one client address may have open at once; more are answered 429 (env "
            "CHAT_MAX_SOCKETS_PER_ADDRESS; 0 = no limit). Default 256.",
            1'000'000, [](ServerConfig &c, int v) { c.addressLimits.maxSockets = v; } },
        { "new_connections_per_second", "CHAT_NEW_CONNECTIONS_PER_SECOND",
            "new-connections-per-second",
            "New connections per second one client address may open, sustained; faster ones are "
            "answered 429 (env CHAT_NEW_CONNECTIONS_PER_SECOND; 0 = no limit). Default 20.",
            1'000'000, [](ServerConfig &c, int v) { c.addressLimits.connectionsPerSecond = v; } },
        { "new_connection_burst", "CHAT_NEW_CONNECTION_BURST", "new-connection-burst",
            "New connections one client address may open at once after a quiet time (env "
            "CHAT_NEW_CONNECTION_BURST). Default 100.",
            1'000'000, [](ServerConfig &c, int v) { c.addressLimits.connectionBurst = v; } },
        { "sign_in_failures_per_account", "CHAT_SIGN_IN_FAILURES_PER_ACCOUNT",
            "sign-in-failures-per-account",
            "Failed sign-ins of one account before each further attempt waits a doubling delay "
            "(env CHAT_SIGN_IN_FAILURES_PER_ACCOUNT; 0 = no limit). Default 5.",
            1'000'000, [](ServerConfig &c, int v) { c.signInLimits.accountFreeFailures = v; } },
        { "sign_in_failures_per_address", "CHAT_SIGN_IN_FAILURES_PER_ADDRESS",
            "sign-in-failures-per-address",
            "Failed sign-ins and session resumes from one client address before each further "
            "attempt waits a doubling delay (env CHAT_SIGN_IN_FAILURES_PER_ADDRESS; 0 = no "
            "limit). Default 20.",
            1'000'000, [](ServerConfig &c, int v) { c.signInLimits.addressFreeFailures = v; } },
        { "sign_in_max_delay_seconds", "CHAT_SIGN_IN_MAX_DELAY_SECONDS",
            "sign-in-max-delay-seconds",
            "The longest delay between sign-in attempts after failures (env "
            "CHAT_SIGN_IN_MAX_DELAY_SECONDS; at least 1). Default 300.",
            86'400,
            [](ServerConfig &c, int v) { c.signInLimits.maxDelayMs = std::max(v, 1) * 1000LL; } },
    };
    return all;
}
} // namespace

void addOptions(QCommandLineParser &parser)
{
    for (const Setting &s : settings())
        parser.addOption({ QLatin1String(s.option), QLatin1String(s.help), QStringLiteral("n") });
}

std::optional<QString> load(ServerConfig &config, const Source &source)
{
    for (const Setting &s : settings()) {
        const QString value = source(s.key, s.env, s.option);
        if (value.isEmpty())
            continue;
        bool ok = false;
        const int number = value.toInt(&ok);
        if (!ok || number < 0 || number > s.max)
            return QStringLiteral("%1 must be a whole number from 0 to %2 (got '%3')")
                .arg(QLatin1String(s.option))
                .arg(s.max)
                .arg(value);
        s.set(config, number);
    }
    return std::nullopt;
}

} // namespace SignInAndConnectionLimitsConfig
