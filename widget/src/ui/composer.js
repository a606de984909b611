// The message box: Enter sends, Shift+Enter starts a new line.
import { el, icon, ICONS, uid } from './dom.js';
import { LIMITS } from '../validation.js';

export function createComposer({ t, onSend, onInput, draft = '' }) {
    const id = uid('chatw-msg');
    const textarea = el('textarea', {
        id,
        rows: '1',
        maxlength: String(LIMITS.body),
        placeholder: t('messagePlaceholder'),
        autocomplete: 'off',
        value: draft,
    });
    const button = el('button', { type: 'submit', class: 'send', 'aria-label': t('send') }, icon(ICONS.send, 20));
    const form = el(
        'form',
        { class: 'composer' },
        el('label', { class: 'sr', for: id }, t('messageLabel')),
        textarea,
        button,
    );

    function submit() {
        const text = textarea.value;
        if (!text.trim()) return;
        if (onSend(text) === null) {
            textarea.value = '';
            onInput('');
        }
    }
    form.addEventListener('submit', (e) => {
        e.preventDefault();
        submit();
        textarea.focus();
    });
    textarea.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            submit();
        }
    });
    textarea.addEventListener('input', () => onInput(textarea.value));
    return {
        el: form,
        focus: () => textarea.focus(),
        value: () => textarea.value,
        setValue: (text) => (textarea.value = text),
    };
}
