// The part of the site's configuration that places, colours and words the widget before it
// connects: kept from the last welcome, so a returning visitor's launcher is drawn where the site
// wants it, in its language, at once, without a jump.

export const MAX_OFFSET = 400;

/** What is kept of welcome.site for the next page load. */
export function cachedSite(site) {
    const { title, color, position, language, launcherOffset } = site;
    return { title, color, position, language, launcherOffset };
}

/**
 * The launcher's distance from its corner beyond the standard 20 px, {bottom, side} in whole
 * pixels 0–400; anything missing or odd counts as 0 (the standard place).
 */
export function launcherOffset(site) {
    const offset = (site && site.launcherOffset) || {};
    const px = (v) => (Number.isFinite(v) ? Math.min(MAX_OFFSET, Math.max(0, Math.round(v))) : 0);
    return { bottom: px(offset.bottom), side: px(offset.side) };
}
