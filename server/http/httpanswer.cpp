#include "httpanswer.h"

#include <QCryptographicHash>
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
    // 'self' in connect-src covers ws: and wss: to this server (CSP Level 3); img-src lets the
    // widget show attachments' thumbnails, which come from this server.
    return always + "; script-src 'self'; style-src " + styleSources
        + "; connect-src 'self'; img-src 'self'; form-action 'none'";
}

QByteArray reasonPhrase(HttpAnswer::Status status)
{
    using Status = HttpAnswer::Status;
    switch (status) {
    case Status::Ok:
        return "OK";
    case Status::Created:
        return "Created";
    case Status::NoContent:
        return "No Content";
    case Status::Conflict:
        return "Conflict";
    case Status::UnsupportedMediaType:
        return "Unsupported Media Type";
    case Status::BadRequest:
        return "Bad Request";
    case Status::Unauthorized:
        return "Unauthorized";
    case Status::Forbidden:
        return "Forbidden";
    case Status::NotFound:
        return "Not Found";
    case Status::RequestTimeout:
        return "Request Timeout";
    case Status::LengthRequired:
        return "Length Required";
    case Status::PayloadTooLarge:
        return "Content Too Large";
    case Status::UpgradeRequired:
        return "Upgrade Required";
    case Status::TooManyRequests:
        return "Too Many Requests";
    case Status::RequestHeaderFieldsTooLarge:
        return "Request Header Fields Too Large";
    case Status::InternalServerError:
        return "Internal Server Error";
    case Status::ServiceUnavailable:
        return "Service Unavailable";
    case Status::HttpVersionNotSupported:
        return "HTTP Version Not Supported";
    }
    return {}; // a reason phrase may be empty (RFC 9112, 4)
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
    for (auto &[key, existing] : m_headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            existing = value;
            return *this;
        }
    m_headers.append({ name, value });
    return *this;
}

HttpAnswer &HttpAnswer::withBodyFile(const QString &path, qint64 size)
{
    m_body.clear();
    m_bodyFile = path;
    m_bodyFileSize = size;
    return *this;
}

QByteArray HttpAnswer::header(const QByteArray &name) const
{
    for (const auto &[key, value] : m_headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

QByteArray HttpAnswer::toBytes(bool headOnly, bool keepAlive) const
{
    QByteArray bytes
        = "HTTP/1.1 " + QByteArray::number(int(m_status)) + ' ' + reasonPhrase(m_status) + "\r\n";
    for (const auto &[name, value] : m_headers)
        bytes += name + ": " + value + "\r\n";
    // 204 has no body and no length (RFC 9110, 8.6).
    if (m_status != Status::NoContent)
        bytes += "Content-Length: "
            + QByteArray::number(m_bodyFile.isEmpty() ? m_body.size() : m_bodyFileSize) + "\r\n";
    bytes += QByteArray("Connection: ") + (keepAlive ? "keep-alive" : "close") + "\r\n\r\n";
    return headOnly ? bytes : bytes + m_body;
}
