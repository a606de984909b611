#pragma once

#include "ratelimit.h"

/// @brief How much one connection and one visitor or agent may ask of the server
/// (docs/security.md, "Abuse limits"; set in ServerConfig). Each RateLimit is a burst that
/// refills evenly over its period: { 200, 10'000 } lets 200 through at once, then 20 a second.
struct MessageLimits
{
    static constexpr qint64 hourMs = 3600 * 1000;

    // Per connection: every frame counts (messages, typing, pings, requests).
    RateLimit visitorFrames { 200, 10'000 };
    RateLimit agentFrames { 600, 10'000 };
    /// Pings per connection (they count as frames too).
    RateLimit pings { 10, 10'000 };
    /// A connection refused more than this many times within 10 s (by any limit here) is
    /// flooding: it is closed with 1008. 0: never closed.
    int floodCloseAfter = 100;

    // Per visitor or agent, across all its connections (a reconnect does not reset them).
    RateLimit visitorMessages { 100, 10'000 };
    RateLimit agentMessages { 300, 10'000 };
    RateLimit offlineMessages { 10, hourMs };
    RateLimit conversationStarts { 20, hourMs };
    /// How many visitors and agents the per-identity limits remember at most.
    int trackedIdentities = 100'000;

    /// A history page stops growing before its messages pass this many bytes of JSON.
    int historyPageBytes = 256 * 1024;
    /// A queued conversation's entry (its preview) reaches the agents at most once per this many
    /// ms, however fast its visitor writes (0: every change at once).
    int queueUpdateIntervalMs = 500;

    bool operator==(const MessageLimits &) const = default;
};
