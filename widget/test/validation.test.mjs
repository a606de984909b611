import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
    isEmail,
    messageBodyError,
    validateOfflineMessage,
    validatePreChat,
    validateRating,
} from '../src/validation.js';

test('emails must look like local@domain', () => {
    for (const ok of ['ada@example.com', 'a@b', 'first.last+tag@sub.example.co.uk']) assert.ok(isEmail(ok), ok);
    for (const bad of ['', 'ada', 'ada@', '@example.com', 'a b@c.d', 'a@b@c']) assert.ok(!isEmail(bad), bad);
});

test('pre-chat form needs a name and a valid email, and trims them', () => {
    const empty = validatePreChat({ name: '  ', email: '' });
    assert.equal(empty.ok, false);
    assert.equal(empty.errors.name.key, 'errNameRequired');
    assert.equal(empty.errors.email.key, 'errEmailRequired');
    assert.equal(validatePreChat({ name: 'Ada', email: 'nope' }).errors.email.key, 'errEmailInvalid');
    const good = validatePreChat({ name: ' Ada ', email: ' ada@example.com ' });
    assert.equal(good.ok, true);
    assert.deepEqual(good.values, { name: 'Ada', email: 'ada@example.com' });
    const withDepartment = validatePreChat({ name: 'Ada', email: 'a@b', departmentId: 'd1' });
    assert.equal(withDepartment.values.departmentId, 'd1', 'a chosen department is kept');
});

test('fields over the server limits are refused with the limit in the message', () => {
    const r = validatePreChat({ name: 'x'.repeat(201), email: 'a@b' });
    assert.deepEqual(r.errors.name, { key: 'errTooLong', vars: { n: 200 } });
});

test('offline message: email and body required, name optional', () => {
    const r = validateOfflineMessage({ name: '', email: '', body: '   ' });
    assert.deepEqual(Object.keys(r.errors).sort(), ['body', 'email']);
    assert.equal(validateOfflineMessage({ email: 'a@b.c', body: 'hello' }).ok, true);
    assert.equal(validateOfflineMessage({ email: 'a@b.c', body: 'x'.repeat(4001) }).errors.body.key, 'errTooLong');
});

test('a chat message is 1 to 4000 characters and not only white space', () => {
    assert.equal(messageBodyError('hi'), null);
    assert.equal(messageBodyError(' \n\t ').key, 'errMessageRequired');
    assert.equal(messageBodyError('x'.repeat(4000)), null);
    assert.equal(messageBodyError('x'.repeat(4001)).key, 'errTooLong');
});

test('a rating is good or bad with a comment of at most 1000 characters', () => {
    assert.equal(validateRating({ rating: 'good' }).ok, true);
    assert.equal(validateRating({ rating: 'meh' }).ok, false);
    assert.equal(validateRating({ rating: 'bad', comment: 'x'.repeat(1001) }).ok, false);
});
