#pragma once

#include <QSslConfiguration>
#include <QString>
#include <variant>

/// @brief The server's certificate chain and private key, read from PEM files once at start-up,
/// as the TLS configuration every accepted connection is encrypted with.
///
/// The chain file holds the server's certificate first, then any intermediates (as Let's Encrypt
/// and most CAs ship `fullchain.pem`); the key is RSA or EC, unencrypted (the server starts
/// unattended). TLS 1.2 is the oldest version offered.
struct TlsCredentials
{
    /// A configuration for server-side sockets, or a message that says what is wrong with the
    /// files (missing, unreadable, not PEM, a key of another algorithm or size than the
    /// certificate's). A key of the right kind that still does not belong to the certificate
    /// is only found by the first handshake, which fails and is logged.
    static std::variant<QSslConfiguration, QString> load(
        const QString &certificatePath, const QString &keyPath);
};
