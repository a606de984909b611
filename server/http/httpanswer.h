#pragma once

#include <QByteArray>
#include <QHttpServerResponder>
#include <QList>
#include <utility>

class QHttpServerRequest;
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
class HttpAnswer
{
public:
    enum class Resource { Data, Page, Script };
    using Status = QHttpServerResponder::StatusCode;

    HttpAnswer(
        Status status, QByteArray contentType, QByteArray body, Resource resource = Resource::Data);
    static HttpAnswer json(const QJsonObject &body, Status status = Status::Ok);
    /// `{"error": code, "message": message}`.
    static HttpAnswer error(Status status, const QString &code, const QString &message);
    /// An HTML page; its inline `<style>` blocks are allowed by their SHA-256.
    static HttpAnswer page(const QByteArray &html);
    static HttpAnswer script(const QByteArray &javascript);

    /// Adds a header (Cache-Control, Content-Disposition, WWW-Authenticate, ...).
    HttpAnswer &withHeader(const QByteArray &name, const QByteArray &value);

    /// Writes the answer for @p request: for HEAD the head alone, with the body's length.
    void write(QHttpServerResponder &responder, const QHttpServerRequest &request) const;
    void write(QHttpServerResponder &responder, bool headOnly) const;
    /// The whole answer as bytes, closing the connection: for sockets the HTTP server never sees.
    QByteArray toBytesAndClose() const;

    Status status() const { return m_status; }
    const QByteArray &body() const { return m_body; }
    QByteArray header(const QByteArray &name) const;
    static bool isHead(const QHttpServerRequest &request);

private:
    Status m_status;
    QByteArray m_body;
    QList<std::pair<QByteArray, QByteArray>> m_headers;
};
