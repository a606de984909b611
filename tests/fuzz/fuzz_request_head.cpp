// Any bytes as the start of what a client sends on the server's port. The listener peeks at
// most RequestHead::maxBytes and parses them to decide between HTTP and a WebSocket upgrade:
// parsing must never crash, a head it returns lies inside the bytes it was given, and every
// question the listener asks of it must be answerable.
#include <transport/requesthead.h>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data),
        qsizetype(std::min<size_t>(size, RequestHead::maxBytes)));
    const std::optional<RequestHead> head = RequestHead::parse(bytes);
    if (!head)
        return 0;
    if (head->byteCount > bytes.size())
        std::abort(); // the listener would consume bytes the head does not own
    (void)head->isWebSocketUpgrade();
    (void)head->offersSubprotocol("chat.v1");
    (void)head->queryValue(QStringLiteral("site"));
    return 0;
}
