// Text shown to the visitor that is computed rather than translated: wait estimates,
// times, file sizes and the downloadable transcript.

/** Queue wait estimate in seconds (null = unknown) as a sentence. */
export function formatWait(seconds, t) {
    if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) {
        return t('waitUnknown');
    }
    if (seconds === 0) return t('waitNow');
    if (seconds < 60) return t('waitUnderMinute');
    if (seconds < 90 * 60) return t('waitMinutes', { n: Math.ceil(seconds / 60) });
    return t('waitHours', { n: Math.round(seconds / 3600) });
}

export function formatTime(at, lang, timeZone) {
    return new Date(at).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit', timeZone });
}

export function authorLabel(author, t) {
    if (!author || author.role === 'visitor') return t('you');
    if (author.role === 'agent') return author.name || t('agent');
    return t('system');
}

/** A file size as people read it: 512 B, 120 KB, 1.5 MB (units of 1024, the decimal mark of `lang`). */
export function formatSize(bytes, lang) {
    const units = ['B', 'KB', 'MB', 'GB'];
    let n = Math.max(0, Number(bytes) || 0);
    let i = 0;
    while (n >= 1024 && i < units.length - 1) {
        n /= 1024;
        i++;
    }
    // whole numbers up from 10 (and always for bytes), one decimal below
    const digits = i && n < 9.95 ? 1 : 0;
    return `${new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(n)} ${units[i]}`;
}

/** What a message says in one line: its text, or the name of its file when it has no text. */
export function messageText(m, t) {
    const file = m.file && m.file.name ? `[${t('attachment')}: ${m.file.name}]` : '';
    return [m.body, file].filter(Boolean).join(' ');
}

/**
 * A message cut for the launcher's preview: whitespace runs become one space, and past `max`
 * characters (code points, so no emoji is split) it ends at the last word break and an ellipsis.
 */
export function previewText(body, max = 80) {
    const chars = [...String(body).replace(/\s+/g, ' ').trim()];
    if (chars.length <= max) return chars.join('');
    const cut = chars.slice(0, max).join('');
    const space = cut.lastIndexOf(' ');
    return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Plain-text transcript of stored messages (ascending seq), as the server has them. */
export function buildTranscript({ title, messages, lang, t, timeZone }) {
    const lines = [`${t('transcriptTitle')}: ${title}`];
    if (messages.length) {
        lines.push(new Date(messages[0].at).toLocaleDateString(lang, { dateStyle: 'long', timeZone }));
    }
    lines.push('');
    for (const m of messages) {
        const time = new Date(m.at).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit', timeZone });
        const system = !m.author || m.author.role === 'system';
        const text = messageText(m, t);
        lines.push(system ? `[${time}] ${text}` : `[${time}] ${authorLabel(m.author, t)}: ${text}`);
    }
    return lines.join('\n') + '\n';
}

/** What the server is told about the current page, cut to the protocol's limits. */
export function pageInfo(loc, doc) {
    return {
        url: String(loc.href).slice(0, 2048),
        title: String(doc.title || '').slice(0, 512),
        referrer: String(doc.referrer || '').slice(0, 2048),
    };
}

/**
 * The signed-in user the page vouches for, from the embedding tag's data-user-id,
 * data-user-email, data-identity-expires and data-identity-signature (docs/identity.md); null
 * when the page gives none. Passed on as signed: changing a byte would only get it refused.
 */
export function identityFromDataset(dataset) {
    const { userId, userEmail, identityExpires, identitySignature } = dataset || {};
    if (!userId || !identitySignature) return null;
    return {
        userId: String(userId),
        email: String(userEmail || ''),
        expires: Number(identityExpires),
        signature: String(identitySignature),
    };
}

/** The `hello` fields describing the visitor, cut to the protocol's limits. */
export function helloFields({ siteKey, token, loc, doc, nav, fallbackLanguage, timeZone, identity }) {
    const hello = {
        siteKey,
        page: pageInfo(loc, doc),
        userAgent: String(nav.userAgent || '').slice(0, 512),
        language: String(nav.language || fallbackLanguage).slice(0, 35),
    };
    if (token) hello.visitorToken = token;
    if (timeZone) hello.timeZone = String(timeZone).slice(0, 64);
    if (identity) hello.identity = identity;
    return hello;
}
