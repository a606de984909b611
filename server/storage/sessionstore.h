#pragma once

#include "records.h"
#include "storecallback.h"

/// @brief Agents' sign-in: accounts by email and the session tokens issued to them.
///
/// Only token hashes are stored. Answers come on the caller's thread, in call order.
class SessionStore
{
public:
    virtual ~SessionStore() = default;

    virtual void findAgentByEmail(
        const QString &email, StoreCallback<std::optional<AgentAccount>> done)
        = 0;
    virtual void createSession(const QString &tokenHash, const QString &agentId, qint64 now,
        qint64 expiresAt, StoreDone done)
        = 0;
    /// The agent of an unexpired session, or nothing.
    virtual void findSession(
        const QString &tokenHash, qint64 now, StoreCallback<std::optional<AgentAccount>> done)
        = 0;
};
