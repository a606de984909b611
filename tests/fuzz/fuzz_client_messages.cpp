// Any bytes as one client frame. The decoder must never crash, hang or read out of bounds,
// and what it accepts must survive the encoder: encoding a decoded request and decoding that
// again gives the same request (the agent app and the tests send what encodeClientMessage makes).
#include <protocol/clientmessages.h>

#include <QJsonDocument>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray frame
        = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto decoded = decodeClientMessage(frame);
    const auto *request = std::get_if<ClientRequest>(&decoded);
    if (!request)
        return 0;
    const QJsonObject encoded = encodeClientMessage(request->message, request->rid);
    const auto again = decodeClientMessage(QJsonDocument(encoded).toJson(QJsonDocument::Compact));
    const auto *second = std::get_if<ClientRequest>(&again);
    if (!second || encodeClientMessage(second->message, second->rid) != encoded)
        std::abort(); // the encoder wrote something the decoder reads differently
    return 0;
}
