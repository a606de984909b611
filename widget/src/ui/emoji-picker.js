// The composer's emoji button and its grid. The list is fetched the first time the grid opens
// (`load`, the server's /widget/data/emoji.json), so it costs the initial script nothing. The
// grid is one tab stop: arrows move, Home/End go to the row's ends, Enter or Space picks,
// Escape closes it and puts focus back on the button; leaving it closes it too.
import { el, icon, ICONS, replaceChildren, uid } from './dom.js';

const COLUMNS = 8;

export function createEmojiPicker({ t, load, onPick }) {
    const id = uid('chatw-emoji');
    const button = el(
        'button',
        {
            type: 'button',
            class: 'emoji-btn',
            'aria-label': t('emoji'),
            'aria-haspopup': 'grid',
            'aria-expanded': 'false',
            'aria-controls': id,
            onclick: () => (popup.hidden ? open() : close(true)),
        },
        icon(ICONS.smile, 22),
    );
    const popup = el('div', { class: 'emoji', id, tabindex: '-1', hidden: true });
    let cells = [];
    let list = null; // the promise of the emoji, once asked for

    function open() {
        popup.hidden = false;
        button.setAttribute('aria-expanded', 'true');
        if (!list) list = load();
        if (!cells.length) replaceChildren(popup, el('p', { role: 'status' }, t('emojiLoading')));
        list.then(
            (emoji) => {
                if (!cells.length) build(emoji);
                // into the grid, unless the visitor went elsewhere while it loaded
                const active = popup.getRootNode().activeElement;
                if (!popup.hidden && (active === button || popup.contains(active))) move(0);
            },
            () => {
                list = null; // asked again on the next open
                replaceChildren(popup, el('p', { role: 'status' }, t('emojiFailed')));
            },
        );
    }

    function close(focusButton) {
        popup.hidden = true;
        button.setAttribute('aria-expanded', 'false');
        if (focusButton) button.focus();
    }

    function build(emoji) {
        cells = emoji.map((e) =>
            el('button', { type: 'button', role: 'gridcell', tabindex: '-1', onclick: () => pick(e) }, e),
        );
        const rows = [];
        for (let i = 0; i < cells.length; i += COLUMNS) {
            rows.push(el('div', { role: 'row' }, cells.slice(i, i + COLUMNS)));
        }
        replaceChildren(popup, el('div', { role: 'grid', 'aria-label': t('emoji') }, rows));
    }

    function move(index) {
        const next = Math.max(0, Math.min(cells.length - 1, index));
        cells.forEach((cell, i) => cell.setAttribute('tabindex', i === next ? '0' : '-1'));
        cells[next].focus();
    }

    function pick(emoji) {
        close(false);
        onPick(emoji);
    }

    popup.addEventListener('keydown', (e) => {
        if (e.key === 'Escape') {
            e.stopPropagation(); // not the panel's Escape, which would close the chat
            close(true);
            return;
        }
        const at = cells.indexOf(e.target);
        if (at < 0) return;
        const rowStart = at - (at % COLUMNS);
        const to = {
            ArrowRight: at + 1,
            ArrowLeft: at - 1,
            ArrowDown: at + COLUMNS < cells.length ? at + COLUMNS : at,
            ArrowUp: at - COLUMNS >= 0 ? at - COLUMNS : at,
            Home: rowStart,
            End: rowStart + COLUMNS - 1,
        }[e.key];
        if (to === undefined) return;
        e.preventDefault();
        move(to);
    });
    // focus going anywhere outside the button and the grid closes it, where it went
    const leave = (e) => {
        if (!popup.hidden && !popup.contains(e.relatedTarget) && e.relatedTarget !== button) close(false);
    };
    popup.addEventListener('focusout', leave);
    button.addEventListener('focusout', leave);
    return { button, popup };
}
