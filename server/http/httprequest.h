#pragma once

#include <QByteArray>
#include <QHash>
#include <QUrlQuery>

/// @brief One HTTP request as the routes see it: method, path, query, headers and the body
/// the route allowed (never more than its limit; see HttpRouter).
struct HttpRequest
{
    enum class Method { Get, Head, Post, Put, Patch, Delete, Options, Other };

    Method method = Method::Other;
    QByteArray path; // without the query string
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names lower-cased
    QByteArray body;

    static Method methodFromName(const QByteArray &name)
    {
        static const QHash<QByteArray, Method> known { { "GET", Method::Get },
            { "HEAD", Method::Head }, { "POST", Method::Post }, { "PUT", Method::Put },
            { "PATCH", Method::Patch }, { "DELETE", Method::Delete },
            { "OPTIONS", Method::Options } };
        return known.value(name, Method::Other); // methods are case-sensitive (RFC 9110, 9.1)
    }
    /// The value of header @p name, in any case.
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
    /// The token of an `Authorization: Bearer <token>` header, or empty.
    QByteArray bearerToken() const
    {
        const QByteArray value = header("Authorization").trimmed();
        if (value.size() < 7 || value.left(7).compare("Bearer ", Qt::CaseInsensitive) != 0)
            return {};
        return value.mid(7).trimmed();
    }
};
