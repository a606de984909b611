#pragma once

#include <protocol/clientmessages.h>
#include <protocol/views.h>

#include <storage/sessionstore.h>

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
    };

    /// A signed-in agent: its profile, the token to give it and the session the token opens.
    struct SignedIn
    {
        AgentView agent;
        QString token;
        AgentSession session;
    };
    /// The signed-in agent, or nothing when the credentials are wrong.
    using Done = std::function<void(std::optional<SignedIn>)>;

    AgentAuthenticator(
        SessionStore &store, const Clock &clock, Options options, QObject *parent = nullptr);

    const Options &options() const { return m_options; }

    void login(const AuthLogin &request, const Done &done);
    /// Resumes with a token from an earlier auth.ok and hands out a fresh one.
    void resume(const AuthResume &request, const Done &done);
    /// Ends @p sessionId: none of its tokens works from now on. @p done: whether it was stored.
    void logout(const QString &sessionId, const std::function<void(bool)> &done);

private:
    void startSession(const AgentView &agent, const Done &done);

    SessionStore &m_store;
    const Clock &m_clock;
    Options m_options;
    QFuture<QString> m_decoyHash; // checked in place of a missing account's hash
};
