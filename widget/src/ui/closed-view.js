// What follows a closed chat (chunk "closed", fetched while the visitor chats): a good/bad rating with an optional comment, the transcript
// download and a way to start over. An answered offline message is not rated. It sits below the
// log and stays small, so the conversation keeps most of the panel: the comment and the submit
// button show only once the visitor has chosen a rating.
import { el, icon, ICONS, uid } from './dom.js';
import { LIMITS } from '../validation.js';
import { buildTranscript } from '../format.js';

/** Its styles, added to the widget's when the chunk is first used (the rest are in styles.js). */
export const CSS = `
.rate{display:flex;gap:8px}
.rate button{flex:1;display:inline-flex;gap:6px;align-items:center;justify-content:center;padding:8px;border:1px solid var(--line);border-radius:10px;background:#fff}
.rate button[aria-pressed=true]{border-color:var(--accent);background:#ddf4ff}
.closed .form,.closed .more{padding:0;gap:8px;overflow:visible;display:flex;flex-direction:column}
.closed .rate button{padding:6px}
.closed label textarea{min-height:52px;resize:vertical}
.closed p:empty{display:none}
`;

export function createClosedView({ t, rated, offline = false, onRate, onTranscript, onNewChat }) {
    let choice = null;
    const status = el('p', { role: 'status' });
    const buttons = ['good', 'bad'].map((value) =>
        el(
            'button',
            { type: 'button', 'aria-pressed': 'false', 'data-rating': value, onclick: () => choose(value) },
            icon(value === 'good' ? ICONS.up : ICONS.down, 18),
            t(value === 'good' ? 'rateGood' : 'rateBad'),
        ),
    );
    const commentId = uid('chatw-comment');
    const comment = el('textarea', { id: commentId, maxlength: String(LIMITS.comment), rows: '2' });
    const submit = el('button', { type: 'submit', class: 'primary', disabled: true }, t('submitRating'));
    const more = el(
        'div',
        { class: 'more', hidden: true },
        el('label', { for: commentId }, t('commentLabel'), comment),
        submit,
    );
    const groupLabel = uid('chatw-rate');
    const form = el(
        'form',
        { class: 'form rating', novalidate: true },
        el('p', { id: groupLabel }, t('ratePrompt')),
        el('div', { class: 'rate', role: 'group', 'aria-labelledby': groupLabel }, buttons),
        more,
    );

    function choose(value) {
        choice = value;
        for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.rating === value));
        submit.disabled = false;
        if (more.hidden) {
            more.hidden = false;
            submit.scrollIntoView({ block: 'nearest' });
        }
    }

    form.addEventListener('submit', async (e) => {
        e.preventDefault();
        if (!choice) return;
        submit.disabled = true;
        try {
            await onRate(choice, comment.value.trim());
        } catch {
            status.textContent = t('errSendFailed');
            submit.disabled = false;
        }
    });

    const transcript = el(
        'button',
        { type: 'button', class: 'secondary transcript', onclick: onTranscript },
        t('transcript'),
    );
    const again = el('button', { type: 'button', class: 'secondary new-chat', onclick: onNewChat }, t('newChat'));
    const root = el(
        'div',
        { class: 'closed' },
        el('p', { class: 'note' }, t(offline ? 'offlineAnswered' : 'closedNotice')),
        offline ? null : rated ? el('p', { class: 'thanks', role: 'status' }, t('ratingThanks')) : form,
        status,
        el('div', { class: 'rate' }, transcript, again),
    );
    return { el: root, focus: () => (rated || offline ? transcript : buttons[0]).focus() };
}

/** The whole conversation as a text file, downloaded from an <a download> put in `into`. */
export async function downloadTranscript({ session: s, t, lang, into }) {
    const messages = await s.fetchAllMessages();
    const text = buildTranscript({
        title: (s.site && (s.site.title || s.site.name)) || t('defaultTitle'),
        messages,
        lang,
        t,
    });
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = el('a', {
        href: url,
        download: `chat-transcript-${new Date().toISOString().slice(0, 10)}.txt`,
        hidden: true,
    });
    into.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
}
