// Other languages' strings, fetched from the server the widget came from
// (GET <server>/widget/data/lang-<code>.json) only when chosen, and kept in sessionStorage so
// the visitor's next page has them at once. Whatever goes wrong (offline, a 404, a blocked
// storage, a damaged file) leaves the widget in English; it never throws.

/** Only the string values of a parsed catalog, or null when it is not an object. */
export function cleanCatalog(data) {
    if (!data || typeof data !== 'object' || Array.isArray(data)) return null;
    const catalog = {};
    for (const [key, value] of Object.entries(data)) if (typeof value === 'string') catalog[key] = value;
    return catalog;
}

/**
 * `builtIn`: the catalogs in the script ({en}); `url(lang)`: where the others are; `fetchFn`:
 * window.fetch; `session`: sessionStorage or null; `version` tells builds apart, so a cached
 * catalog of another build is not used.
 */
export function catalogLoader({ builtIn = {}, url, fetchFn, session, version = '' }) {
    const storeKey = (lang) => `chatw:lang:${version}:${lang}`;
    const loading = new Map(); // lang -> Promise<catalog | null>, one fetch per page
    const safe = (fn) => {
        try {
            return fn();
        } catch {
            return null;
        }
    };
    return {
        /** The catalog of `lang` this session already has, or null. */
        cached(lang) {
            if (Object.prototype.hasOwnProperty.call(builtIn, lang)) return builtIn[lang];
            return safe(() => cleanCatalog(JSON.parse(session.getItem(storeKey(lang)))));
        },
        /** Resolves with the catalog of `lang`, or null when it cannot be had. */
        load(lang) {
            const have = this.cached(lang);
            if (have) return Promise.resolve(have);
            if (!loading.has(lang)) {
                const request = Promise.resolve()
                    .then(() => fetchFn(url(lang), { credentials: 'omit' }))
                    .then((response) => (response.ok ? response.json() : null))
                    .then((data) => {
                        const catalog = cleanCatalog(data);
                        if (catalog) safe(() => session.setItem(storeKey(lang), JSON.stringify(catalog)));
                        return catalog;
                    })
                    .catch(() => null);
                loading.set(lang, request);
            }
            return loading.get(lang);
        },
    };
}
