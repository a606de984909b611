#include "httprouter.h"

void HttpRouter::get(const QByteArray &path, Handler handler)
{
    route(HttpRequest::Method::Get, path, 0, std::move(handler));
}

void HttpRouter::route(
    HttpRequest::Method method, const QByteArray &path, qint64 maxBodyBytes, Handler handler)
{
    m_routes[path].insert(method, Route { maxBodyBytes, std::move(handler), nullptr });
}

void HttpRouter::routeUnder(
    HttpRequest::Method method, const QByteArray &prefix, qint64 maxBodyBytes, Handler handler)
{
    m_prefixRoutes[prefix].insert(method, Route { maxBodyBytes, std::move(handler), nullptr });
}

const HttpRouter::Route *HttpRouter::find(HttpRequest::Method method, const QByteArray &path) const
{
    // HEAD is GET without the body (RFC 9110, 9.3.2).
    const auto wanted = method == HttpRequest::Method::Head ? HttpRequest::Method::Get : method;
    if (const auto byMethod = m_routes.constFind(path); byMethod != m_routes.cend()) {
        const auto route = byMethod->constFind(wanted);
        return route == byMethod->cend() ? nullptr : &*route;
    }
    const Route *best = nullptr;
    qsizetype bestLength = -1;
    for (auto it = m_prefixRoutes.cbegin(); it != m_prefixRoutes.cend(); ++it) {
        if (it.key().size() <= bestLength || !path.startsWith(it.key()))
            continue;
        const auto route = it->constFind(wanted);
        best = route == it->cend() ? nullptr : &*route;
        bestLength = it.key().size();
    }
    return best;
}

void HttpRouter::streamUnder(HttpRequest::Method method, const QByteArray &prefix,
    qint64 maxBodyBytes, StreamedRoute streamed)
{
    m_prefixRoutes[prefix].insert(method,
        Route {
            maxBodyBytes, nullptr, std::make_shared<const StreamedRoute>(std::move(streamed)) });
}

const StreamedRoute *HttpRouter::streamed(HttpRequest::Method method, const QByteArray &path) const
{
    const Route *route = find(method, path);
    return route ? route->streamed.get() : nullptr;
}

qint64 HttpRouter::maxBodyBytes(HttpRequest::Method method, const QByteArray &path) const
{
    const Route *route = find(method, path);
    return route ? route->maxBodyBytes : 0;
}

void HttpRouter::dispatch(const HttpRequest &request, const HttpResponder::Pending &responder) const
{
    if (const Route *route = find(request.method, request.path); route && route->handler)
        return route->handler(request, responder);
    responder->answer(HttpAnswer::error(HttpAnswer::Status::NotFound, QStringLiteral("not_found"),
        QStringLiteral("no such resource")));
}
