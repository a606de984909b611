// Attachments on the visitor's side. A file is POSTed to the server's /api/files with the
// visitor token (XMLHttpRequest: upload progress and cancel), then sent as a message with its
// fileId through the session's outbox, so it is stored exactly once like any other message.
// While it uploads it shows in the log as a pending message of the visitor with `upload`
// ({loaded, total, cancel}); a refused one shows why and can be removed. Signed links to show
// and download files come from /api/files/<id>/links (fileLinks).

import { FAILED } from './message-list.js';
import { formatSize } from './format.js';

const RETRIES = 3; // no answer or a server error: the same bytes again (the server keeps one copy)
const RETRY_MS = 2000;
export const LINKS_FRESH_MS = 4 * 60 * 1000; // signed links last 10 minutes; asked again well before

/** Why an upload was refused, from the HTTP status and the JSON answer: an i18n key and its variables. */
export function uploadError(status, body = {}, lang = 'en') {
    if (status === 413 && body.maxBytes > 0)
        return { key: 'errFileTooLarge', vars: { size: formatSize(body.maxBytes, lang) } };
    if (status === 415) return { key: 'errFileType' };
    if (status === 429 && body.error === 'too_many_files') return { key: 'errTooManyFiles' };
    if (status === 409) return { key: 'closedNotice' };
    return { key: 'errUploadFailed' };
}

/** No answer at all, or the server's own trouble: trying the same upload again may work. */
export const isRetryable = (status) => status === 0 || status >= 500;

/** POST one file; `done` resolves with {status, body} (status 0: no answer, -1: aborted). */
export function postFile({ url, token, file, onProgress, XHR = XMLHttpRequest }) {
    const xhr = new XHR();
    const done = new Promise((resolve) => {
        const answer = (status) => () => {
            let body = {};
            try {
                body = JSON.parse(xhr.responseText) || {};
            } catch {
                /* not JSON: the status says enough */
            }
            resolve({ status: status ?? xhr.status, body });
        };
        xhr.open('POST', url);
        xhr.setRequestHeader('Authorization', `Bearer ${token}`);
        xhr.upload.onprogress = (e) => onProgress(e.loaded);
        xhr.onload = answer();
        xhr.onerror = xhr.ontimeout = answer(0);
        xhr.onabort = answer(-1);
        xhr.send(file);
    });
    return { done, abort: () => xhr.abort() };
}

/**
 * The session's uploads: `add(files, caption)` uploads each file and sends it as a message,
 * the caption with the first, and returns null (the composer's draft is sent with them). A
 * refusal shows in the log, on the file's message. `lang` (a code, or a function giving the one
 * shown now) formats the sizes it names.
 */
export function createUploads({ session: s, base, lang, XHR, timers = globalThis }) {
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

    async function run(file, caption, item, attempt) {
        let conversationId;
        try {
            conversationId = (s.conversation || (await s.startConversation())).id;
        } catch {
            if (item.upload) fail(item, { key: 'errSendFailed' });
            return;
        }
        if (!item.upload) return; // cancelled meanwhile
        const request = postFile({
            url: `${base}/api/files?conversationId=${encodeURIComponent(conversationId)}&name=${encodeURIComponent(file.name)}`,
            token: s.storage.get('token'),
            file,
            XHR,
            onProgress: (loaded) => item.upload && ((item.upload.loaded = loaded), changed()),
        });
        item.upload.abort = request.abort;
        const { status, body } = await request.done;
        if (!item.upload) return; // cancelled
        if (status === 201 && body.file) {
            item.upload = null;
            item.file = body.file;
            const error = s.sendMessage(caption, body.file, item.clientId);
            if (error) fail(item, error);
            else changed();
        } else if (isRetryable(status) && attempt < RETRIES) {
            timers.setTimeout(() => item.upload && run(file, caption, item, attempt + 1), RETRY_MS << attempt);
        } else {
            fail(item, uploadError(status, body, typeof lang === 'function' ? lang() : lang));
        }
    }

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
                run(file, caption, item, 0);
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
