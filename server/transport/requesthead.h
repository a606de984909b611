#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <optional>

/// @brief The request line and headers of an HTTP/1.1 request, read without consuming it,
/// so the listener can tell WebSocket upgrades from plain HTTP before handing the socket on.
struct RequestHead
{
    QByteArray method;
    QByteArray path; // without the query string
    QByteArray query; // after '?', still percent-encoded
    QByteArray version; // "HTTP/1.1"
    QHash<QByteArray, QByteArray>
        headers; // names lower-cased; a repeated one's values joined by ", "
    qsizetype byteCount = 0; // the whole head, its closing blank line included

    static constexpr qsizetype maxBytes = 8192;

    /// Parses @p bytes when they hold a complete head ("\r\n\r\n"); nothing otherwise.
    static std::optional<RequestHead> parse(const QByteArray &bytes);
    bool isWebSocketUpgrade() const;
    /// Whether Sec-WebSocket-Protocol lists @p protocol.
    bool offersSubprotocol(const QByteArray &protocol) const;
    /// The value of query parameter @p name, decoded; empty when absent.
    QString queryValue(const QString &name) const;
};
