// The message box: Enter sends, Shift+Enter starts a new line; the emoji button inserts at the caret.
import { el, icon, ICONS, uid } from './dom.js';
import { LIMITS } from '../validation.js';
import { createEmojiPicker } from './emoji-picker.js';

export function createComposer({ t, onSend, onInput, loadEmoji, draft = '' }) {
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
    const emoji = createEmojiPicker({
        t,
        load: loadEmoji,
        onPick(text) {
            textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, 'end');
            textarea.focus();
            onInput(textarea.value);
        },
    });
    const form = el(
        'form',
        { class: 'composer' },
        el('label', { class: 'sr', for: id }, t('messageLabel')),
        textarea,
        emoji.button,
        button,
        emoji.popup,
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
