#include "visitorgateway.h"

#include "clock.h"
#include "conversationrouter.h"
#include "identitysignature.h"
#include "secrets.h"
#include "weborigin.h"

#include <storage/conversationstore.h>

#include <protocol/serverevents.h>

namespace {
constexpr int recentConversations = 10;

void applyHello(VisitorView &view, const Hello &hello, qint64 now)
{
    if (!hello.name.isEmpty())
        view.name = hello.name;
    if (!hello.email.isEmpty())
        view.email = hello.email;
    if (!hello.page.isEmpty())
        view.visit(hello.page, now);
    if (!hello.userAgent.isEmpty())
        view.userAgent = hello.userAgent;
    if (!hello.language.isEmpty())
        view.language = hello.language;
    if (!hello.timeZone.isEmpty())
        view.timeZone = hello.timeZone;
}

/// Why @p hello may not come in under the site's identity rules, or nothing.
std::optional<ErrorEvent> identityRefusal(const Hello &hello, const Site &site, qint64 now)
{
    if (site.identityMode == IdentityMode::Off)
        return std::nullopt; // signatures are ignored: the site has not set up verification
    if (hello.identity) {
        switch (IdentitySignature::check(*hello.identity, site.identitySecret, now)) {
        case IdentitySignature::Check::Valid:
            return std::nullopt;
        case IdentitySignature::Check::Mismatch:
            return ErrorEvent { ErrorCode::IdentityInvalid,
                QStringLiteral("the identity signature does not match the site's secret"),
                QStringLiteral("identity.signature") };
        case IdentitySignature::Check::Expired:
            return ErrorEvent { ErrorCode::IdentityInvalid,
                QStringLiteral("the identity signature has expired; sign a fresh one"),
                QStringLiteral("identity.expires") };
        }
    }
    if (site.identityMode == IdentityMode::Required)
        return ErrorEvent { ErrorCode::IdentityRequired,
            QStringLiteral("this site admits only signed-in users with a signed identity"),
            QStringLiteral("identity") };
    return std::nullopt;
}
} // namespace

void VisitorGateway::hello(const Hello &hello, const QString &origin, const Done &done)
{
    m_store.findSiteByKey(
        hello.siteKey, [this, hello, origin, done](const std::optional<Site> &site) {
            if (!site || site->disabled)
                return done(std::nullopt,
                    ErrorEvent { ErrorCode::UnknownSite,
                        QStringLiteral("unknown or disabled site key"), {} });
            if (!WebOrigin::isAllowed(origin, site->origins))
                return done(std::nullopt,
                    ErrorEvent { ErrorCode::Forbidden,
                        QStringLiteral("this page's origin %1 is not allowed for the site")
                            .arg(origin),
                        QStringLiteral("siteKey") });
            if (auto refusal = identityRefusal(hello, *site, m_clock.nowMs()))
                return done(std::nullopt, *refusal);
            if (site->identityMode != IdentityMode::Off && hello.identity)
                admitVerified(hello, *site, done);
            else
                admitAnonymous(hello, *site, done);
        });
}

void VisitorGateway::admitAnonymous(const Hello &hello, const Site &site, const Done &done)
{
    const QString tokenHash
        = hello.visitorToken.isEmpty() ? QString() : Secrets::tokenHash(hello.visitorToken);
    m_store.findVisitorByToken(
        site.id, tokenHash, [this, hello, done, site](std::optional<VisitorRecord> found) {
            const qint64 now = m_clock.nowMs();
            QString token = hello.visitorToken;
            VisitorRecord record;
            // A verified user's visitor is only ever let in with a valid signature: a token left
            // on a device after its user signed out opens nothing of theirs.
            if (found && found->createdAt + m_tokenLifetimeMs > now && found->userId.isEmpty()) {
                record = *found;
            } else {
                // Unknown, foreign or expired token: a new identity, never one the client chose.
                token = Secrets::randomToken(24);
                record.view.id = Secrets::newId();
                record.siteId = site.id;
                record.tokenHash = Secrets::tokenHash(token);
                record.createdAt = now;
            }
            applyHello(record.view, hello, now);
            record.lastSeenAt = now;
            m_store.saveVisitor(record, nullptr);
            welcome(record, site, token, done);
        });
}

void VisitorGateway::admitVerified(const Hello &hello, const Site &site, const Done &done)
{
    // Every device of the user shares one visitor; each hello gets a fresh token (the signed
    // identity, not the token, is what finds the visitor again).
    const QString token = Secrets::randomToken(24);
    VisitorRecord candidate;
    candidate.view.id = Secrets::newId();
    candidate.siteId = site.id;
    candidate.userId = hello.identity->userId;
    candidate.tokenHash = Secrets::tokenHash(token);
    candidate.createdAt = m_clock.nowMs();
    candidate.lastSeenAt = candidate.createdAt;
    m_store.claimVisitorForUser(candidate, [this, hello, done, site, token](VisitorRecord record) {
        if (record.view.id.isEmpty())
            return done(std::nullopt,
                ErrorEvent { ErrorCode::StorageError,
                    QStringLiteral("could not store the visitor; try again"), {} });
        const qint64 now = m_clock.nowMs();
        applyHello(record.view, hello, now);
        if (!hello.identity->email.isEmpty())
            record.view.email = hello.identity->email; // the signed address wins
        record.view.verified = true;
        record.tokenHash = Secrets::tokenHash(token);
        record.lastSeenAt = now;
        m_store.saveVisitor(record, nullptr);
        welcome(record, site, token, done);
    });
}

void VisitorGateway::welcome(
    const VisitorRecord &record, const Site &site, const QString &token, const Done &done)
{
    m_store.listVisitorConversations(record.view.id, recentConversations,
        [this, done, record, site, token](QList<ConversationView> conversations) {
            // Open conversations are answered from the router's live state.
            for (ConversationView &conversation : conversations)
                if (conversation.isOpen())
                    conversation
                        = m_router.openConversationOf(record.view.id).value_or(conversation);
            Participant participant { Participant::Kind::Visitor, record.view.id,
                record.view.name.isEmpty() ? QStringLiteral("Visitor") : record.view.name, site.id,
                false };
            done(Admitted { participant, record.view, site.departments },
                WelcomeEvent { record.view.id, token, site.widgetConfig(), m_router.agentsOnline(),
                    conversations, m_epoch });
        });
}
