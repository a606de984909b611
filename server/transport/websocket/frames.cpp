#include "frames.h"

#include <QtEndian>
#include <utility>

namespace WebSocket {

namespace {
bool isControl(Opcode opcode)
{
    return quint8(opcode) >= 0x8;
}

bool isKnown(quint8 opcode)
{
    return opcode <= 0x2 || (opcode >= 0x8 && opcode <= 0xA);
}

void applyMask(char *data, qsizetype size, const uchar key[4])
{
    for (qsizetype i = 0; i < size; ++i)
        data[i] = char(uchar(data[i]) ^ key[i & 3]);
}
} // namespace

FrameReader::FrameReader(Limits limits)
    : m_limits(limits)
{ }

std::nullopt_t FrameReader::fail(quint16 code, const QString &reason)
{
    if (!m_error)
        m_error = ReadError { code, reason };
    return std::nullopt;
}

void FrameReader::append(QByteArrayView bytes)
{
    if (m_error)
        return;
    // Drop what was consumed before growing, so the buffer holds one frame, not the history.
    if (m_offset > 0 && (m_offset == m_buffer.size() || m_offset >= 64 * 1024)) {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
    }
    m_buffer.append(bytes);
}

void FrameReader::releaseConsumed()
{
    if (m_offset == m_buffer.size()) {
        m_buffer = QByteArray();
        m_offset = 0;
    }
}

std::optional<FrameReader::Header> FrameReader::readHeader()
{
    const qsizetype available = m_buffer.size() - m_offset;
    if (available < 2)
        return std::nullopt;
    const auto *p = reinterpret_cast<const uchar *>(m_buffer.constData() + m_offset);
    Header h;
    h.fin = p[0] & 0x80;
    if (p[0] & 0x70)
        return fail(CloseCode::ProtocolError, QStringLiteral("reserved bits set (no extension)"));
    if (!isKnown(p[0] & 0x0F))
        return fail(CloseCode::ProtocolError,
            QStringLiteral("unknown opcode 0x%1").arg(p[0] & 0x0F, 0, 16));
    h.opcode = Opcode(p[0] & 0x0F);
    h.masked = p[1] & 0x80;
    if (m_limits.requireMask && !h.masked)
        return fail(CloseCode::ProtocolError, QStringLiteral("client frames must be masked"));

    quint64 length = p[1] & 0x7F;
    qsizetype pos = 2;
    if (isControl(h.opcode)) {
        if (!h.fin)
            return fail(CloseCode::ProtocolError, QStringLiteral("fragmented control frame"));
        if (length > maxControlPayload)
            return fail(CloseCode::ProtocolError, QStringLiteral("control frame over 125 bytes"));
    } else if (h.opcode == Opcode::Continuation && !m_inMessage) {
        return fail(CloseCode::ProtocolError, QStringLiteral("continuation with no message"));
    } else if (h.opcode != Opcode::Continuation && m_inMessage) {
        return fail(
            CloseCode::ProtocolError, QStringLiteral("new message before the last one ended"));
    }
    if (length == 126) {
        if (available < 4)
            return std::nullopt;
        length = qFromBigEndian<quint16>(p + 2);
        pos = 4;
    } else if (length == 127) {
        if (available < 10)
            return std::nullopt;
        length = qFromBigEndian<quint64>(p + 2);
        if (length >> 63)
            return fail(CloseCode::ProtocolError, QStringLiteral("frame length over 2^63"));
        pos = 10;
    }
    // Refused from the header: the payload of an oversized message is never buffered.
    const quint64 allowance
        = quint64(m_limits.maxMessageBytes) - quint64(m_inMessage ? m_message.size() : 0);
    if (!isControl(h.opcode) && length > allowance)
        return fail(CloseCode::MessageTooBig,
            QStringLiteral("message over %1 bytes").arg(m_limits.maxMessageBytes));
    if (h.masked) {
        if (available < pos + 4)
            return std::nullopt;
        h.mask = qFromUnaligned<quint32>(p + pos); // kept in wire order
        pos += 4;
    }
    h.headerBytes = pos;
    h.payloadBytes = qsizetype(length);
    return h;
}

std::optional<Incoming> FrameReader::next()
{
    while (!m_error) {
        const std::optional<Header> header = readHeader();
        if (!header)
            return std::nullopt;
        const qsizetype available = m_buffer.size() - m_offset;
        if (available - header->headerBytes < header->payloadBytes)
            return std::nullopt;
        QByteArray payload(
            m_buffer.constData() + m_offset + header->headerBytes, header->payloadBytes);
        m_offset += header->headerBytes + header->payloadBytes;
        if (header->masked)
            applyMask(
                payload.data(), payload.size(), reinterpret_cast<const uchar *>(&header->mask));
        if (isControl(header->opcode))
            return takeControl(*header, std::move(payload));
        if (std::optional<Incoming> message = addFragment(*header, payload))
            return message;
    }
    return std::nullopt;
}

std::optional<Incoming> FrameReader::takeControl(const Header &header, QByteArray payload)
{
    Incoming control;
    switch (header.opcode) {
    case Opcode::Ping:
        control.kind = Incoming::Kind::Ping;
        break;
    case Opcode::Pong:
        control.kind = Incoming::Kind::Pong;
        break;
    default:
        control.kind = Incoming::Kind::Close;
        if (payload.size() == 1)
            return fail(CloseCode::ProtocolError, QStringLiteral("close frame of one byte"));
        if (payload.size() >= 2) {
            control.closeCode = qFromBigEndian<quint16>(payload.constData());
            if (!isValidReceivedCloseCode(control.closeCode))
                return fail(CloseCode::ProtocolError,
                    QStringLiteral("invalid close code %1").arg(control.closeCode));
            payload.remove(0, 2);
            Utf8Validator reason;
            if (!reason.feed(payload) || !reason.complete())
                return fail(CloseCode::InvalidPayload, QStringLiteral("close reason is not UTF-8"));
        }
        break;
    }
    control.payload = std::move(payload);
    return control;
}

std::optional<Incoming> FrameReader::addFragment(const Header &header, QByteArrayView payload)
{
    if (header.opcode != Opcode::Continuation) {
        m_inMessage = true;
        m_messageOpcode = header.opcode;
        m_message.clear();
        m_utf8.reset();
    }
    const bool text = m_messageOpcode == Opcode::Text;
    if (text && !m_utf8.feed(payload))
        return fail(CloseCode::InvalidPayload, QStringLiteral("text is not valid UTF-8"));
    m_message.append(payload);
    if (!header.fin)
        return std::nullopt;
    if (text && !m_utf8.complete())
        return fail(CloseCode::InvalidPayload, QStringLiteral("text ends inside a character"));
    m_inMessage = false;
    return Incoming { text ? Incoming::Kind::Text : Incoming::Kind::Binary,
        std::exchange(m_message, {}), CloseCode::NoStatus };
}

QByteArray encodeFrame(Opcode opcode, QByteArrayView payload, bool fin, std::optional<quint32> mask)
{
    QByteArray frame;
    frame.reserve(payload.size() + 14);
    frame.append(char((fin ? 0x80 : 0) | quint8(opcode)));
    const char maskBit = mask ? char(0x80) : char(0);
    const qsizetype size = payload.size();
    if (size < 126) {
        frame.append(char(maskBit | char(size)));
    } else if (size <= 0xFFFF) {
        frame.append(char(maskBit | 126));
        uchar length[2];
        qToBigEndian<quint16>(quint16(size), length);
        frame.append(reinterpret_cast<const char *>(length), 2);
    } else {
        frame.append(char(maskBit | 127));
        uchar length[8];
        qToBigEndian<quint64>(quint64(size), length);
        frame.append(reinterpret_cast<const char *>(length), 8);
    }
    const qsizetype payloadStart = frame.size() + (mask ? 4 : 0);
    if (mask)
        frame.append(reinterpret_cast<const char *>(&*mask), 4);
    frame.append(payload);
    if (mask)
        applyMask(frame.data() + payloadStart, size, reinterpret_cast<const uchar *>(&*mask));
    return frame;
}

QByteArray encodeClose(quint16 code, const QString &reason, std::optional<quint32> mask)
{
    QByteArray body(2, Qt::Uninitialized);
    qToBigEndian<quint16>(code, body.data());
    QByteArray text = reason.toUtf8();
    // Cut on a character boundary so the reason stays valid UTF-8.
    qsizetype keep = std::min<qsizetype>(text.size(), maxControlPayload - 2);
    while (keep > 0 && keep < text.size() && (uchar(text[keep]) & 0xC0) == 0x80)
        --keep;
    body.append(text.left(keep));
    return encodeFrame(Opcode::Close, body, true, mask);
}

bool isValidReceivedCloseCode(quint16 code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
}

} // namespace WebSocket
