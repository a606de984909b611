#pragma once

#include "httpanswer.h"

#include <QHttpServerResponder>
#include <QPointer>
#include <QTcpSocket>
#include <memory>

class QHttpServerRequest;

/// @brief An HTTP answer that is written later, after the store or a worker has done its part,
/// and only if the client is still connected.
///
/// QHttpServerResponder (Qt 6.4) keeps a plain pointer to its socket, which the server deletes
/// when the client hangs up; writing through it afterwards touches freed memory. Routes that
/// answer from a callback take the responder into a LateResponder and answer through it. It
/// remembers whether the request was HEAD, so the answer is then its head alone.
class LateResponder
{
public:
    using Pending = std::shared_ptr<LateResponder>;

    /// Takes the route's responder; share the result with the callbacks that answer.
    static Pending take(QHttpServerResponder &&responder, const QHttpServerRequest &request);

    LateResponder(QHttpServerResponder &&responder, bool headOnly);
    Q_DISABLE_COPY_MOVE(LateResponder)

    /// Writes @p answer, or drops it when the client has gone.
    void answer(const HttpAnswer &answer);

private:
    QPointer<QTcpSocket> m_socket;
    QHttpServerResponder m_responder;
    bool m_headOnly;
};
