#pragma once

#include <QByteArray>
#include <QList>
#include <utility>

class QJsonObject;

/// @brief One HTTP answer of the server with the security headers its kind of resource needs;
/// every answer, from a route, the missing-route handler or the listener's refusals, is written
/// through here, so none goes out without them. HEAD gets the head alone.
///
/// Every answer carries `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, a
/// Content-Security-Policy with `default-src 'none'`, `base-uri 'none'` and
/// `frame-ancestors 'none'` (nothing may frame it), and `Cross-Origin-Resource-Policy:
/// same-origin`. A page may also run its own scripts, its own inline `<style>` blocks (allowed by
/// hash) and open WebSockets to this server; a script is readable cross-origin, since other
/// sites embed the widget.
///
/// It serialises itself (status line, headers, `Content-Length`, `Connection`), so whoever holds
/// the socket writes it: the HTTP connection for routes, the listener for its refusals.
class HttpAnswer
{
public:
    enum class Resource { Data, Page, Script };
    enum class Status {
        Ok = 200,
        Created = 201,
        NoContent = 204,
        BadRequest = 400,
        Unauthorized = 401,
        Forbidden = 403,
        NotFound = 404,
        RequestTimeout = 408,
        LengthRequired = 411,
        Conflict = 409,
        PayloadTooLarge = 413,
        UnsupportedMediaType = 415,
        UpgradeRequired = 426,
        TooManyRequests = 429,
        RequestHeaderFieldsTooLarge = 431,
        InternalServerError = 500,
        ServiceUnavailable = 503,
        HttpVersionNotSupported = 505,
    };

    HttpAnswer(
        Status status, QByteArray contentType, QByteArray body, Resource resource = Resource::Data);
    static HttpAnswer json(const QJsonObject &body, Status status = Status::Ok);
    /// `{"error": code, "message": message}`.
    static HttpAnswer error(Status status, const QString &code, const QString &message);
    /// An HTML page; its inline `<style>` blocks are allowed by their SHA-256.
    static HttpAnswer page(const QByteArray &html);
    static HttpAnswer script(const QByteArray &javascript);

    /// The body is the file at @p path, @p size bytes, sent from disk in pieces as the client
    /// takes them (the connection streams it; body() stays empty).
    HttpAnswer &withBodyFile(const QString &path, qint64 size);
    const QString &bodyFile() const { return m_bodyFile; }
    qint64 bodyFileSize() const { return m_bodyFileSize; }

    /// Adds a header (Cache-Control, Content-Disposition, WWW-Authenticate, ...), or replaces
    /// the one of that name (e.g. a wider Cross-Origin-Resource-Policy).
    HttpAnswer &withHeader(const QByteArray &name, const QByteArray &value);

    /// The whole answer as bytes (of a body file: the head alone, the connection sends the
    /// file after it); with @p headOnly (HEAD) the head alone, with the body's
    /// length. @p keepAlive says whether the connection stays open for another request.
    QByteArray toBytes(bool headOnly, bool keepAlive) const;
    /// The whole answer, closing the connection: for the listener's refusals.
    QByteArray toBytesAndClose() const { return toBytes(false, false); }

    Status status() const { return m_status; }
    const QByteArray &body() const { return m_body; }
    QByteArray header(const QByteArray &name) const;

private:
    Status m_status;
    QByteArray m_body;
    QString m_bodyFile;
    qint64 m_bodyFileSize = 0;
    QList<std::pair<QByteArray, QByteArray>> m_headers;
};
