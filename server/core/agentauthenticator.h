#pragma once

#include <protocol/clientmessages.h>
#include <protocol/views.h>

#include <storage/sessionstore.h>

#include "fairworkqueue.h"
#include "signinthrottle.h"

#include <QFuture>
#include <QObject>
#include <functional>
#include <optional>

class Clock;

/// @brief Signs agents in by email and password (checked off the event loop) or by a session
/// token from an earlier sign-in, and ends sessions.
///
/// A sign-in starts a session with an absolute deadline (lifetime) and an idle one that moves
/// on while the session is used. Every resume rotates the token: the agent gets a fresh one in
/// auth.ok and the one it presented stops working after a short overlap (a client that lost the
/// auth.ok may still retry with it).
///
/// Attempts are throttled per account and per client address (SignInThrottle): one refused is
/// answered at once, before any hash or query. Password checks take turns between addresses
/// (FairWorkQueue), so a burst from one address cannot hold up another's sign-in.
class AgentAuthenticator : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        qint64 idleMs = 12LL * 3600 * 1000;
        qint64 lifetimeMs = 30LL * 24 * 3600 * 1000;
        /// How long a token stays valid once it was used to resume (and so replaced).
        qint64 rotationOverlapMs = 2 * 60 * 1000;
        SignInThrottle::Options throttle;
    };

    /// A signed-in agent: its profile, the token to give it and the session the token opens.
    struct SignedIn
    {
        AgentView agent;
        QString token;
        AgentSession session;
    };
    /// What an attempt came to: the signed-in agent; or nothing, either because the credentials
    /// are wrong or (retryAfterMs > 0) because it was refused unchecked: too many attempts.
    struct Outcome
    {
        std::optional<SignedIn> signedIn;
        qint64 retryAfterMs = 0;
    };
    using Done = std::function<void(Outcome)>;

    AgentAuthenticator(
        SessionStore &store, const Clock &clock, Options options, QObject *parent = nullptr);

    const Options &options() const { return m_options; }

    /// @p address: the client's (AddressLimits::keyOf), whose attempts are counted together.
    void login(const AuthLogin &request, const QString &address, const Done &done);
    /// Resumes with a token from an earlier auth.ok and hands out a fresh one.
    void resume(const AuthResume &request, const QString &address, const Done &done);
    /// Ends @p sessionId: none of its tokens works from now on. @p done: whether it was stored.
    void logout(const QString &sessionId, const std::function<void(bool)> &done);

private:
    void startSession(
        const AgentView &agent, const std::function<void(std::optional<SignedIn>)> &done);

    SessionStore &m_store;
    const Clock &m_clock;
    Options m_options;
    QFuture<QString> m_decoyHash; // checked in place of a missing account's hash
    SignInThrottle m_throttle;
    FairWorkQueue m_checks; // password hashes, taking turns between addresses
};
