#include "testcertificate.h"

#include <QFile>
#include <QProcess>
#include <QSslSocket>

TestCertificate::TestCertificate()
{
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
        { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
            QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
            QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
            QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
            QStringLiteral("/CN=localhost"), QStringLiteral("-addext"),
            QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1"), QStringLiteral("-keyout"),
            keyPath(), QStringLiteral("-out"), certificatePath() });
    if (!openssl.waitForFinished(30'000) || openssl.exitCode() != 0) {
        m_error
            = QStringLiteral("openssl req failed: %1 %2")
                  .arg(openssl.errorString(), QString::fromUtf8(openssl.readAllStandardError()));
        return;
    }
    const auto certificates = QSslCertificate::fromPath(certificatePath());
    if (certificates.isEmpty())
        m_error = QStringLiteral("openssl wrote no certificate");
    else
        m_certificate = certificates.first();
}

QSslConfiguration TestCertificate::clientConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setCaCertificates({ m_certificate });
    configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    return configuration;
}
