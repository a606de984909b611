#include "agentauthenticator.h"

#include "clock.h"
#include "passwordhasher.h"
#include "secrets.h"

#include <QThread>
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
    , m_throttle(clock, options.throttle)
    , m_checks(QThread::idealThreadCount())
{ }

void AgentAuthenticator::login(const AuthLogin &request, const QString &address, const Done &done)
{
    // Counted per email regardless of case and spaces, so variants of one email share a count.
    const QString account = request.email.trimmed().toCaseFolded();
    if (const qint64 wait = m_throttle.admitLogin(account, address))
        return done(Outcome { std::nullopt, wait });
    auto finished = [this, account, address, done](std::optional<SignedIn> signedIn) {
        m_throttle.loginFinished(account, address, signedIn.has_value());
        done(Outcome { std::move(signedIn), 0 });
    };
    m_store.findAgentByEmail(
        request.email, [this, request, address, finished](std::optional<AgentAccount> account) {
            // Without an account the password is checked against the decoy hash, so timing does
            // not tell which emails exist. The worker waits for the decoy if start-up has not
            // finished computing it; the event loop never does.
            const std::optional<QString> stored
                = account ? std::optional(account->passwordHash) : std::nullopt;
            m_checks.submit(
                address,
                [password = request.password, stored, decoy = m_decoyHash] {
                    return PasswordHasher::verify(password, stored ? *stored : decoy.result());
                },
                [this, account, finished](bool valid) {
                    if (!valid || !account || account->disabled)
                        return finished(std::nullopt);
                    startSession(account->profile, finished);
                });
        });
}

void AgentAuthenticator::resume(const AuthResume &request, const QString &address, const Done &done)
{
    if (const qint64 wait = m_throttle.admitResume(address))
        return done(Outcome { std::nullopt, wait });
    const QString token = Secrets::randomToken(tokenBytes);
    const qint64 now = m_clock.nowMs();
    m_store.resumeSession(Secrets::tokenHash(request.sessionToken), Secrets::tokenHash(token), now,
        now + m_options.rotationOverlapMs, now + m_options.idleMs,
        [this, address, done, token](std::optional<SessionGrant> grant) {
            m_throttle.resumeFinished(address, grant.has_value());
            if (!grant)
                return done(Outcome {});
            done(Outcome { SignedIn { grant->account.profile, token, grant->session }, 0 });
        });
}

void AgentAuthenticator::logout(const QString &sessionId, const std::function<void(bool)> &done)
{
    m_store.endSession(sessionId, SessionEnd::SignedOut, m_clock.nowMs(), done);
}

void AgentAuthenticator::startSession(
    const AgentView &agent, const std::function<void(std::optional<SignedIn>)> &done)
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
