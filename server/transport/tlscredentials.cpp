#include "tlscredentials.h"

#include <QDateTime>
#include <QFile>
#include <QLoggingCategory>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>

Q_LOGGING_CATEGORY(lcTls, "chat.tls")

namespace {
std::variant<QByteArray, QString> readPem(const QString &path, const char *what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read the TLS %1 file %2: %3")
            .arg(QLatin1String(what), path, file.errorString());
    return file.readAll();
}

/// RSA and EC keys are tried in turn: a PEM "PRIVATE KEY" block does not say which it is.
QSslKey privateKeyFrom(const QByteArray &pem)
{
    for (const auto algorithm : { QSsl::Rsa, QSsl::Ec }) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return {};
}
/// Whether the public key's last bytes (the end of the RSA modulus and its exponent, or the EC
/// point) appear in the private key's encoding, which carries its public part as well. Qt has
/// no call that pairs a key with a certificate; a real mismatch only shows at the handshake.
bool keyHoldsPublicPart(const QSslKey &privateKey, const QSslKey &publicKey)
{
    const QByteArray publicTail = publicKey.toDer().right(48);
    return !publicTail.isEmpty() && privateKey.toDer().contains(publicTail);
}
} // namespace

std::variant<QSslConfiguration, QString> TlsCredentials::load(
    const QString &certificatePath, const QString &keyPath)
{
    if (!QSslSocket::supportsSsl())
        return QStringLiteral("TLS is not available: Qt found no TLS backend (install the "
                              "OpenSSL 3 library, libssl3)");
    auto chainPem = readPem(certificatePath, "certificate");
    if (auto *error = std::get_if<QString>(&chainPem))
        return *error;
    auto keyPem = readPem(keyPath, "key");
    if (auto *error = std::get_if<QString>(&keyPem))
        return *error;

    const QList<QSslCertificate> chain
        = QSslCertificate::fromData(std::get<QByteArray>(chainPem), QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull())
        return QStringLiteral("%1 holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
            .arg(certificatePath);
    const QSslKey key = privateKeyFrom(std::get<QByteArray>(keyPem));
    if (key.isNull())
        return QStringLiteral("%1 holds no unencrypted RSA or EC private key in PEM").arg(keyPath);
    const QSslCertificate &leaf = chain.first();
    if (key.algorithm() != leaf.publicKey().algorithm()
        || key.length() != leaf.publicKey().length())
        return QStringLiteral("the key in %1 does not belong to the certificate in %2")
            .arg(keyPath, certificatePath);
    if (!keyHoldsPublicPart(key, leaf.publicKey()))
        qCWarning(lcTls).noquote()
            << "the key in" << keyPath << "does not seem to belong to the certificate in"
            << certificatePath << "- handshakes will fail if it does not";

    if (leaf.expiryDate() < QDateTime::currentDateTimeUtc())
        qCWarning(lcTls).noquote()
            << "the TLS certificate expired on" << leaf.expiryDate().toString(Qt::ISODate)
            << "- browsers will refuse it";

    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    // Clients are not asked for certificates: visitors and agents prove who they are in chat.v1.
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    return configuration;
}
