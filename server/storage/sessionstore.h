#pragma once

#include "records.h"
#include "storecallback.h"

#include <QHash>

/// @brief Why an agent's session may not go on.
enum class SessionEnd {
    SignedOut, ///< the agent signed out (auth.logout)
    SignedOutByAdmin, ///< `chat-server agent sign-out`
    PasswordChanged, ///< `chat-server agent passwd`
    AgentDisabled, ///< `chat-server agent disable`
    Expired, ///< past its absolute or idle deadline, or no longer stored
};

namespace Vocabulary {
template <> struct Names<SessionEnd>
{
    static constexpr std::array values { std::pair { SessionEnd::SignedOut, "signed_out" },
        std::pair { SessionEnd::SignedOutByAdmin, "signed_out_by_admin" },
        std::pair { SessionEnd::PasswordChanged, "password_changed" },
        std::pair { SessionEnd::AgentDisabled, "agent_disabled" },
        std::pair { SessionEnd::Expired, "expired" } };
};
} // namespace Vocabulary

/// @brief One sign-in of an agent. Its tokens rotate; the session (and its id) stays.
struct AgentSession
{
    QString id;
    QString agentId;
    qint64 signedInAt = 0;
    qint64 expiresAt = 0; // the absolute end
    qint64 idleExpiresAt = 0; // moves on while the session is used
};

/// @brief A signed-in agent and the session its token opened.
struct SessionGrant
{
    AgentAccount account;
    AgentSession session;
};

/// @brief How one agent's sessions stand: whether the account is disabled, and for each
/// session still stored why it ended (nothing: it may go on).
struct AgentSessionsState
{
    bool disabled = false;
    QHash<QString, std::optional<SessionEnd>> sessions; // by session id

    /// Why @p sessionId may not go on, or nothing while it may.
    std::optional<SessionEnd> endOf(const QString &sessionId) const
    {
        if (disabled)
            return SessionEnd::AgentDisabled;
        const auto it = sessions.constFind(sessionId);
        return it == sessions.cend() ? std::optional(SessionEnd::Expired) : *it;
    }
    bool hasUsableSession() const
    {
        return !disabled
            && std::any_of(sessions.cbegin(), sessions.cend(),
                [](const std::optional<SessionEnd> &end) { return !end; });
    }
};

/// @brief Agents' sign-in: accounts by email and the sessions issued to them.
///
/// Only token hashes are stored. Answers come on the caller's thread, in call order.
class SessionStore
{
public:
    virtual ~SessionStore() = default;

    virtual void findAgentByEmail(
        const QString &email, StoreCallback<std::optional<AgentAccount>> done)
        = 0;
    /// Stores a new @p session whose token hashes to @p tokenHash.
    virtual void startSession(const AgentSession &session, const QString &tokenHash, StoreDone done)
        = 0;
    /// Resumes the session the token @p tokenHash opens at @p now (not ended, within its
    /// deadlines, its agent enabled): @p newTokenHash becomes a token of it, the one presented
    /// stays valid until @p overlapUntil at most, and its idle deadline moves to
    /// @p idleExpiresAt. Nothing when the token opens no session.
    virtual void resumeSession(const QString &tokenHash, const QString &newTokenHash, qint64 now,
        qint64 overlapUntil, qint64 idleExpiresAt, StoreCallback<std::optional<SessionGrant>> done)
        = 0;
    /// The agent whose session the token @p tokenHash opens at @p now, or nothing (a token
    /// presented as it is, e.g. an HTTP bearer token: nothing rotates).
    virtual void findSession(
        const QString &tokenHash, qint64 now, StoreCallback<std::optional<AgentAccount>> done)
        = 0;
    /// Ends the session @p sessionId (every token of it is refused from now on).
    virtual void endSession(const QString &sessionId, SessionEnd reason, qint64 now, StoreDone done)
        = 0;
    /// Moves the idle deadline of the sessions @p sessionIds (in use right now) to
    /// @p idleExpiresAt.
    virtual void keepSessionsAlive(const QStringList &sessionIds, qint64 idleExpiresAt) = 0;
    /// A number that moves whenever a session may have ended before its deadlines (ended,
    /// its agent disabled or its password changed), by this process or another one.
    virtual void sessionChanges(StoreCallback<qint64> done) = 0;
    /// How the sessions of @p agentIds stand at @p now.
    virtual void checkSessions(const QStringList &agentIds, qint64 now,
        StoreCallback<QHash<QString, AgentSessionsState>> done)
        = 0;
};
