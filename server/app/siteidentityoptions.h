#pragma once

#include <storage/records.h>

#include <QCommandLineParser>
#include <optional>

/// @brief The identity verification options of `chat-server site set`: `--identity-secret new`
/// makes (or replaces) the site's signing secret, `--identity off|optional|required` its mode.
class SiteIdentityOptions
{
public:
    static void addTo(QCommandLineParser &parser);
    /// Reads the options; an error message if one is malformed.
    std::optional<QString> read(const QCommandLineParser &parser);
    bool isSet() const { return m_newSecret || m_mode; }
    /// Applies them to @p site; the new secret if one was made (to print once), else empty.
    /// A new secret on a site that verified nothing turns verification on (optional). An error
    /// message if the site would need a secret it has not got.
    std::optional<QString> applyTo(Site &site, QString &newSecret) const;

private:
    bool m_newSecret = false;
    std::optional<IdentityMode> m_mode;
};
