#pragma once

#include <QString>
#include <QStringList>

/// @brief Salted slow password hashes: PBKDF2-HMAC-SHA256, stored as
/// `pbkdf2-sha256$<iterations>$<salt>$<hash>` so the cost can rise without breaking old hashes.
///
/// Both functions take a few hundred milliseconds by design: call them off the event loop.
namespace PasswordHasher {
inline constexpr int defaultIterations = 120'000;

QString hash(const QString &password, int iterations = defaultIterations);
bool verify(const QString &password, const QString &stored);
} // namespace PasswordHasher
