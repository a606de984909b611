// Form validation mirroring the server's limits (protocol "hello", "Widget support"), so a
// visitor learns what to fix before anything is sent. Errors are i18n keys plus variables.

export const LIMITS = { name: 200, email: 200, body: 4000, comment: 1000 };

// The server's rule is "looks like local@domain": one @, something on both sides, no spaces.
export function isEmail(value) {
    return /^[^\s@]+@[^\s@]+$/.test(value);
}

function checkLength(errors, field, value, max) {
    if (value.length > max) errors[field] = { key: 'errTooLong', vars: { n: max } };
}

function checkEmail(errors, email) {
    if (!email) errors.email = { key: 'errEmailRequired' };
    else if (!isEmail(email)) errors.email = { key: 'errEmailInvalid' };
    else checkLength(errors, 'email', email, LIMITS.email);
}

function result(errors, values) {
    return { ok: Object.keys(errors).length === 0, errors, values };
}

/** Pre-chat form: name and email both required. */
export function validatePreChat({ name = '', email = '', departmentId = '' } = {}) {
    const values = { name: name.trim(), email: email.trim() };
    if (departmentId) values.departmentId = departmentId;
    const errors = {};
    if (!values.name) errors.name = { key: 'errNameRequired' };
    else checkLength(errors, 'name', values.name, LIMITS.name);
    checkEmail(errors, values.email);
    return result(errors, values);
}

/** Offline form: email and message required, name optional. */
export function validateOfflineMessage({ name = '', email = '', body = '' } = {}) {
    const values = { name: name.trim(), email: email.trim(), body: body.trim() };
    const errors = {};
    checkLength(errors, 'name', values.name, LIMITS.name);
    checkEmail(errors, values.email);
    const bodyError = messageBodyError(values.body);
    if (bodyError) errors.body = bodyError;
    return result(errors, values);
}

/** A chat message: 1–4000 characters, not only white space. Returns an error or null. */
export function messageBodyError(body) {
    if (typeof body !== 'string' || !body.trim()) return { key: 'errMessageRequired' };
    if (body.length > LIMITS.body) return { key: 'errTooLong', vars: { n: LIMITS.body } };
    return null;
}

export function validateRating({ rating, comment = '' } = {}) {
    const values = { rating, comment: comment.trim() };
    const errors = {};
    if (rating !== 'good' && rating !== 'bad') errors.rating = { key: 'ratePrompt' };
    checkLength(errors, 'comment', values.comment, LIMITS.comment);
    return result(errors, values);
}
