// The round button that opens the chat, with the unread badge and, beside it, a preview of the
// newest unread agent message. The preview sits in a polite live region that is always in the
// page, so screen readers announce a new one without focus moving; its text is a text node.
import { el, icon, ICONS, replaceChildren } from './dom.js';
import { authorLabel, messageText, previewText } from '../format.js';

export function createLauncher({ t, onClick }) {
    const badge = el('span', { class: 'badge', hidden: true, 'aria-hidden': 'true' });
    const button = el(
        'button',
        { type: 'button', class: 'launcher', 'aria-haspopup': 'dialog', 'aria-expanded': 'false', onclick: onClick },
        icon(ICONS.chat, 28),
        badge,
    );
    const live = el('div', { class: 'preview-live', 'aria-live': 'polite' });
    let shown = null; // the preview's `n` now drawn, or null
    let dismissed = null; // the `n` the visitor closed with ×

    function bubble(preview) {
        const name = authorLabel(preview.author, t);
        return el(
            'div',
            { class: 'preview' },
            el(
                'button',
                { type: 'button', class: 'preview-open', onclick: onClick },
                el('span', { class: 'sr' }, t('previewFrom', { name })),
                el('strong', { 'aria-hidden': 'true' }, name),
                el('span', { class: 'preview-text' }, previewText(messageText(preview, t))),
            ),
            el(
                'button',
                {
                    type: 'button',
                    class: 'preview-close',
                    'aria-label': t('previewDismiss'),
                    onclick: () => {
                        dismissed = shown;
                        view.setPreview(null);
                    },
                },
                icon(ICONS.close, 16),
            ),
        );
    }

    const view = {
        el: button,
        preview: live,
        setUnread(n) {
            badge.hidden = !n;
            badge.textContent = n > 99 ? '99+' : String(n);
            button.setAttribute('aria-label', n ? t('openChatUnread', { n }) : t('openChat'));
        },
        setExpanded(open) {
            button.setAttribute('aria-expanded', String(open));
        },
        /** Show `preview` ({n, author, body}) unless it is null or the one the visitor dismissed. */
        setPreview(preview) {
            const next = preview && preview.n !== dismissed ? preview : null;
            if ((next && next.n) === shown) return; // unchanged: not announced again
            // a focused × or bubble that goes away hands focus to the launcher, not to <body>
            const hadFocus = live.contains(live.getRootNode().activeElement);
            shown = next && next.n;
            replaceChildren(live, next ? bubble(next) : null);
            if (hadFocus && !next) button.focus();
        },
    };
    view.setUnread(0);
    return view;
}
