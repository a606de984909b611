#pragma once

#include "messagelimits.h"

#include <QHash>
#include <QString>
#include <array>

class Clock;

/// @brief Per visitor and per agent budgets (messages per second, offline messages and new
/// conversations per hour), kept by identity so that they span all its connections and
/// survive a reconnect. The memory is bounded: past MessageLimits::trackedIdentities, the
/// identities whose budgets have refilled are forgotten first.
class IdentityLimiter
{
public:
    enum class Kind { Message, OfflineMessage, ConversationStart };

    IdentityLimiter(const MessageLimits &limits, const Clock &clock);

    /// Takes one @p kind from @p identity's budget: 0 when allowed, else how many ms to wait
    /// (nothing is taken then).
    qint64 take(const QString &identity, bool agent, Kind kind);
    qsizetype trackedCount() const { return m_identities.size(); }

private:
    struct Budget
    {
        std::array<TokenBucket, 3> buckets;
        bool agent = false;
        qint64 lastMs = 0;
    };
    const RateLimit &limitOf(bool agent, Kind kind) const;
    bool isFull(Budget &budget, qint64 nowMs) const;
    void makeRoom(qint64 nowMs);

    const MessageLimits &m_limits;
    const Clock &m_clock;
    QHash<QString, Budget> m_identities;
};
