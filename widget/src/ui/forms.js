// Small accessible forms (pre-chat, offline message): labelled fields, our own validation
// messages tied to each field with aria-describedby, focus on the first field to fix.
import { el, uid } from './dom.js';
import { LIMITS, validateOfflineMessage, validatePreChat } from '../validation.js';

/** Styles of the forms, added when chunk "forms" is first used (the rest are in styles.js). */
export const CSS = `
label textarea{min-height:90px;resize:vertical}
[aria-invalid=true]{border-color:#cf222e}
.err{color:#cf222e;font-size:12px;font-weight:400}
.err:empty{display:none}
`;

function control(type, attrs, options) {
    if (type === 'textarea') return el('textarea', attrs);
    if (type === 'select')
        return el(
            'select',
            attrs,
            options.map((o) => el('option', { value: o.value }, o.label)),
        );
    return el('input', { ...attrs, type });
}

function field(t, { name, label, type = 'text', autocomplete, max, options = [] }) {
    const id = uid(`chatw-${name}`);
    const errId = `${id}-err`;
    const attrs = { id, name, autocomplete, maxlength: max && String(max), 'aria-describedby': errId };
    const input = control(type, attrs, options);
    const error = el('span', { class: 'err', id: errId });
    return { name, input, error, el: el('label', { for: id }, t(label), input, error) };
}

export function createForm({ t, className, intro, fields, submitLabel, validate, onSubmit }) {
    const parts = fields.map((f) => field(t, f));
    const general = el('p', { class: 'err', role: 'alert' });
    const submit = el('button', { type: 'submit', class: 'primary' }, t(submitLabel));
    const form = el(
        'form',
        { class: `form ${className}`, novalidate: true },
        el('p', {}, t(intro)),
        parts.map((p) => p.el),
        general,
        submit,
    );

    function showErrors(errors) {
        let first = null;
        for (const p of parts) {
            const err = errors[p.name];
            p.error.textContent = err ? t(err.key, err.vars) : '';
            p.input.setAttribute('aria-invalid', String(!!err));
            if (err && !first) first = p.input;
        }
        if (first) first.focus();
    }

    form.addEventListener('submit', async (e) => {
        e.preventDefault();
        general.textContent = '';
        const raw = Object.fromEntries(parts.map((p) => [p.name, p.input.value]));
        const result = validate(raw);
        showErrors(result.errors);
        if (!result.ok) return;
        submit.disabled = true;
        try {
            await onSubmit(result.values);
        } catch (err) {
            if (err && err.field === 'email') showErrors({ email: { key: 'errEmailInvalid' } });
            else if (err && err.code === 'rate_limited') {
                // what was typed stays in the form, to be sent once the wait is over
                general.textContent = t('errTooMany', { n: Math.max(1, Math.ceil((err.retryAfterMs || 0) / 60000)) });
            } else general.textContent = t('errSendFailed');
        } finally {
            submit.disabled = false;
        }
    });
    return { el: form, focus: () => parts[0].input.focus() };
}

/** A department choice ("any" first) for sites that route chats by department. */
export function departmentOptions(t, departments) {
    return [{ value: '', label: t('anyDepartment') }, ...departments.map((d) => ({ value: d.id, label: d.name }))];
}

export function createPreChatForm({ t, departments = [], onSubmit }) {
    const fields = [
        { name: 'name', label: 'name', autocomplete: 'name', max: LIMITS.name },
        { name: 'email', label: 'email', type: 'email', autocomplete: 'email', max: LIMITS.email },
    ];
    if (departments.length) {
        fields.push({
            name: 'departmentId',
            label: 'department',
            type: 'select',
            options: departmentOptions(t, departments),
        });
    }
    return createForm({
        t,
        className: 'prechat',
        intro: 'preChatIntro',
        fields,
        submitLabel: 'startChat',
        validate: validatePreChat,
        onSubmit,
    });
}

export function createOfflineForm({ t, onSubmit }) {
    return createForm({
        t,
        className: 'offline',
        intro: 'offlineIntro',
        fields: [
            { name: 'name', label: 'nameOptional', autocomplete: 'name', max: LIMITS.name },
            { name: 'email', label: 'email', type: 'email', autocomplete: 'email', max: LIMITS.email },
            { name: 'body', label: 'messageLabel', type: 'textarea', max: LIMITS.body },
        ],
        submitLabel: 'offlineSend',
        validate: validateOfflineMessage,
        onSubmit,
    });
}
