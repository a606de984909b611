#pragma once

#include "utf8validator.h"

#include <QByteArray>
#include <QString>
#include <optional>

// RFC 6455 framing for the server side of a connection: reading what a client sends (masked,
// possibly fragmented, interleaved with control frames) and writing frames to it.
namespace WebSocket {

enum class Opcode : quint8 {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

/// Close codes this server sends (RFC 6455 section 7.4.1).
namespace CloseCode {
constexpr quint16 Normal = 1000;
constexpr quint16 GoingAway = 1001;
constexpr quint16 ProtocolError = 1002;
constexpr quint16 NoStatus = 1005; ///< received a close without a code; never sent
constexpr quint16 InvalidPayload = 1007;
constexpr quint16 PolicyViolation = 1008;
constexpr quint16 MessageTooBig = 1009;
constexpr quint16 InternalError = 1011;
} // namespace CloseCode

/// Control frames carry at most this many payload bytes.
constexpr qsizetype maxControlPayload = 125;

/// @brief A whole message or a control frame read from the peer.
struct Incoming
{
    enum class Kind { Text, Binary, Ping, Pong, Close };
    Kind kind = Kind::Text;
    QByteArray payload; ///< Text: valid UTF-8. Close: the reason, without the code.
    quint16 closeCode = CloseCode::NoStatus; ///< Close only
};

/// @brief Why the reader gave up: the code to close with and a reason for the log.
struct ReadError
{
    quint16 closeCode = CloseCode::ProtocolError;
    QString reason;
};

/// @brief Reads a client's byte stream into messages, enforcing RFC 6455 as a server must.
///
/// Bytes are appended as they arrive, in chunks of any size; next() hands out complete messages
/// and control frames in order. Memory stays bounded by the message limit: a frame or message
/// that would pass it is refused (1009) from its header, before its payload is read. Text is
/// validated as UTF-8 across fragments (1007 at the first invalid byte), and anything else the
/// RFC forbids a client — unmasked frames, reserved bits, unknown opcodes, fragmented or
/// oversized control frames, a continuation with nothing to continue — is a protocol error
/// (1002). After an error the reader stays failed.
class FrameReader
{
public:
    struct Limits
    {
        qsizetype maxMessageBytes = 64 * 1024;
        bool requireMask = true; ///< clients must mask (a server reading a client)
    };
    explicit FrameReader(Limits limits);

    void append(QByteArrayView bytes);
    /// Frees the buffer once everything in it has been read: an idle connection keeps none.
    void releaseConsumed();
    /// The next message or control frame, once it has arrived whole; nothing while more bytes
    /// are needed or after an error.
    std::optional<Incoming> next();
    const std::optional<ReadError> &error() const { return m_error; }
    /// Bytes received and not yet handed out (the partial frame and message).
    qsizetype bufferedBytes() const { return (m_buffer.size() - m_offset) + m_message.size(); }

private:
    struct Header
    {
        bool fin = false;
        Opcode opcode = Opcode::Continuation;
        quint32 mask = 0;
        bool masked = false;
        qsizetype headerBytes = 0;
        qsizetype payloadBytes = 0;
    };
    /// The header at the read position: nothing if incomplete; sets m_error if invalid.
    std::optional<Header> readHeader();
    std::optional<Incoming> takeControl(const Header &header, QByteArray payload);
    std::optional<Incoming> addFragment(const Header &header, QByteArrayView payload);
    std::nullopt_t fail(quint16 code, const QString &reason);

    Limits m_limits;
    QByteArray m_buffer;
    qsizetype m_offset = 0; // bytes of m_buffer already consumed
    bool m_inMessage = false; // a fragmented message has started and not finished
    Opcode m_messageOpcode = Opcode::Text;
    QByteArray m_message;
    Utf8Validator m_utf8;
    std::optional<ReadError> m_error;
};

/// One frame as this side writes it: unmasked from a server; @p mask set for a client (tests
/// and load generators speak as clients).
QByteArray encodeFrame(Opcode opcode, QByteArrayView payload, bool fin = true,
    std::optional<quint32> mask = std::nullopt);
/// A close frame with @p code and a UTF-8 @p reason (cut to fit a control frame).
QByteArray encodeClose(
    quint16 code, const QString &reason = {}, std::optional<quint32> mask = std::nullopt);
/// Whether a peer may send @p code in a close frame (RFC 6455 section 7.4).
bool isValidReceivedCloseCode(quint16 code);

} // namespace WebSocket
