#pragma once

#include <QString>
#include <QStringList>
#include <optional>

/// @brief Web origins as browsers send them in the Origin header: `scheme://host[:port]`,
/// lower case, without the scheme's default port. A site lists the origins whose pages may use
/// its widget; the server lists those whose pages may open the agent endpoint.
namespace WebOrigin {
/// @p text as an origin in the browser's form ("HTTPS://Shop.example:443/" becomes
/// "https://shop.example"); nothing when it is not an http(s) origin (no scheme, a path, a query,
/// a wildcard, the opaque "null").
std::optional<QString> normalized(const QString &text);
/// Whether the page origin @p origin is one of @p allowed, both compared in normalized form.
/// An empty or unreadable @p origin is allowed by nothing.
bool isAllowed(const QString &origin, const QStringList &allowed);
} // namespace WebOrigin
