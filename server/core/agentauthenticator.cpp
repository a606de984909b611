#include "agentauthenticator.h"

#include "clock.h"
#include "passwordhasher.h"
#include "secrets.h"

#include <storage/sessionstore.h>

#include <QPointer>
#include <QtConcurrent>

namespace {
constexpr qint64 sessionLifetimeMs = 30LL * 24 * 3600 * 1000;
}

AgentAuthenticator::AgentAuthenticator(SessionStore &store, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(clock)
{ }

void AgentAuthenticator::login(const AuthLogin &request, const Done &done)
{
    m_store.findAgentByEmail(
        request.email, [this, request, done](std::optional<AgentAccount> account) {
            // Without an account the hash is still computed, so timing does not tell which emails
            // exist.
            static const QString decoy = PasswordHasher::hash(QStringLiteral("decoy"));
            const QString stored = account ? account->passwordHash : decoy;
            const QString password = request.password;
            QtConcurrent::run([password, stored] {
                return PasswordHasher::verify(password, stored);
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
