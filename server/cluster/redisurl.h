#pragma once

#include <QByteArray>
#include <QString>
#include <variant>

/// @brief Why a Redis URL was refused, in words an operator can act on.
struct RedisUrlError
{
    QString message;
};

/// @brief Where a Redis server is and how to sign in to it, from
/// `redis://[[username]:password@]host[:port][/database]` (for `--bus`).
///
/// The host may be a name, an IPv4 address or a bracketed IPv6 address; the port defaults to
/// 6379 and the database to 0. A password (percent-encoded in the URL when it holds `@`, `:` or
/// `/`) is sent with AUTH on every connection, with the username when one is given (Redis 6
/// ACL users). TLS (`rediss://`), query options and Unix sockets are not supported and are
/// refused as such.
struct RedisUrl
{
    QString host;
    quint16 port = 6379;
    QByteArray username;
    QByteArray password;
    int database = 0;

    static std::variant<RedisUrl, RedisUrlError> parse(const QString &text);

    /// The URL without the password, for logs and messages.
    QString toDisplayString() const;

    bool operator==(const RedisUrl &) const = default;
};
