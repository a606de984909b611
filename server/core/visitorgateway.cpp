#include "visitorgateway.h"

#include "clock.h"
#include "conversationrouter.h"
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
} // namespace

void VisitorGateway::hello(const Hello &hello, const QString &origin, const Done &done)
{
    ConversationStore &store = m_store;
    store.findSiteByKey(
        hello.siteKey, [this, hello, origin, done, &store](const std::optional<Site> &site) {
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
            const QString tokenHash
                = hello.visitorToken.isEmpty() ? QString() : Secrets::tokenHash(hello.visitorToken);
            store.findVisitorByToken(site->id, tokenHash,
                [this, hello, done, site = *site, &store](std::optional<VisitorRecord> found) {
                    const qint64 now = m_clock.nowMs();
                    QString token = hello.visitorToken;
                    VisitorRecord record;
                    if (found && found->createdAt + m_tokenLifetimeMs > now) {
                        record = *found;
                    } else {
                        // Unknown, foreign or expired token: a new identity, never one the
                        // client chose.
                        token = Secrets::randomToken(24);
                        record.view.id = Secrets::newId();
                        record.siteId = site.id;
                        record.tokenHash = Secrets::tokenHash(token);
                        record.createdAt = now;
                    }
                    applyHello(record.view, hello, now);
                    record.lastSeenAt = now;
                    store.saveVisitor(record, nullptr);
                    store.listVisitorConversations(record.view.id, recentConversations,
                        [this, done, record, site, token](QList<ConversationView> conversations) {
                            // Open conversations are answered from the router's live state.
                            for (ConversationView &conversation : conversations)
                                if (conversation.isOpen())
                                    conversation = m_router.openConversationOf(record.view.id)
                                                       .value_or(conversation);
                            Participant participant { Participant::Kind::Visitor, record.view.id,
                                record.view.name.isEmpty() ? QStringLiteral("Visitor")
                                                           : record.view.name,
                                site.id, false };
                            done(Admitted { participant, record.view, site.departments },
                                WelcomeEvent { record.view.id, token, site.widgetConfig(),
                                    m_router.agentsOnline(), conversations });
                        });
                });
        });
}
