import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTranscript, formatWait, helloFields, identityFromDataset, pageInfo, previewText } from '../src/format.js';
import { readFileSync } from 'node:fs';
import { createTranslator } from '../src/i18n.js';

const en = createTranslator('en');
const de = createTranslator('de', JSON.parse(readFileSync(new URL('../src/lang/de.json', import.meta.url), 'utf8')));

test('an unknown wait (null) says so instead of guessing', () => {
    assert.equal(formatWait(null, en), 'Estimated wait: unknown.');
    assert.equal(formatWait(undefined, en), 'Estimated wait: unknown.');
    assert.equal(formatWait(-5, en), 'Estimated wait: unknown.');
});

test('wait estimates round up to whole minutes, then hours', () => {
    assert.equal(formatWait(0, en), 'An agent will be with you in a moment.');
    assert.equal(formatWait(45, en), 'Estimated wait: less than a minute.');
    assert.equal(formatWait(60, en), 'Estimated wait: about 1 minute.');
    assert.equal(formatWait(61, en), 'Estimated wait: about 2 minutes.');
    assert.equal(formatWait(300, en), 'Estimated wait: about 5 minutes.');
    assert.equal(formatWait(2 * 3600, en), 'Estimated wait: about 2 hours.');
    assert.equal(formatWait(600, de), 'Geschätzte Wartezeit: etwa 10 Minuten.');
});

test('the transcript lists stored messages in order with authors', () => {
    const text = buildTranscript({
        title: 'Demo shop',
        lang: 'en',
        t: en,
        timeZone: 'UTC',
        messages: [
            { seq: 1, author: { role: 'visitor' }, body: 'Hi <b>there</b>', at: Date.UTC(2025, 0, 2, 9, 5) },
            {
                seq: 2,
                author: { role: 'system', id: '', name: '' },
                body: 'Grace joined the chat',
                at: Date.UTC(2025, 0, 2, 9, 6),
            },
            { seq: 3, author: { role: 'agent', name: 'Grace' }, body: 'Hello!', at: Date.UTC(2025, 0, 2, 9, 6) },
        ],
    });
    assert.match(text, /^Chat transcript: Demo shop\n/);
    assert.match(text, /January 2, 2025/);
    assert.match(
        text,
        /\[09:05 AM\] You: Hi <b>there<\/b>\n\[09:06 AM\] Grace joined the chat\n\[09:06 AM\] Grace: Hello!\n$/,
        'system lines have no author',
    );
});

test('page details are cut to the protocol limits', () => {
    const p = pageInfo({ href: `https://shop.example/${'x'.repeat(3000)}` }, { title: 't'.repeat(600), referrer: '' });
    assert.equal(p.url.length, 2048);
    assert.equal(p.title.length, 512);
    assert.equal(p.referrer, '');
});

test('hello describes the visitor: page, user agent, language, time zone and stored token', () => {
    const hello = helloFields({
        siteKey: 'sk_1',
        token: 'tok',
        loc: { href: 'https://shop.example/cart' },
        doc: { title: 'Cart', referrer: 'https://search.example/' },
        nav: { userAgent: 'UA/1.0', language: 'de-DE' },
        fallbackLanguage: 'en',
        timeZone: 'Europe/Berlin',
    });
    assert.deepEqual(hello, {
        siteKey: 'sk_1',
        visitorToken: 'tok',
        page: { url: 'https://shop.example/cart', title: 'Cart', referrer: 'https://search.example/' },
        userAgent: 'UA/1.0',
        language: 'de-DE',
        timeZone: 'Europe/Berlin',
    });
    const first = helloFields({
        siteKey: 'k',
        token: null,
        loc: { href: 'x' },
        doc: {},
        nav: {},
        fallbackLanguage: 'en',
    });
    assert.equal('visitorToken' in first, false, 'no token on a first visit');
    assert.equal(first.language, 'en');
});

test("the page's signed identity is read from the embedding tag and sent in hello as signed", () => {
    const identity = identityFromDataset({
        site: 'sk_1',
        userId: '42',
        userEmail: 'ada@example.com',
        identityExpires: '1767225600',
        identitySignature: 'ab'.repeat(32),
    });
    assert.deepEqual(identity, {
        userId: '42',
        email: 'ada@example.com',
        expires: 1767225600,
        signature: 'ab'.repeat(32),
    });
    const hello = helloFields({
        siteKey: 'sk_1',
        loc: { href: 'https://shop.example/' },
        doc: { title: '' },
        nav: { userAgent: 'UA', language: 'en' },
        identity,
    });
    assert.deepEqual(hello.identity, identity);
    assert.equal(identityFromDataset({ site: 'sk_1' }), null, 'an anonymous page sends none');
    assert.equal(identityFromDataset({ userId: '42' }), null, 'nor one without a signature');
    assert.equal(identityFromDataset({ userId: '42', identitySignature: 'ab' }).email, '');
    assert.equal(
        'identity' in helloFields({ siteKey: 'k', loc: { href: '' }, doc: {}, nav: {}, fallbackLanguage: 'en' }),
        false,
    );
});

test('a preview keeps short messages whole and cuts long ones at a word break, about 80 characters', () => {
    assert.equal(previewText('  Your order\n\n  shipped today.  '), 'Your order shipped today.');
    const long = 'Thanks for waiting. I checked the warehouse and your parcel left this morning with the courier.';
    const cut = previewText(long);
    assert.ok(cut.length <= 81, cut);
    assert.equal(cut, 'Thanks for waiting. I checked the warehouse and your parcel left this morning…');
    assert.equal(previewText('x'.repeat(100)), `${'x'.repeat(80)}…`, 'no word break: cut at 80');
    assert.equal(previewText('😀'.repeat(90)), `${'😀'.repeat(80)}…`, 'emoji are not split');
    assert.equal(previewText('<b>hi</b>'), '<b>hi</b>', 'markup is left as text');
});
