#include "lateresponder.h"

LateResponder::Pending LateResponder::take(
    QHttpServerResponder &&responder, const QHttpServerRequest &request)
{
    return std::make_shared<LateResponder>(std::move(responder), HttpAnswer::isHead(request));
}

LateResponder::LateResponder(QHttpServerResponder &&responder, bool headOnly)
    : m_socket(responder.socket())
    , m_responder(std::move(responder))
    , m_headOnly(headOnly)
{ }

void LateResponder::answer(const HttpAnswer &answer)
{
    if (m_socket)
        answer.write(m_responder, m_headOnly);
}
