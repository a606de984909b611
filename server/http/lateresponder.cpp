#include "lateresponder.h"

LateResponder::Pending LateResponder::take(QHttpServerResponder &&responder)
{
    return std::make_shared<LateResponder>(std::move(responder));
}

LateResponder::LateResponder(QHttpServerResponder &&responder)
    : m_socket(responder.socket())
    , m_responder(std::move(responder))
{ }

QHttpServerResponder *LateResponder::get()
{
    return m_socket ? &m_responder : nullptr;
}
