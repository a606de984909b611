#pragma once

#include <http/httpanswer.h>

#include <variant>

struct RequestHead;

/// @brief What a request head says about the bytes after it and about the connection: how long
/// its body is and whether the connection stays open after the answer.
///
/// Decided from the head alone, before any body byte is read, so a body larger than the
/// route's limit is refused (413) without being received. Anything the server cannot frame
/// safely is refused too: a malformed request line (400), another HTTP version (505), both
/// `Content-Length` and `Transfer-Encoding` or a bad length (400, the request-smuggling shapes),
/// and a chunked body (411, or 413 where the route takes no body). A refusal closes the
/// connection, since the server cannot tell where the next request would begin.
struct RequestFraming
{
    qint64 bodyBytes = 0;
    bool keepAlive = true;

    /// The framing of @p head for a route accepting up to @p maxBodyBytes, or the answer that
    /// refuses it.
    static std::variant<RequestFraming, HttpAnswer> of(
        const RequestHead &head, qint64 maxBodyBytes);
};
