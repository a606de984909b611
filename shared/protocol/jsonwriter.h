#pragma once

#include <QByteArray>
#include <QString>

/// @brief Writes compact JSON straight into UTF-8 bytes, for the events the server sends most.
///
/// Building a QJsonObject (a CBOR container) and serialising it costs about half of the
/// server's event-loop time per chat message; writing the same JSON directly costs a fraction.
/// The output is the same JSON value (keys in the order written, not sorted); the protocol's
/// tests check it against the QJsonObject form. Keys are ASCII literals and are not escaped.
class JsonWriter
{
public:
    explicit JsonWriter(qsizetype reserve = 256) { m_out.reserve(reserve); }

    JsonWriter &beginObject();
    JsonWriter &endObject();
    /// The next member's key (an ASCII literal without characters to escape).
    JsonWriter &key(const char *name);
    JsonWriter &value(const QString &text);
    JsonWriter &value(qint64 number);
    JsonWriter &value(bool flag);

    QByteArray take() { return std::move(m_out); }

private:
    void separate();

    QByteArray m_out;
    bool m_first = true; // no member written yet in the current object
};
