#pragma once

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QString>
#include <QTemporaryDir>

/// @brief A self-signed certificate for localhost and 127.0.0.1, made with the openssl command
/// when a test starts (nothing secret is committed), and the client configuration that trusts
/// it and nothing else.
class TestCertificate
{
public:
    /// Generates a fresh EC P-256 key and certificate; isValid() says whether it worked.
    TestCertificate();

    bool isValid() const { return !m_certificate.isNull(); }
    /// What went wrong when it is not valid (openssl missing or failing).
    const QString &error() const { return m_error; }
    QString certificatePath() const { return m_dir.filePath(QStringLiteral("cert.pem")); }
    QString keyPath() const { return m_dir.filePath(QStringLiteral("key.pem")); }
    /// A client configuration whose only trusted CA is this certificate, verifying the peer.
    QSslConfiguration clientConfiguration() const;

private:
    QTemporaryDir m_dir;
    QSslCertificate m_certificate;
    QString m_error;
};
