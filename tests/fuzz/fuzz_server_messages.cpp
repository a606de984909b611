// Any bytes as one server frame, read the way the agent app reads it. Decoding must never
// crash, and whatever the server's encoder writes for a decoded event, the decoder reads back
// exactly: encoding, decoding and encoding again gives the same JSON. (The decoder is lenient
// with what no server sends, e.g. a department without an id, so the first decode may lose
// such parts; the encoder's own output must not lose anything.)
#include <protocol/serverevents.h>

#include <QJsonDocument>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QJsonDocument document = QJsonDocument::fromJson(
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!document.isObject())
        return 0;
    const ServerMessage message = decodeServerMessage(document.object());
    if (message.as<OtherEvent>())
        return 0;
    const QJsonObject encoded = serverEventToJson(message.event, message.rid);
    const ServerMessage again = decodeServerMessage(encoded);
    if (serverEventToJson(again.event, again.rid) != encoded)
        std::abort(); // the encoder wrote something the decoder reads differently
    return 0;
}
