#pragma once

#include <QHttpServerResponder>
#include <QPointer>
#include <QTcpSocket>
#include <memory>

/// @brief An HTTP answer that is written later, after the store or a worker has done its part,
/// and only if the client is still connected.
///
/// QHttpServerResponder (Qt 6.4) keeps a plain pointer to its socket, which the server deletes
/// when the client hangs up; writing through it afterwards touches freed memory. Routes that
/// answer from a callback take the responder into a LateResponder and write through get().
class LateResponder
{
public:
    using Pending = std::shared_ptr<LateResponder>;

    /// Takes the route's responder; share the result with the callbacks that answer.
    static Pending take(QHttpServerResponder &&responder);

    explicit LateResponder(QHttpServerResponder &&responder);
    Q_DISABLE_COPY_MOVE(LateResponder)

    /// The responder, or nullptr when the client has gone (the answer is then dropped).
    QHttpServerResponder *get();

private:
    QPointer<QTcpSocket> m_socket;
    QHttpServerResponder m_responder;
};
