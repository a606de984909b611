#include "jsonwriter.h"

namespace {
void appendEscaped(QByteArray &out, const QString &text)
{
    out.append('"');
    const QByteArray utf8 = text.toUtf8();
    qsizetype plainFrom = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(utf8.constData() + plainFrom, i - plainFrom);
        plainFrom = i + 1;
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        default: {
            static const char hex[] = "0123456789abcdef";
            const char escape[] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };
            out.append(escape, sizeof escape);
        }
        }
    }
    out.append(utf8.constData() + plainFrom, utf8.size() - plainFrom);
    out.append('"');
}
} // namespace

void JsonWriter::separate()
{
    if (!m_first)
        m_out.append(',');
    m_first = false;
}

JsonWriter &JsonWriter::beginObject()
{
    m_out.append('{');
    m_first = true;
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    m_out.append('}');
    m_first = false; // the object was the value of a member or the document
    return *this;
}

JsonWriter &JsonWriter::key(const char *name)
{
    separate();
    m_out.append('"').append(name).append("\":");
    return *this;
}

JsonWriter &JsonWriter::value(const QString &text)
{
    appendEscaped(m_out, text);
    m_first = false;
    return *this;
}

JsonWriter &JsonWriter::value(qint64 number)
{
    m_out.append(QByteArray::number(number));
    m_first = false;
    return *this;
}

JsonWriter &JsonWriter::value(bool flag)
{
    m_out.append(flag ? "true" : "false");
    m_first = false;
    return *this;
}
