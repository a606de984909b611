#pragma once

#include "httpbodysink.h"
#include "httprequest.h"
#include "httpresponder.h"

#include <QHash>
#include <functional>

/// @brief Maps a request's method and path to the handler that answers it, and says how much
/// body each route accepts, so the connection can refuse a larger one before reading it.
///
/// A GET route answers HEAD too (the connection sends its head alone). An unknown path, or a
/// method the path has no route for, gets 404 with the same security headers as every answer.
class HttpRouter
{
public:
    using Handler = std::function<void(const HttpRequest &, const HttpResponder::Pending &)>;

    /// A GET (and HEAD) route for @p path; it takes no request body.
    void get(const QByteArray &path, Handler handler);
    /// A route for @p method on @p path that accepts up to @p maxBodyBytes of body.
    void route(
        HttpRequest::Method method, const QByteArray &path, qint64 maxBodyBytes, Handler handler);

    /// A route for @p method on every path that begins with @p prefix (e.g. "/api/files/"),
    /// used when no exact route matches; the longest matching prefix wins.
    void routeUnder(
        HttpRequest::Method method, const QByteArray &prefix, qint64 maxBodyBytes, Handler handler);

    /// A route on every path under @p prefix that streams a body of up to @p maxBodyBytes
    /// (StreamedRoute): uploads.
    void streamUnder(HttpRequest::Method method, const QByteArray &prefix, qint64 maxBodyBytes,
        StreamedRoute streamed);
    /// The streamed route for @p method and @p path, or nullptr when it has none.
    const StreamedRoute *streamed(HttpRequest::Method method, const QByteArray &path) const;

    /// The most body bytes a request for @p method and @p path may carry (0 without a route).
    qint64 maxBodyBytes(HttpRequest::Method method, const QByteArray &path) const;
    /// Answers @p request through its route's handler, or 404.
    void dispatch(const HttpRequest &request, const HttpResponder::Pending &responder) const;

private:
    struct Route
    {
        qint64 maxBodyBytes = 0;
        Handler handler;
        std::shared_ptr<const StreamedRoute> streamed; // set: the body is streamed, not handled
    };
    const Route *find(HttpRequest::Method method, const QByteArray &path) const;

    QHash<QByteArray, QHash<HttpRequest::Method, Route>> m_routes; // by path, then method
    QHash<QByteArray, QHash<HttpRequest::Method, Route>> m_prefixRoutes; // by prefix
};
