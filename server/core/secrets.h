#pragma once

#include <QList>
#include <QString>

/// @brief Identifiers and tokens: random, unguessable, and stored only as hashes.
namespace Secrets {
/// A new opaque id (UUID v4 text without braces).
QString newId();
/// @p bytes random bytes from the system CSPRNG, base64url without padding.
QString randomToken(int bytes = 24);
/// Hex SHA-256 of a token, as stored in the database.
QString tokenHash(const QString &token);
/// Compares in time independent of where the inputs differ.
bool constantTimeEquals(const QByteArray &a, const QByteArray &b);
} // namespace Secrets
