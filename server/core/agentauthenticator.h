#pragma once

#include <protocol/clientmessages.h>
#include <protocol/views.h>

#include <QFuture>
#include <QObject>
#include <functional>
#include <optional>

class SessionStore;
class Clock;

/// @brief Signs agents in by email and password (checked off the event loop) or by a session
/// token from an earlier sign-in.
class AgentAuthenticator : public QObject
{
    Q_OBJECT
public:
    AgentAuthenticator(SessionStore &store, const Clock &clock, QObject *parent = nullptr);

    /// The signed-in agent and its session token, or nothing when the credentials are wrong.
    using Done = std::function<void(std::optional<AgentView> agent, const QString &sessionToken)>;

    void login(const AuthLogin &request, const Done &done);
    void resume(const AuthResume &request, const Done &done);

private:
    void issueSession(const AgentView &agent, const Done &done);

    SessionStore &m_store;
    const Clock &m_clock;
    QFuture<QString> m_decoyHash; // checked in place of a missing account's hash
};
