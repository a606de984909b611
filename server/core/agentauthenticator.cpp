#include "agentauthenticator.h"

#include "clock.h"
#include "passwordhasher.h"
#include "secrets.h"

#include <QPointer>
#include <QtConcurrent>

namespace {
constexpr int tokenBytes = 32;

/// The hash a missing account's password is checked against. Computed once per process, on a
/// worker thread, starting when the first authenticator is made (server start-up).
QFuture<QString> decoyHash()
{
    static const QFuture<QString> decoy
        = QtConcurrent::run([] { return PasswordHasher::hash(QStringLiteral("decoy")); });
    return decoy;
}
} // namespace

AgentAuthenticator::AgentAuthenticator(
    SessionStore &store, const Clock &clock, Options options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(clock)
    , m_options(options)
    , m_decoyHash(decoyHash())
{ }

void AgentAuthenticator::login(const AuthLogin &request, const Done &done)
{
    m_store.findAgentByEmail(
        request.email, [this, request, done](std::optional<AgentAccount> account) {
            // Without an account the password is checked against the decoy hash, so timing does
            // not tell which emails exist. The worker waits for the decoy if start-up has not
            // finished computing it; the event loop never does.
            const std::optional<QString> stored
                = account ? std::optional(account->passwordHash) : std::nullopt;
            QtConcurrent::run([password = request.password, stored, decoy = m_decoyHash] {
                return PasswordHasher::verify(password, stored ? *stored : decoy.result());
            }).then(this, [this, account, done](bool valid) {
                if (!valid || !account || account->disabled)
                    return done(std::nullopt);
                startSession(account->profile, done);
            });
        });
}

void AgentAuthenticator::resume(const AuthResume &request, const Done &done)
{
    const QString token = Secrets::randomToken(tokenBytes);
    const qint64 now = m_clock.nowMs();
    m_store.resumeSession(Secrets::tokenHash(request.sessionToken), Secrets::tokenHash(token), now,
        now + m_options.rotationOverlapMs, now + m_options.idleMs,
        [done, token](std::optional<SessionGrant> grant) {
            if (!grant)
                return done(std::nullopt);
            done(SignedIn { grant->account.profile, token, grant->session });
        });
}

void AgentAuthenticator::logout(const QString &sessionId, const std::function<void(bool)> &done)
{
    m_store.endSession(sessionId, SessionEnd::SignedOut, m_clock.nowMs(), done);
}

void AgentAuthenticator::startSession(const AgentView &agent, const Done &done)
{
    const QString token = Secrets::randomToken(tokenBytes);
    const qint64 now = m_clock.nowMs();
    const AgentSession session { Secrets::newId(), agent.id, now, now + m_options.lifetimeMs,
        now + m_options.idleMs };
    m_store.startSession(
        session, Secrets::tokenHash(token), [agent, token, session, done](bool committed) {
            if (!committed)
                return done(std::nullopt);
            done(SignedIn { agent, token, session });
        });
}
