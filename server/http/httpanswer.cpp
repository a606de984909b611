#include "httpanswer.h"

#include <QCryptographicHash>
#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace {
QByteArray contentSecurityPolicy(HttpAnswer::Resource resource, const QByteArray &html)
{
    const QByteArray always = "default-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    if (resource != HttpAnswer::Resource::Page)
        return always;
    static const QRegularExpression inlineStyle(QStringLiteral("<style[^>]*>(.*?)</style>"),
        QRegularExpression::DotMatchesEverythingOption);
    QByteArrayList styles;
    for (const auto &match : inlineStyle.globalMatch(QString::fromUtf8(html)))
        styles.append("'sha256-"
            + QCryptographicHash::hash(match.captured(1).toUtf8(), QCryptographicHash::Sha256)
                  .toBase64()
            + "'");
    const QByteArray styleSources = styles.isEmpty() ? "'none'" : styles.join(' ');
    // 'self' in connect-src covers ws: and wss: to this server (CSP Level 3).
    return always + "; script-src 'self'; style-src " + styleSources
        + "; connect-src 'self'; form-action 'none'";
}

QByteArray reasonPhrase(HttpAnswer::Status status)
{
    using Status = HttpAnswer::Status;
    switch (status) {
    case Status::Ok:
        return "OK";
    case Status::BadRequest:
        return "Bad Request";
    case Status::Forbidden:
        return "Forbidden";
    case Status::NotFound:
        return "Not Found";
    case Status::UpgradeRequired:
        return "Upgrade Required";
    case Status::RequestHeaderFieldsTooLarge:
        return "Request Header Fields Too Large";
    default:
        return {}; // a reason phrase may be empty (RFC 9112, 4)
    }
}
} // namespace

HttpAnswer::HttpAnswer(Status status, QByteArray contentType, QByteArray body, Resource resource)
    : m_status(status)
    , m_body(std::move(body))
{
    m_headers = {
        { "Content-Type", std::move(contentType) },
        { "Content-Security-Policy", contentSecurityPolicy(resource, m_body) },
        { "X-Content-Type-Options", "nosniff" },
        { "Referrer-Policy", "no-referrer" },
        { "Cross-Origin-Resource-Policy",
            resource == Resource::Script ? "cross-origin" : "same-origin" },
    };
}

HttpAnswer HttpAnswer::json(const QJsonObject &body, Status status)
{
    return HttpAnswer(
        status, "application/json", QJsonDocument(body).toJson(QJsonDocument::Compact));
}

HttpAnswer HttpAnswer::error(Status status, const QString &code, const QString &message)
{
    return json(QJsonObject { { "error", code }, { "message", message } }, status);
}

HttpAnswer HttpAnswer::page(const QByteArray &html)
{
    return HttpAnswer(Status::Ok, "text/html; charset=utf-8", html, Resource::Page);
}

HttpAnswer HttpAnswer::script(const QByteArray &javascript)
{
    return HttpAnswer(Status::Ok, "text/javascript; charset=utf-8", javascript, Resource::Script);
}

HttpAnswer &HttpAnswer::withHeader(const QByteArray &name, const QByteArray &value)
{
    m_headers.append({ name, value });
    return *this;
}

QByteArray HttpAnswer::header(const QByteArray &name) const
{
    for (const auto &[key, value] : m_headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

bool HttpAnswer::isHead(const QHttpServerRequest &request)
{
    return request.method() == QHttpServerRequest::Method::Head;
}

void HttpAnswer::write(QHttpServerResponder &responder, const QHttpServerRequest &request) const
{
    write(responder, isHead(request));
}

void HttpAnswer::write(QHttpServerResponder &responder, bool headOnly) const
{
    responder.writeStatusLine(m_status);
    for (const auto &[name, value] : m_headers)
        responder.writeHeader(name, value);
    responder.writeHeader("Content-Length", QByteArray::number(m_body.size()));
    responder.writeBody(headOnly ? QByteArray() : m_body); // ends the head in either case
}

QByteArray HttpAnswer::toBytesAndClose() const
{
    QByteArray bytes
        = "HTTP/1.1 " + QByteArray::number(int(m_status)) + ' ' + reasonPhrase(m_status) + "\r\n";
    for (const auto &[name, value] : m_headers)
        bytes += name + ": " + value + "\r\n";
    return bytes + "Content-Length: " + QByteArray::number(m_body.size())
        + "\r\nConnection: close\r\n\r\n" + m_body;
}
