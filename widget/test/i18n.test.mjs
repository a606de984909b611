import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LANGUAGES, createTranslator, directionOf, en, pickLanguage } from '../src/i18n.js';
import { catalogProblems, readCatalogs } from '../scripts/catalogs.mjs';

const catalogs = { en, ...(await readCatalogs()) };
const translator = (code) => createTranslator(code, catalogs[code]);

test("the browser's languages win over the page's, in the browser's order", () => {
    assert.equal(pickLanguage({ browser: ['de-DE', 'en'], page: 'en' }), 'de');
    assert.equal(pickLanguage({ browser: ['en-US'], page: 'de' }), 'en');
    assert.equal(pickLanguage({ browser: ['sv-SE', 'fr-CA', 'de'], page: 'en' }), 'fr');
    assert.equal(pickLanguage({ browser: ['DE_de'] }), 'de');
    assert.equal(pickLanguage({ browser: ['pt-BR'] }), 'pt');
});

test("the page's language is the fallback, then English", () => {
    assert.equal(pickLanguage({ browser: ['sv-SE', 'zh-CN'], page: 'de-AT' }), 'de');
    assert.equal(pickLanguage({ browser: [], page: 'ja' }), 'ja');
    assert.equal(pickLanguage({ browser: ['sv'], page: 'xx' }), 'en');
    assert.equal(pickLanguage({ browser: null, page: null }), 'en');
    assert.equal(pickLanguage(), 'en');
});

test("a language the site forces wins over the browser's and the page's", () => {
    assert.equal(pickLanguage({ forced: 'fr', browser: ['de-DE'], page: 'en' }), 'fr');
    assert.equal(pickLanguage({ forced: 'ar', browser: ['en'] }), 'ar');
    // empty or unknown: each visitor's own
    assert.equal(pickLanguage({ forced: '', browser: ['de-DE'], page: 'en' }), 'de');
    assert.equal(pickLanguage({ forced: 'tlh', browser: ['de-DE'], page: 'en' }), 'de');
});

test('at least ten languages ship, each complete against English', () => {
    assert.ok(LANGUAGES.length >= 10, LANGUAGES.join());
    assert.deepEqual(Object.keys(catalogs).sort(), [...LANGUAGES].sort());
    for (const code of LANGUAGES) assert.deepEqual(catalogProblems(code, catalogs[code]), [], code);
});

test('an incomplete or wrong language file is reported', () => {
    const { openChat, ...rest } = catalogs.de;
    assert.deepEqual(catalogProblems('de', rest), ['de: "openChat" is missing']);
    assert.deepEqual(catalogProblems('de', { ...catalogs.de, typing: 'schreibt…' }), [
        'de: "typing" uses {} where English uses {name}',
    ]);
    assert.deepEqual(catalogProblems('de', { ...catalogs.de, tpying: 'x' }), ['de: "tpying" is not an English key']);
    const { waitMinutes_few, ...noFew } = catalogs.pl;
    assert.deepEqual(catalogProblems('pl', noFew), ['pl: "waitMinutes" has no form for few']);
    assert.ok(openChat && waitMinutes_few);
});

test('only Arabic of the shipped languages is written right to left', () => {
    assert.deepEqual(
        LANGUAGES.filter((code) => directionOf(code) === 'rtl'),
        ['ar'],
    );
});

test('placeholders and plural forms are filled', () => {
    const t = translator('en');
    assert.equal(t('queuePosition', { n: 3 }), 'You are number 3 in the queue.');
    assert.equal(t('openChatUnread', { n: 1 }), 'Open chat, 1 unread message');
    assert.equal(t('openChatUnread', { n: 2 }), 'Open chat, 2 unread messages');
    assert.equal(t('errTooLong', { n: 4000 }), 'This is too long (at most 4,000 characters).');
    const de = translator('de');
    assert.equal(de('typing', { name: 'Grace' }), 'Grace schreibt…');
    assert.equal(de('waitMinutes', { n: 1 }), 'Geschätzte Wartezeit: etwa 1 Minute.');
    assert.equal(de('waitMinutes', { n: 4 }), 'Geschätzte Wartezeit: etwa 4 Minuten.');
    assert.equal(de('errTooLong', { n: 4000 }), 'Das ist zu lang (höchstens 4.000 Zeichen).');
});

test('Polish and Arabic take the form of the number', () => {
    const pl = translator('pl');
    assert.equal(pl('waitMinutes', { n: 1 }), 'Szacowany czas oczekiwania: 1 minuta.');
    assert.equal(pl('waitMinutes', { n: 3 }), 'Szacowany czas oczekiwania: 3 minuty.');
    assert.equal(pl('waitMinutes', { n: 5 }), 'Szacowany czas oczekiwania: 5 minut.');
    assert.equal(pl('waitMinutes', { n: 22 }), 'Szacowany czas oczekiwania: 22 minuty.');
    assert.equal(pl('openChatUnread', { n: 12 }), 'Otwórz czat, 12 nieprzeczytanych wiadomości');
    const ar = translator('ar');
    assert.equal(ar('waitMinutes', { n: 1 }), 'وقت الانتظار المتوقع: دقيقة واحدة تقريبًا.');
    assert.equal(ar('waitMinutes', { n: 2 }), 'وقت الانتظار المتوقع: دقيقتان تقريبًا.');
    assert.match(ar('waitMinutes', { n: 3 }), /دقائق تقريبًا\.$/);
    assert.match(ar('waitMinutes', { n: 11 }), /دقيقة تقريبًا\.$/);
    const ja = translator('ja');
    assert.equal(ja('waitMinutes', { n: 5 }), '予想待ち時間：約5分');
});

test('a string a language lacks is shown in English, an unknown key as the key', () => {
    const t = createTranslator('fr', { openChat: 'Ouvrir le chat' });
    assert.equal(t('openChat'), 'Ouvrir le chat');
    assert.equal(t('closeChat'), 'Close chat');
    assert.equal(t('waitMinutes', { n: 3 }), 'Estimated wait: about 3 minutes.');
    assert.equal(createTranslator('en')('noSuchKey'), 'noSuchKey');
});
