// The part of attachments that uploads (chunk "uploads", loaded when the visitor first sends a
// file): POST to /api/files with progress and cancel, retries, then the message through the
// outbox; a refusal in plain words. uploads.js keeps the log's side of it.

import { formatSize } from './format.js';

const RETRIES = 3; // no answer or a server error: the same bytes again (the server keeps one copy)
const RETRY_MS = 2000;

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
 * Uploads `file` for `item` (a pending message of uploads.js) and then sends it with `caption`;
 * `job`: {s: the session, base, lang(), XHR, timers, fail(item, error), changed()}.
 */
export async function sendFile(job, file, caption, item, attempt) {
    const { s, base, XHR, timers, fail, changed } = job;
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
        timers.setTimeout(() => item.upload && sendFile(job, file, caption, item, attempt + 1), RETRY_MS << attempt);
    } else {
        fail(item, uploadError(status, body, job.lang()));
    }
}
