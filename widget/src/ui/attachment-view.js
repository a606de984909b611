// How a file shows in a message: an image as a thumbnail that opens the full image in a new
// tab, any other file as a named, sized download link; while it uploads, its name, a progress
// bar and a cancel button. The signed links are fetched when the message is drawn and asked
// again on a click once they may have expired.
import { el, icon, ICONS } from './dom.js';
import { formatSize } from '../format.js';
import { LINKS_FRESH_MS } from '../uploads.js';

const THUMB = 200; // px, the longer side of a shown thumbnail

/** Styles of what chunk "files" draws, added when it is first used (the rest are in styles.js). */
export const CSS = `
.att img{display:block;max-width:100%;height:auto;border-radius:8px;background:rgba(127,127,127,.2)}
`;

/** The size an image of w×h is shown at: within max×max, the aspect kept, never enlarged. */
export function fitBox(w, h, max = THUMB) {
    if (!(w > 0 && h > 0)) return null;
    const scale = Math.min(1, max / Math.max(w, h));
    return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

/** A file's icon, name and size, e.g. "invoice.pdf · 120 KB". */
export const fileChip = (file, lang) =>
    el(
        'span',
        { class: 'att file' },
        icon(ICONS.file, 20, true),
        el('span', { class: 'name' }, file.name),
        ` · ${formatSize(file.size, lang)}`,
    );

/**
 * A stored file ({id, name, size, image, width?, height?}); `links(id)` fetches its signed links.
 * Freshness counts from when they were fetched, so a browser whose clock is off asks in time.
 */
export function attachmentView(file, { lang, links, now = Date.now }) {
    const a = el('a', { class: 'att' });
    let img = null;
    let fetchedAt = -Infinity;
    if (file.image) {
        a.target = '_blank';
        const box = fitBox(file.width, file.height) || { width: THUMB, height: THUMB };
        img = el('img', { alt: file.name, width: box.width, height: box.height });
        let retried = false;
        // a link that expired while the page slept: ask once for a new one
        img.addEventListener('error', () => !retried && (retried = true) && load().catch(() => {}));
        a.append(img);
    } else {
        a.download = file.name; // honoured on the server's own pages; elsewhere Content-Disposition decides
        a.append(fileChip(file, lang));
    }
    const load = () =>
        links(file.id).then(({ url, thumbnailUrl }) => {
            fetchedAt = now();
            a.href = url;
            if (img && thumbnailUrl && !img.naturalWidth) img.src = thumbnailUrl;
        });
    a.addEventListener('click', (e) => {
        if (now() - fetchedAt < LINKS_FRESH_MS) return;
        e.preventDefault();
        // a.click() again once they are there, still within the click's user activation
        load().then(
            () => a.click(),
            () => {},
        );
    });
    load().catch(() => {});
    return a;
}

/** A file being uploaded: name and size, a progress bar and a cancel button. */
export function uploadView(item, { t, lang }) {
    const bar = el('progress', { max: String(item.upload.total || 1), value: '0', 'aria-label': item.file.name });
    const cancel = el(
        'button',
        {
            type: 'button',
            class: 'cancel',
            'aria-label': t('cancelUpload'),
            onclick: () => item.upload && item.upload.cancel(),
        },
        icon(ICONS.close, 16),
    );
    return {
        el: el('span', { class: 'att up' }, fileChip(item.file, lang), el('span', { class: 'row' }, bar, cancel)),
        update: (upload) => (bar.value = upload.loaded),
    };
}

/** While files are dragged over `target` a drop zone says so; dropped files go to `onFiles`. */
export function dropZone(target, { t, accepts, onFiles }) {
    const overlay = el('div', { class: 'drop', hidden: true }, el('p', {}, t('dropFiles')));
    let depth = 0; // dragenter/dragleave pairs of the elements inside
    const hasFiles = (e) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
    const hide = () => {
        depth = 0;
        overlay.hidden = true;
    };
    const over = (e) => {
        if (!hasFiles(e)) return;
        e.preventDefault(); // else the browser opens the file in place of the page
        const ok = accepts();
        e.dataTransfer.dropEffect = ok ? 'copy' : 'none';
        overlay.hidden = !ok;
    };
    target.addEventListener('dragenter', (e) => {
        if (hasFiles(e)) depth++;
        over(e);
    });
    target.addEventListener('dragover', over);
    target.addEventListener('dragleave', (e) => hasFiles(e) && --depth <= 0 && hide());
    target.addEventListener('drop', (e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        hide();
        if (accepts()) onFiles([...e.dataTransfer.files]);
    });
    target.append(overlay);
}
