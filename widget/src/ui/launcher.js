// The round button that opens the chat, with the unread badge.
import { el, icon, ICONS } from './dom.js';

export function createLauncher({ t, onClick }) {
    const badge = el('span', { class: 'badge', hidden: true, 'aria-hidden': 'true' });
    const button = el(
        'button',
        { type: 'button', class: 'launcher', 'aria-haspopup': 'dialog', 'aria-expanded': 'false', onclick: onClick },
        icon(ICONS.chat, 28),
        badge,
    );
    const view = {
        el: button,
        setUnread(n) {
            badge.hidden = !n;
            badge.textContent = n > 99 ? '99+' : String(n);
            button.setAttribute('aria-label', n ? t('openChatUnread', { n }) : t('openChat'));
        },
        setExpanded(open) {
            button.setAttribute('aria-expanded', String(open));
        },
    };
    view.setUnread(0);
    return view;
}
