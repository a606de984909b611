#pragma once

#include "httprequest.h"
#include "httpresponder.h"

#include <QByteArrayView>
#include <functional>
#include <memory>

/// @brief Where a streamed request body goes as it arrives (an upload written to disk), so a
/// large body never sits in memory whole.
class HttpBodySink
{
public:
    virtual ~HttpBodySink() = default;
    /// Takes the next bytes of the body; false when they could not be kept.
    virtual bool write(QByteArrayView bytes) = 0;
};

/// @brief A route that streams its request body into a sink instead of receiving it whole.
///
/// The route decides from the head alone (admit), before a byte of the body is read: it answers
/// the responder to refuse (the connection then closes, since the unread body cannot be told
/// from a next request), or calls `accept` with the sink to stream into. Once the whole body is
/// in the sink, finish() gives the answer. A client that stops sending for the request time
/// limit is refused with 408; a sink that fails to write gets 500.
struct StreamedRoute
{
    using Accept = std::function<void(std::shared_ptr<HttpBodySink>)>;
    std::function<void(
        const HttpRequest &head, const HttpResponder::Pending &refusal, Accept accept)>
        admit;
    std::function<void(const HttpRequest &request, std::shared_ptr<HttpBodySink> body,
        const HttpResponder::Pending &answer)>
        finish;
};
