#pragma once

#include "httpanswer.h"

#include <functional>
#include <memory>
#include <utility>

/// @brief The one answer a request gets, shared by the callbacks that may give it (a route that
/// asks the store answers later, from the store's callback).
///
/// The first answer() goes out; later ones are ignored. Whoever made the responder decides what
/// sending means: the HTTP connection drops the answer when its client has gone, so a late
/// answer never touches a closed socket. A responder released unanswered (a route that forgot
/// to answer) answers 500, so the connection never waits forever.
class HttpResponder
{
public:
    using Pending = std::shared_ptr<HttpResponder>;
    using Send = std::function<void(const HttpAnswer &)>;

    explicit HttpResponder(Send send)
        : m_send(std::move(send))
    { }
    ~HttpResponder()
    {
        if (m_send)
            m_send(HttpAnswer::error(HttpAnswer::Status::InternalServerError,
                QStringLiteral("internal_error"), QStringLiteral("the request was not answered")));
    }
    Q_DISABLE_COPY_MOVE(HttpResponder)

    void answer(const HttpAnswer &answer)
    {
        if (auto send = std::exchange(m_send, nullptr))
            send(answer);
    }

private:
    Send m_send;
};
