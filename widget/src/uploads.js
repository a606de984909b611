// Attachments on the visitor's side. A file is POSTed to the server's /api/files with the
// visitor token (XMLHttpRequest: upload progress and cancel), then sent as a message with its
// fileId through the session's outbox, so it is stored exactly once like any other message.
// While it uploads it shows in the log as a pending message of the visitor with `upload`
// ({loaded, total, cancel}); a refused one shows why and can be removed. Signed links to show
// and download files come from /api/files/<id>/links (fileLinks). The code that uploads
// (upload-send.js) is chunk "uploads", loaded when the visitor first sends a file (`load`).

import { FAILED } from './message-list.js';

export const LINKS_FRESH_MS = 4 * 60 * 1000; // signed links last 10 minutes; asked again well before

/**
 * The session's uploads: `add(files, caption)` uploads each file and sends it as a message,
 * the caption with the first, and returns null (the composer's draft is sent with them). A
 * refusal shows in the log, on the file's message. `lang` (a code, or a function giving the one
 * shown now) formats the sizes it names; `load()` resolves with upload-send.js (chunk "uploads"):
 * if it cannot be had, the file's message says it could not be sent.
 */
export function createUploads({ session: s, base, lang, XHR, timers = globalThis, load }) {
    const changed = () => s.changed();
    const fail = (item, error) => {
        Object.assign(item, { upload: null, state: FAILED, error, dismiss: () => forget(item) });
        changed();
    };
    /** Cancel an upload (nothing is sent) or remove a refused one from the log. */
    const forget = (item) => {
        if (item.upload && item.upload.abort) item.upload.abort();
        item.upload = null;
        s.messages.remove(item.clientId);
        changed();
    };

    const job = { s, base, lang: () => (typeof lang === 'function' ? lang() : lang), XHR, timers, fail, changed };
    return {
        add(files, caption = '') {
            for (const file of files) {
                const item = s.messages.addLocal({
                    clientId: s.newId(),
                    body: caption,
                    file: { name: file.name, size: file.size },
                    at: s.now(),
                });
                item.upload = { loaded: 0, total: file.size, cancel: () => forget(item) };
                const text = caption;
                load().then(
                    ({ sendFile }) => item.upload && sendFile(job, file, text, item, 0),
                    () => item.upload && fail(item, { key: 'errUploadFailed' }),
                );
                caption = '';
            }
            changed();
            return null;
        },
    };
}

/**
 * A function that fetches a file's signed links ({url, thumbnailUrl} as absolute URLs) with the
 * visitor token; they last 10 minutes (the view asks again after LINKS_FRESH_MS).
 */
export function fileLinks({ base, token, fetchImpl = (...a) => fetch(...a) }) {
    const absolute = (path) => path && new URL(path, base).href;
    return (id) =>
        fetchImpl(`${base}/api/files/${encodeURIComponent(id)}/links`, {
            headers: { Authorization: `Bearer ${token()}` },
        })
            .then((r) => {
                if (!r.ok) throw new Error(`file links: ${r.status}`);
                return r.json();
            })
            .then((links) => ({ url: absolute(links.url), thumbnailUrl: absolute(links.thumbnailUrl) }));
}
