#pragma once

#include <protocol/clientmessages.h>

#include <QString>

/// @brief Checks that a site's backend vouched for a logged-in user: the HMAC-SHA256, keyed
/// with the site's identity secret, of "<userId>\n<email>\n<expires>" in lowercase hex.
///
/// The secret has to be kept as is (a hash of it could not key the HMAC). Signatures are
/// compared in constant time so a guesser learns nothing from how long a refusal takes.
namespace IdentitySignature {
enum class Check { Valid, Mismatch, Expired };

/// A new secret for a site: 32 random bytes, base64url, with a prefix that says what it is.
QString newSecret();
/// The text a signature covers.
QByteArray signedText(const QString &userId, const QString &email, qint64 expires);
/// What the site's backend computes (docs/identity.md), lowercase hex.
QString sign(const QString &secret, const QString &userId, const QString &email, qint64 expires);
/// Valid only with the right signature for an expiry later than @p nowMs.
Check check(const IdentityClaim &claim, const QString &secret, qint64 nowMs);
} // namespace IdentitySignature
