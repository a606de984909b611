#pragma once

#include <cstdint>
#include <string_view>

/**
 * @brief Reads top-level fields of one JSON object without building a document.
 *
 * The generator reads tens of thousands of acks per second; parsing each into a QJsonDocument
 * would make it, not the server, the bottleneck. Strings are returned raw (escapes left as they
 * are), which is enough for the ids, types and numbers the benchmark reads. Frames that carry
 * nested data the benchmark needs (welcome, conversation.started) go through QJsonDocument.
 */
struct TopLevelFields
{
    std::string_view type;
    std::string_view rid;
    std::string_view clientId;
    std::string_view code; // of an error
    std::string_view visitorToken;
    std::string_view sessionToken;
    int64_t seq = -1;
};

namespace JsonScan {

inline size_t skipSpace(std::string_view s, size_t i)
{
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
        ++i;
    return i;
}

/** i at the opening quote; returns the index after the closing quote. */
inline size_t skipString(std::string_view s, size_t i)
{
    for (++i; i < s.size(); ++i) {
        if (s[i] == '\\')
            ++i;
        else if (s[i] == '"')
            return i + 1;
    }
    return s.size();
}

/** i at the first character of a value; returns the index after it. */
inline size_t skipValue(std::string_view s, size_t i)
{
    if (i >= s.size())
        return i;
    if (s[i] == '"')
        return skipString(s, i);
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        while (i < s.size()) {
            const char c = s[i];
            if (c == '"') {
                i = skipString(s, i);
                continue;
            }
            if (c == '{' || c == '[')
                ++depth;
            else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return i + 1;
            }
            ++i;
        }
        return i;
    }
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']')
        ++i;
    return i;
}

inline TopLevelFields read(std::string_view s)
{
    TopLevelFields out;
    size_t i = skipSpace(s, 0);
    if (i >= s.size() || s[i] != '{')
        return out;
    ++i;
    while (true) {
        i = skipSpace(s, i);
        if (i >= s.size() || s[i] != '"')
            return out;
        const size_t keyEnd = skipString(s, i);
        const std::string_view key = s.substr(i + 1, keyEnd - i - 2);
        i = skipSpace(s, keyEnd);
        if (i >= s.size() || s[i] != ':')
            return out;
        i = skipSpace(s, i + 1);
        const size_t valueEnd = skipValue(s, i);
        const bool isString = i < s.size() && s[i] == '"';
        const std::string_view text
            = isString ? s.substr(i + 1, valueEnd - i - 2) : s.substr(i, valueEnd - i);
        if (key == "type")
            out.type = text;
        else if (key == "rid")
            out.rid = text;
        else if (key == "clientId")
            out.clientId = text;
        else if (key == "code")
            out.code = text;
        else if (key == "visitorToken")
            out.visitorToken = text;
        else if (key == "sessionToken")
            out.sessionToken = text;
        else if (key == "seq" && !isString) {
            int64_t v = 0;
            for (char c : text)
                if (c >= '0' && c <= '9')
                    v = v * 10 + (c - '0');
            out.seq = v;
        }
        i = skipSpace(s, valueEnd);
        if (i >= s.size() || s[i] != ',')
            return out;
        ++i;
    }
}

inline int64_t toInt(std::string_view text)
{
    int64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    return text.empty() ? -1 : v;
}

} // namespace JsonScan
