// The conversation as a live log. Items are keyed (clientId or seq) and their nodes are
// kept and only moved when out of place, so screen readers announce only new messages.
import { el } from './dom.js';
import { authorLabel, formatTime } from '../format.js';
import { fileChip, uploadView } from './attachment-view.js';

/** The newest line is in view, or nearly: new messages keep it there. */
export const isNearEnd = (log) => log.scrollHeight - log.scrollTop - log.clientHeight < 60;

/**
 * `fileView(file)`: a stored file's element (thumbnail or download link), or null while the code
 * that draws it (chunk "files") is on its way; the file shows as its name and size meanwhile.
 */
export function createMessageLog({ t, lang, fileView }) {
    const log = el('div', {
        class: 'log',
        role: 'log',
        'aria-live': 'polite',
        'aria-relevant': 'additions',
        'aria-label': t('messageLabel'),
        tabindex: '0',
    });
    const greeting = el('div', { class: 'msg agent greeting' });
    const nodes = new Map(); // key -> {node, state, seq}

    function stateText(item) {
        if (item.author.role !== 'visitor' || item.upload) return '';
        if (item.error) return t(item.error.key, item.error.vars);
        if (item.state === 'pending') return t('sending');
        if (item.state === 'failed') return t('notDelivered');
        return t('sent');
    }

    function build(item) {
        const role =
            item.author && ['visitor', 'agent', 'system'].includes(item.author.role) ? item.author.role : 'system';
        if (role === 'system') {
            // a hand-off line ("Grace joined the chat"): a quiet centred notice, not a bubble
            const node = el('div', { class: 'msg system', title: item.body }, el('span', { class: 'text' }, item.body));
            return { node, role };
        }
        const who = authorLabel(item.author, t);
        const meta = el('span', { class: 'meta' });
        const att = el('span', { hidden: true });
        const node = el(
            'div',
            { class: `msg ${role}` },
            el('span', { class: 'sr' }, `${who}: `),
            att,
            el('span', { class: 'text' }, item.body),
            meta,
        );
        return { node, meta, role, who, att };
    }

    /** The file part: uploading, then (once the message is stored) the file itself. */
    function updateFile(entry, item) {
        const file = item.file;
        const key = item.upload ? 'up' : !file ? '' : item.state === 'sent' && file.id ? file.id : 'local';
        if (entry.fileKey !== key) {
            const stored = key !== 'up' && key !== 'local' && key !== '';
            const view = stored ? fileView(file) : null;
            if (stored && !view && entry.fileKey === 'local') return; // its name and size show already
            entry.fileKey = stored && !view ? 'local' : key;
            entry.upload = key === 'up' ? uploadView(item, { t, lang }) : null;
            const next = entry.upload
                ? entry.upload.el
                : view || (key ? fileChip(file, lang) : el('span', { hidden: true }));
            entry.att.replaceWith(next);
            entry.att = next;
        }
        if (entry.upload) entry.upload.update(item.upload);
        if (item.dismiss && !entry.dismiss) {
            entry.dismiss = el(
                'button',
                { type: 'button', class: 'secondary', onclick: item.dismiss },
                t('removeFailed'),
            );
            entry.node.append(entry.dismiss);
        }
    }

    function update(entry, item) {
        const { node, meta, role, who } = entry;
        node.dataset.state = item.state;
        if (item.seq !== null) node.dataset.seq = item.seq;
        if (item.clientId) node.dataset.clientId = item.clientId;
        node.classList.toggle('failed', item.state === 'failed');
        if (!meta) return;
        updateFile(entry, item);
        const parts = [];
        if (role === 'agent') parts.push(who);
        if (item.at) parts.push(formatTime(item.at, lang));
        const state = stateText(item);
        if (state) parts.push(state);
        meta.textContent = parts.join(' · ');
    }

    const nearEnd = () => isNearEnd(log);

    return {
        el: log,
        /** Runs `change`, which may make the log smaller, and keeps the newest line in view if it was. */
        keepEnd(change) {
            const atEnd = !log.isConnected || nearEnd();
            change();
            if (atEnd) log.scrollTop = log.scrollHeight;
        },
        setGreeting(text) {
            greeting.textContent = text || '';
            if (text && !greeting.isConnected) log.prepend(greeting);
            if (!text) greeting.remove();
        },
        render(items) {
            const nearBottom = nearEnd();
            const keep = new Set();
            let prev = greeting.isConnected ? greeting : null;
            for (const item of items) {
                keep.add(item.key);
                let entry = nodes.get(item.key);
                if (!entry) {
                    entry = build(item);
                    nodes.set(item.key, entry);
                }
                update(entry, item);
                const expected = prev ? prev.nextSibling : log.firstChild;
                if (entry.node !== expected) log.insertBefore(entry.node, expected);
                prev = entry.node;
            }
            for (const [key, entry] of nodes) {
                if (!keep.has(key)) {
                    entry.node.remove();
                    nodes.delete(key);
                }
            }
            if (nearBottom) log.scrollTop = log.scrollHeight;
        },
    };
}
