// The message box: Enter sends, Shift+Enter starts a new line; the emoji button inserts at the
// caret. The paper clip opens the file picker and a pasted image (a screenshot) is sent as a
// file; what is typed goes with a file as its caption.
import { el, icon, ICONS, uid } from './dom.js';
import { LIMITS } from '../validation.js';
import { createEmojiPicker } from './emoji-picker.js';

export function createComposer({ t, onSend, onInput, onFiles, loadEmoji, draft = '' }) {
    const id = uid('chatw-msg');
    const textarea = el('textarea', {
        id,
        rows: '1',
        maxlength: String(LIMITS.body),
        placeholder: t('messagePlaceholder'),
        autocomplete: 'off',
        value: draft,
    });
    const picker = el('input', { type: 'file', multiple: true, hidden: true, tabindex: '-1' });
    const attach = el(
        'button',
        { type: 'button', class: 'clip', 'aria-label': t('attach'), onclick: () => picker.click() },
        icon(ICONS.clip, 20, true),
    );
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
        attach,
        picker,
        textarea,
        emoji.button,
        button,
        emoji.popup,
    );

    function clear() {
        textarea.value = '';
        onInput('');
    }
    function submit() {
        const text = textarea.value;
        if (!text.trim()) return;
        if (onSend(text) === null) clear();
    }
    /** Files from the picker, a drop or a paste; the draft is their caption. */
    function sendFiles(files) {
        if (files.length && onFiles(files, textarea.value) === null) clear();
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
    picker.addEventListener('change', () => {
        sendFiles([...picker.files]);
        picker.value = '';
        textarea.focus();
    });
    // Text copied from an office program often comes with a picture of itself: text wins.
    textarea.addEventListener('paste', (e) => {
        const data = e.clipboardData;
        if (!data || !data.files.length || [...data.types].includes('text/plain')) return;
        e.preventDefault();
        sendFiles([...data.files]);
    });
    return {
        el: form,
        focus: () => textarea.focus(),
        value: () => textarea.value,
        setValue: (text) => (textarea.value = text),
        sendFiles,
    };
}
