#pragma once

#include <QByteArrayView>

/// @brief Checks UTF-8 (RFC 3629) as it arrives, across any split: a character may start in
/// one WebSocket frame and end in the next. Rejects at the first byte that cannot belong to
/// valid UTF-8 — overlong forms, surrogates and code points above U+10FFFF included — so a
/// bad message is refused before the rest of it is read.
class Utf8Validator
{
public:
    /// Checks the next bytes; false (and stays false) at the first invalid one.
    bool feed(QByteArrayView bytes);
    /// True when everything fed so far is valid and ends on a character boundary.
    bool complete() const { return m_valid && m_needed == 0; }
    bool valid() const { return m_valid; }
    void reset() { *this = Utf8Validator(); }

private:
    bool m_valid = true;
    int m_needed = 0; // continuation bytes still due for the current character
    // The range the next continuation byte must fall in; narrower than 80..BF only right after
    // a lead byte whose valid sequences are restricted (E0, ED, F0, F4).
    unsigned char m_low = 0x80;
    unsigned char m_high = 0xBF;
};
