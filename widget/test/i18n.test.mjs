import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogs, createTranslator, pickLanguage } from '../src/i18n.js';

test('the page language wins over the browser', () => {
    assert.equal(pickLanguage('de', ['en-US']), 'de');
    assert.equal(pickLanguage('de-AT', ['en-US']), 'de');
    assert.equal(pickLanguage('en', ['de-DE']), 'en');
});

test('browser languages are used in order when the page has no supported lang', () => {
    assert.equal(pickLanguage('', ['fr-FR', 'de-CH', 'en']), 'de');
    assert.equal(pickLanguage(undefined, ['DE_de']), 'de');
    assert.equal(pickLanguage('ja', ['ja-JP', 'en-GB']), 'en');
});

test('English is the fallback', () => {
    assert.equal(pickLanguage('', []), 'en');
    assert.equal(pickLanguage(null, null), 'en');
    assert.equal(pickLanguage('xx', ['yy']), 'en');
});

test('every English string has a German translation and vice versa', () => {
    assert.deepEqual(Object.keys(catalogs.de).sort(), Object.keys(catalogs.en).sort());
});

test('placeholders and plural forms are filled', () => {
    const en = createTranslator('en');
    assert.equal(en('queuePosition', { n: 3 }), 'You are number 3 in the queue.');
    assert.equal(en('openChatUnread', { n: 1 }), 'Open chat, 1 unread message');
    assert.equal(en('openChatUnread', { n: 2 }), 'Open chat, 2 unread messages');
    const de = createTranslator('de');
    assert.equal(de('typing', { name: 'Grace' }), 'Grace schreibt…');
    assert.equal(de('waitMinutes', { n: 1 }), 'Geschätzte Wartezeit: etwa 1 Minute.');
    assert.equal(de('waitMinutes', { n: 4 }), 'Geschätzte Wartezeit: etwa 4 Minuten.');
});

test('an unknown key shows the key rather than nothing', () => {
    assert.equal(createTranslator('en')('noSuchKey'), 'noSuchKey');
});
