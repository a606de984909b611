#include "requestframing.h"

#include "requesthead.h"

namespace {
HttpAnswer badRequest(const QString &message)
{
    return HttpAnswer::error(
        HttpAnswer::Status::BadRequest, QStringLiteral("bad_request"), message);
}

HttpAnswer tooLarge(qint64 maxBodyBytes)
{
    return HttpAnswer::error(HttpAnswer::Status::PayloadTooLarge, QStringLiteral("body_too_large"),
        maxBodyBytes == 0
            ? QStringLiteral("this resource takes no request body")
            : QStringLiteral("a request body here may be at most %1 bytes").arg(maxBodyBytes));
}

/// Whether the comma-separated Connection header lists @p option.
bool connectionLists(const RequestHead &head, const QByteArray &option)
{
    for (const QByteArray &token : head.headers.value("connection").split(','))
        if (token.trimmed().compare(option, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}
} // namespace

std::variant<RequestFraming, HttpAnswer> RequestFraming::of(
    const RequestHead &head, qint64 maxBodyBytes)
{
    if (head.method.isEmpty())
        return badRequest(QStringLiteral("the request line must be METHOD TARGET HTTP/1.1"));
    RequestFraming framing;
    if (head.version == "HTTP/1.1")
        framing.keepAlive = !connectionLists(head, "close");
    else if (head.version == "HTTP/1.0")
        framing.keepAlive = connectionLists(head, "keep-alive");
    else
        return HttpAnswer::error(HttpAnswer::Status::HttpVersionNotSupported,
            QStringLiteral("unsupported_version"), QStringLiteral("send HTTP/1.1"));

    const bool hasLength = head.headers.contains("content-length");
    if (head.headers.contains("transfer-encoding")) {
        if (hasLength)
            return badRequest(QStringLiteral("send Content-Length or Transfer-Encoding, not both"));
        if (maxBodyBytes == 0)
            return tooLarge(maxBodyBytes);
        return HttpAnswer::error(HttpAnswer::Status::LengthRequired,
            QStringLiteral("length_required"), QStringLiteral("send the body with Content-Length"));
    }
    if (!hasLength)
        return framing;
    const QByteArray length = head.headers.value("content-length");
    bool ok = length.size() <= 18
        && std::all_of(length.begin(), length.end(), [](char c) { return c >= '0' && c <= '9'; });
    framing.bodyBytes = ok ? length.toLongLong(&ok) : 0;
    if (!ok)
        return badRequest(QStringLiteral("Content-Length must be a number of bytes"));
    if (framing.bodyBytes > maxBodyBytes)
        return tooLarge(maxBodyBytes);
    return framing;
}
