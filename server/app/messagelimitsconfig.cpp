#include "messagelimitsconfig.h"

#include <QCommandLineParser>

namespace {
struct RateSetting
{
    const char *key;
    const char *env;
    const char *option;
    RateLimit MessageLimits::*field;
    const char *help;
};

// "COUNT/SECONDS": a burst of COUNT, refilled evenly over SECONDS; "0" turns the limit off.
const RateSetting rateSettings[] = {
    { "limit_visitor_frames", "CHAT_LIMIT_VISITOR_FRAMES", "limit-visitor-frames",
        &MessageLimits::visitorFrames, "Frames per visitor connection. Default 200/10." },
    { "limit_agent_frames", "CHAT_LIMIT_AGENT_FRAMES", "limit-agent-frames",
        &MessageLimits::agentFrames, "Frames per agent connection. Default 600/10." },
    { "limit_pings", "CHAT_LIMIT_PINGS", "limit-pings", &MessageLimits::pings,
        "Pings per connection. Default 10/10." },
    { "limit_visitor_messages", "CHAT_LIMIT_VISITOR_MESSAGES", "limit-visitor-messages",
        &MessageLimits::visitorMessages, "message.send per visitor. Default 100/10." },
    { "limit_agent_messages", "CHAT_LIMIT_AGENT_MESSAGES", "limit-agent-messages",
        &MessageLimits::agentMessages, "message.send per agent. Default 300/10." },
    { "limit_offline_messages", "CHAT_LIMIT_OFFLINE_MESSAGES", "limit-offline-messages",
        &MessageLimits::offlineMessages, "offline.message per visitor. Default 10/3600." },
    { "limit_conversations", "CHAT_LIMIT_CONVERSATIONS", "limit-conversations",
        &MessageLimits::conversationStarts, "conversation.start per visitor. Default 20/3600." },
};

struct CountSetting
{
    const char *key;
    const char *env;
    const char *option;
    int MessageLimits::*field;
    int min;
    int max;
    const char *help;
};

const CountSetting countSettings[] = {
    { "limit_flood_close", "CHAT_LIMIT_FLOOD_CLOSE", "limit-flood-close",
        &MessageLimits::floodCloseAfter, 0, 1'000'000,
        "Refused frames in a row after which a connection is closed with 1008 (0: never). "
        "Default 100." },
    { "limit_tracked_identities", "CHAT_LIMIT_TRACKED_IDENTITIES", "limit-tracked-identities",
        &MessageLimits::trackedIdentities, 100, 10'000'000,
        "Visitors and agents whose budgets are remembered at most. Default 100000." },
    { "history_page_bytes", "CHAT_HISTORY_PAGE_BYTES", "history-page-bytes",
        &MessageLimits::historyPageBytes, 16 * 1024, 64 * 1024 * 1024,
        "A history page stops before its messages pass this many bytes. Default 262144." },
    { "queue_update_ms", "CHAT_QUEUE_UPDATE_MS", "queue-update-ms",
        &MessageLimits::queueUpdateIntervalMs, 0, 60'000,
        "Least ms between two updates of one queued chat's entry (its preview) to the agents "
        "(0: no pacing). Default 500." },
};

std::optional<RateLimit> parseRate(const QString &value)
{
    if (value.trimmed() == u"0")
        return RateLimit { 0, 1000 };
    const QStringList parts = value.split(u'/');
    bool countOk = false;
    bool secondsOk = false;
    const int count = parts.value(0).trimmed().toInt(&countOk);
    const int seconds = parts.value(1).trimmed().toInt(&secondsOk);
    if (parts.size() != 2 || !countOk || !secondsOk || count < 1 || count > 1'000'000 || seconds < 1
        || seconds > 86'400)
        return std::nullopt;
    return RateLimit { count, seconds * 1000LL };
}
} // namespace

void MessageLimitsConfig::addOptions(QCommandLineParser &parser)
{
    for (const RateSetting &s : rateSettings)
        parser.addOption({ QLatin1String(s.option),
            QStringLiteral("%1 As COUNT/SECONDS, 0 for none (env %2).")
                .arg(QLatin1String(s.help), QLatin1String(s.env)),
            QStringLiteral("count/seconds") });
    for (const CountSetting &s : countSettings)
        parser.addOption({ QLatin1String(s.option),
            QStringLiteral("%1 (env %2).").arg(QLatin1String(s.help), QLatin1String(s.env)),
            QStringLiteral("number") });
}

std::optional<QString> MessageLimitsConfig::load(MessageLimits &limits, const Source &source)
{
    for (const RateSetting &s : rateSettings) {
        const QString value = source(s.key, s.env, s.option);
        if (value.isEmpty())
            continue;
        const auto rate = parseRate(value);
        if (!rate)
            return QStringLiteral("%1 must be COUNT/SECONDS such as 20/10 (a burst of COUNT, "
                                  "refilled over SECONDS), or 0 for no limit (got '%2')")
                .arg(QLatin1String(s.option), value);
        limits.*s.field = *rate;
    }
    for (const CountSetting &s : countSettings) {
        const QString value = source(s.key, s.env, s.option);
        if (value.isEmpty())
            continue;
        bool ok = false;
        const int number = value.toInt(&ok);
        if (!ok || number < s.min || number > s.max)
            return QStringLiteral("%1 must be a whole number from %2 to %3 (got '%4')")
                .arg(QLatin1String(s.option))
                .arg(s.min)
                .arg(s.max)
                .arg(value);
        limits.*s.field = number;
    }
    return std::nullopt;
}
