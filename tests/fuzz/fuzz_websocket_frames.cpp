// Any bytes as what a client writes on a WebSocket. The reader must never crash or buffer past
// its limit, must read the same messages and stop with the same error however the bytes are
// split into reads (the first input byte picks the split), and must hand out only valid UTF-8
// as text.
#include <websocket/frames.h>

#include <QList>
#include <QString>
#include <cstdint>
#include <cstdlib>

namespace {
constexpr qsizetype limit = 4096;

struct Outcome
{
    QList<WebSocket::Incoming> messages;
    std::optional<WebSocket::ReadError> error;
};

Outcome read(QByteArrayView bytes, qsizetype chunk)
{
    WebSocket::FrameReader reader({ limit, true });
    Outcome outcome;
    for (qsizetype i = 0; i < bytes.size() && !reader.error(); i += chunk) {
        reader.append(bytes.sliced(i, std::min(chunk, bytes.size() - i)));
        while (std::optional<WebSocket::Incoming> in = reader.next())
            outcome.messages.append(*in);
        // Buffered: at most a frame header, one message and what this read brought.
        if (reader.bufferedBytes() > limit + 14 + chunk + limit)
            std::abort();
    }
    outcome.error = reader.error();
    return outcome;
}

bool same(const Outcome &a, const Outcome &b)
{
    if (a.messages.size() != b.messages.size() || a.error.has_value() != b.error.has_value())
        return false;
    if (a.error && a.error->closeCode != b.error->closeCode)
        return false;
    for (qsizetype i = 0; i < a.messages.size(); ++i) {
        const WebSocket::Incoming &x = a.messages.at(i);
        const WebSocket::Incoming &y = b.messages.at(i);
        if (x.kind != y.kind || x.payload != y.payload || x.closeCode != y.closeCode)
            return false;
    }
    return true;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype chunk = 1 + data[0] % 17;
    const QByteArrayView bytes(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    const Outcome whole = read(bytes, std::max<qsizetype>(1, bytes.size()));
    if (!same(whole, read(bytes, chunk)))
        std::abort(); // the split changed what was read
    for (const WebSocket::Incoming &message : whole.messages) {
        if (message.kind == WebSocket::Incoming::Kind::Text
            && QString::fromUtf8(message.payload).toUtf8() != message.payload)
            std::abort(); // text that is not valid UTF-8 got through
    }
    return 0;
}
