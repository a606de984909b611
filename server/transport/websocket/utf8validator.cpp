#include "utf8validator.h"

bool Utf8Validator::feed(QByteArrayView bytes)
{
    if (!m_valid)
        return false;
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const auto *end = p + bytes.size();
    while (p != end) {
        const unsigned char b = *p++;
        if (m_needed > 0) {
            if (b < m_low || b > m_high)
                return m_valid = false;
            m_low = 0x80;
            m_high = 0xBF;
            --m_needed;
            continue;
        }
        if (b < 0x80)
            continue;
        if (b >= 0xC2 && b <= 0xDF) {
            m_needed = 1;
        } else if (b == 0xE0) { // E0 A0..BF: below A0 would be overlong
            m_needed = 2;
            m_low = 0xA0;
        } else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) {
            m_needed = 2;
        } else if (b == 0xED) { // ED 80..9F: A0..BF would encode a surrogate
            m_needed = 2;
            m_high = 0x9F;
        } else if (b == 0xF0) { // F0 90..BF: below 90 would be overlong
            m_needed = 3;
            m_low = 0x90;
        } else if (b >= 0xF1 && b <= 0xF3) {
            m_needed = 3;
        } else if (b == 0xF4) { // F4 80..8F: above would pass U+10FFFF
            m_needed = 3;
            m_high = 0x8F;
        } else { // 80..C1 as a lead byte, F5..FF: never valid
            return m_valid = false;
        }
    }
    return true;
}
