// Text colour on the site's brand colour, by WCAG 2.x contrast (relative luminance and
// contrast ratio as defined in WCAG 2.2, "Contrast (Minimum)", success criterion 1.4.3).

export const LIGHT_TEXT = '#ffffff';
export const DARK_TEXT = '#1c2128'; // the widget's own text colour
const BLACK = '#000000';
export const AA_NORMAL_TEXT = 4.5;

/** [r, g, b] (0–255) of #rgb or #rrggbb, or null. */
export function parseHex(color) {
    const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(color).trim());
    if (!m) return null;
    const hex = m[1].length === 3 ? m[1].replace(/./g, '$&$&') : m[1];
    return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

/** Relative luminance (0 for black … 1 for white) of a hex colour. */
export function relativeLuminance(color) {
    const rgb = parseHex(color);
    if (!rgb) throw new TypeError(`not a hex colour: ${color}`);
    const [r, g, b] = rgb.map((v) => {
        const c = v / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio between two hex colours, from 1 (same) to 21 (black on white). */
export function contrastRatio(a, b) {
    const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
}

/**
 * The text colour for `background`: white or the near-black, whichever contrasts more. When
 * neither reaches 4.5:1 (mid-tone colours around luminance 0.2), pure black, which then always
 * does: for any colour, white or black reaches at least 4.58:1.
 */
export function textColorOn(background) {
    const light = contrastRatio(background, LIGHT_TEXT);
    const dark = contrastRatio(background, DARK_TEXT);
    if (Math.max(light, dark) >= AA_NORMAL_TEXT) return light >= dark ? LIGHT_TEXT : DARK_TEXT;
    return light >= contrastRatio(background, BLACK) ? LIGHT_TEXT : BLACK;
}
