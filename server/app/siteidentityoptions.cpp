#include "siteidentityoptions.h"

#include <core/identitysignature.h>

void SiteIdentityOptions::addTo(QCommandLineParser &parser)
{
    parser.addOption({ QStringLiteral("identity-secret"),
        QStringLiteral("'new': make a new secret for signing logged-in users' identities and print "
                       "it once; it replaces the old one (set)."),
        QStringLiteral("new") });
    parser.addOption({ QStringLiteral("identity"),
        QStringLiteral("Identity verification: off, optional (verified users are recognised on "
                       "every device) or required (only verified users get in) (set)."),
        QStringLiteral("off|optional|required") });
}

std::optional<QString> SiteIdentityOptions::read(const QCommandLineParser &parser)
{
    if (parser.isSet(QStringLiteral("identity-secret"))) {
        if (parser.value(QStringLiteral("identity-secret")) != u"new")
            return QStringLiteral("--identity-secret takes 'new' (the server makes the secret)");
        m_newSecret = true;
    }
    if (parser.isSet(QStringLiteral("identity"))) {
        m_mode = identityModeFromName(parser.value(QStringLiteral("identity")));
        if (!m_mode)
            return QStringLiteral("--identity takes off, optional or required");
    }
    return std::nullopt;
}

std::optional<QString> SiteIdentityOptions::applyTo(Site &site, QString &newSecret) const
{
    if (m_newSecret) {
        newSecret = IdentitySignature::newSecret();
        site.identitySecret = newSecret;
        if (site.identityMode == IdentityMode::Off)
            site.identityMode = IdentityMode::Optional;
    }
    if (m_mode)
        site.identityMode = *m_mode;
    if (site.identityMode != IdentityMode::Off && site.identitySecret.isEmpty())
        return QStringLiteral("identity verification needs a secret first: add "
                              "--identity-secret new");
    return std::nullopt;
}
