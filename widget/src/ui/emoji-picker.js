// The composer's emoji button and its popup. The grid's code (chunk "emoji", ui/emoji-grid.js)
// and the list (the server's /widget/data/emoji.json) are loaded the first time it opens
// (`load`, resolving with both), so they cost the initial script nothing. Escape closes it and
// puts focus back on the button; leaving it closes it too.
import { el, icon, ICONS, replaceChildren, uid } from './dom.js';

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
    let grid = null;
    let list = null; // the promise of the grid's code (chunk "emoji") and the emoji, once asked for

    function open() {
        popup.hidden = false;
        button.setAttribute('aria-expanded', 'true');
        if (!list) list = load();
        if (!grid) replaceChildren(popup, el('p', { role: 'status' }, t('emojiLoading')));
        list.then(
            ([{ emojiGrid }, emoji]) => {
                if (!grid) replaceChildren(popup, (grid = emojiGrid({ t, emoji, onPick: pick })).el);
                // into the grid, unless the visitor went elsewhere while it loaded
                const active = popup.getRootNode().activeElement;
                if (!popup.hidden && (active === button || popup.contains(active))) grid.move(0);
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

    function pick(emoji) {
        close(false);
        onPick(emoji);
    }

    popup.addEventListener('keydown', (e) => {
        if (e.key !== 'Escape') return;
        e.stopPropagation(); // not the panel's Escape, which would close the chat
        close(true);
    });
    // focus going anywhere outside the button and the grid closes it, where it went
    const leave = (e) => {
        if (!popup.hidden && !popup.contains(e.relatedTarget) && e.relatedTarget !== button) close(false);
    };
    popup.addEventListener('focusout', leave);
    button.addEventListener('focusout', leave);
    return { button, popup };
}
