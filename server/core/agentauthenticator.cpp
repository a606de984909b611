#include "agentauthenticator.h"

#include "clock.h"
#include "passwordhasher.h"
#include "secrets.h"

#include <storage/sessionstore.h>

#include <QPointer>
#include <QtConcurrent>

namespace {
constexpr qint64 sessionLifetimeMs = 30LL * 24 * 3600 * 1000;

/// The hash a missing account's password is checked against. Computed once per process, on a
/// worker thread, starting when the first authenticator is made (server start-up).
QFuture<QString> decoyHash()
{
    static const QFuture<QString> decoy
        = QtConcurrent::run([] { return PasswordHasher::hash(QStringLiteral("decoy")); });
    return decoy;
}
} // namespace

AgentAuthenticator::AgentAuthenticator(SessionStore &store, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(clock)
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
                    return done(std::nullopt, {});
                issueSession(account->profile, done);
            });
        });
}

void AgentAuthenticator::resume(const AuthResume &request, const Done &done)
{
    m_store.findSession(Secrets::tokenHash(request.sessionToken), m_clock.nowMs(),
        [done, token = request.sessionToken](std::optional<AgentAccount> account) {
            if (!account || account->disabled)
                return done(std::nullopt, {});
            done(account->profile, token);
        });
}

void AgentAuthenticator::issueSession(const AgentView &agent, const Done &done)
{
    const QString token = Secrets::randomToken(32);
    const qint64 now = m_clock.nowMs();
    m_store.createSession(Secrets::tokenHash(token), agent.id, now, now + sessionLifetimeMs,
        [agent, token, done](bool committed) {
            if (!committed)
                return done(std::nullopt, {});
            done(agent, token);
        });
}
