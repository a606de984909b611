#pragma once

#include <QSet>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

class ConversationStore;

/// @brief Decides, from the upgrade request alone, whether a web page may open a WebSocket
/// endpoint, so a refused page gets 403 before any upgrade.
///
/// /ws/visitor: the page's Origin must be one its site allows (sites name their origins with
/// `site add|set --origin`); a request without Origin is refused, and so is every page of a site
/// that allows none yet. The site is the `site` query parameter of the upgrade URL (the widget
/// sends it); without it the origin must be allowed by some enabled site, and hello checks it
/// against the site it names (VisitorGateway). /ws/agent: no Origin (the desktop app) is let
/// in; a browser page only from an origin configured for the agent app (`--agent-origin`).
class OriginPolicy
{
public:
    /// Why an upgrade is refused: a code for programs and a message for the operator.
    struct Refusal
    {
        QString code;
        QString message;
    };
    using Verdict = std::function<void(std::optional<Refusal>)>;

    OriginPolicy(ConversationStore &sites, QStringList agentOrigins);

    /// Answers @p done (after reading the sites) with nothing to let the visitor in.
    void checkVisitor(const QString &origin, const QString &siteKey, const Verdict &done);
    std::optional<Refusal> checkAgent(const QString &origin) const;
    /// Logs a warning for each enabled site that allows no origin (its widget cannot connect).
    void warnAboutSitesWithoutOrigins();

private:
    void warnOnce(const QString &siteKey, const QString &siteName);

    ConversationStore &m_sites;
    QStringList m_agentOrigins;
    QSet<QString> m_warned; // site keys already reported, so a busy page does not flood the log
};
