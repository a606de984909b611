#include "originpolicy.h"

#include <core/weborigin.h>
#include <storage/conversationstore.h>

#include <QLoggingCategory>
#include <algorithm>

Q_LOGGING_CATEGORY(lcOrigins, "chat.origins")

namespace {
OriginPolicy::Refusal notAllowed(const QString &message)
{
    return { QStringLiteral("origin_not_allowed"), message };
}

QString addOriginHint(const QString &siteKey)
{
    return QStringLiteral("chat-server site set --key %1 --origin https://your-shop.example")
        .arg(siteKey);
}
} // namespace

OriginPolicy::OriginPolicy(ConversationStore &sites, QStringList agentOrigins)
    : m_sites(sites)
    , m_agentOrigins(std::move(agentOrigins))
{ }

void OriginPolicy::checkVisitor(const QString &origin, const QString &siteKey, const Verdict &done)
{
    if (origin.isEmpty())
        return done(Refusal { QStringLiteral("origin_required"),
            QStringLiteral("/ws/visitor is for web pages: the request has no Origin header") });
    if (!WebOrigin::normalized(origin))
        return done(notAllowed(QStringLiteral("the page's origin %1 is no site's").arg(origin)));
    if (siteKey.isEmpty()) {
        m_sites.listSites([origin, done](const QList<Site> &sites) {
            const bool someSite = std::any_of(sites.cbegin(), sites.cend(), [&](const Site &site) {
                return !site.disabled && WebOrigin::isAllowed(origin, site.origins);
            });
            done(someSite ? std::nullopt
                          : std::optional(notAllowed(
                              QStringLiteral("the page's origin %1 is no site's").arg(origin))));
        });
        return;
    }
    m_sites.findSiteByKey(siteKey, [this, origin, siteKey, done](const std::optional<Site> &site) {
        if (!site || site->disabled)
            return done(Refusal {
                QStringLiteral("unknown_site"), QStringLiteral("unknown or disabled site key") });
        if (site->origins.isEmpty()) {
            warnOnce(siteKey, site->name);
            return done(
                notAllowed(QStringLiteral("the site allows no page origins yet: add one with %1")
                               .arg(addOriginHint(siteKey))));
        }
        if (!WebOrigin::isAllowed(origin, site->origins))
            return done(notAllowed(
                QStringLiteral("the page's origin %1 is not allowed for the site").arg(origin)));
        done(std::nullopt);
    });
}

std::optional<OriginPolicy::Refusal> OriginPolicy::checkAgent(const QString &origin) const
{
    if (origin.isEmpty() || WebOrigin::isAllowed(origin, m_agentOrigins))
        return std::nullopt;
    return notAllowed(
        QStringLiteral("pages of %1 may not open /ws/agent (the agent app sends no "
                       "Origin; the server's --agent-origin lists web pages that may)")
            .arg(origin));
}

void OriginPolicy::warnAboutSitesWithoutOrigins()
{
    m_sites.listSites([this](const QList<Site> &sites) {
        for (const Site &site : sites)
            if (!site.disabled && site.origins.isEmpty())
                warnOnce(site.siteKey, site.name);
    });
}

void OriginPolicy::warnOnce(const QString &siteKey, const QString &siteName)
{
    if (m_warned.contains(siteKey))
        return;
    m_warned.insert(siteKey);
    qCWarning(lcOrigins).noquote()
        << QStringLiteral("site '%1' (%2) allows no page origins: its widget is refused until "
                          "one is added: %3")
               .arg(siteName, siteKey, addOriginHint(siteKey));
}
