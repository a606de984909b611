#include "httprouter.h"

void HttpRouter::get(const QByteArray &path, Handler handler)
{
    route(HttpRequest::Method::Get, path, 0, std::move(handler));
}

void HttpRouter::route(
    HttpRequest::Method method, const QByteArray &path, qint64 maxBodyBytes, Handler handler)
{
    m_routes[path].insert(method, Route { maxBodyBytes, std::move(handler) });
}

const HttpRouter::Route *HttpRouter::find(HttpRequest::Method method, const QByteArray &path) const
{
    const auto byMethod = m_routes.constFind(path);
    if (byMethod == m_routes.cend())
        return nullptr;
    // HEAD is GET without the body (RFC 9110, 9.3.2).
    const auto route = byMethod->constFind(
        method == HttpRequest::Method::Head ? HttpRequest::Method::Get : method);
    return route == byMethod->cend() ? nullptr : &*route;
}

qint64 HttpRouter::maxBodyBytes(HttpRequest::Method method, const QByteArray &path) const
{
    const Route *route = find(method, path);
    return route ? route->maxBodyBytes : 0;
}

void HttpRouter::dispatch(const HttpRequest &request, const HttpResponder::Pending &responder) const
{
    if (const Route *route = find(request.method, request.path))
        return route->handler(request, responder);
    responder->answer(HttpAnswer::error(HttpAnswer::Status::NotFound, QStringLiteral("not_found"),
        QStringLiteral("no such resource")));
}
