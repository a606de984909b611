#include "identitysignature.h"

#include "secrets.h"

#include <QMessageAuthenticationCode>

namespace IdentitySignature {

QString newSecret()
{
    return QStringLiteral("is_") + Secrets::randomToken(32);
}

QByteArray signedText(const QString &userId, const QString &email, qint64 expires)
{
    return userId.toUtf8() + '\n' + email.toUtf8() + '\n' + QByteArray::number(expires);
}

QString sign(const QString &secret, const QString &userId, const QString &email, qint64 expires)
{
    return QString::fromLatin1(QMessageAuthenticationCode::hash(
        signedText(userId, email, expires), secret.toUtf8(), QCryptographicHash::Sha256)
                                   .toHex());
}

Check check(const IdentityClaim &claim, const QString &secret, qint64 nowMs)
{
    // The signature is checked first and always, so an expired claim and a forged one take the
    // same work; an empty secret never verifies anything.
    const QByteArray expected = sign(secret, claim.userId, claim.email, claim.expires).toLatin1();
    const bool matches
        = Secrets::constantTimeEquals(expected, claim.signature.toLatin1()) && !secret.isEmpty();
    if (!matches)
        return Check::Mismatch;
    return claim.expires * 1000 > nowMs ? Check::Valid : Check::Expired;
}

} // namespace IdentitySignature
