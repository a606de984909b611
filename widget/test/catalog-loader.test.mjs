import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogLoader, cleanCatalog } from '../src/catalog-loader.js';
import { memoryBackend } from '../src/storage.js';

const FR = { openChat: 'Ouvrir le chat' };

function server(responses) {
    const requests = [];
    const fetchFn = async (url, options) => {
        requests.push({ url, options });
        const answer = responses[url];
        if (answer instanceof Error) throw answer;
        if (answer === undefined) return { ok: false, status: 404, json: async () => ({}) };
        return { ok: true, status: 200, json: async () => answer };
    };
    return { fetchFn, requests };
}

const url = (lang) => `https://chat.example/widget/data/lang-${lang}.json`;

test('a language is fetched once, then comes from the session on the next page', async () => {
    const { fetchFn, requests } = server({ [url('fr')]: FR });
    const session = memoryBackend();
    const first = catalogLoader({ url, fetchFn, session, version: 'b1' });
    assert.equal(first.cached('fr'), null);
    const [a, b] = await Promise.all([first.load('fr'), first.load('fr')]);
    assert.deepEqual(a, FR);
    assert.deepEqual(b, FR);
    assert.equal(requests.length, 1);
    assert.equal(requests[0].options.credentials, 'omit');

    const nextPage = catalogLoader({ url, fetchFn, session, version: 'b1' });
    assert.deepEqual(nextPage.cached('fr'), FR);
    assert.deepEqual(await nextPage.load('fr'), FR);
    assert.equal(requests.length, 1);
    // another build does not trust this build's copy
    assert.equal(catalogLoader({ url, fetchFn, session, version: 'b2' }).cached('fr'), null);
});

test('English is built in and never fetched', async () => {
    const { fetchFn, requests } = server({});
    const en = { openChat: 'Open chat' };
    const loader = catalogLoader({ builtIn: { en }, url, fetchFn, session: null });
    assert.equal(loader.cached('en'), en);
    assert.equal(await loader.load('en'), en);
    assert.equal(requests.length, 0);
});

test('a failed fetch, a 404 or a damaged file gives null and nothing is cached', async () => {
    const session = memoryBackend();
    const { fetchFn } = server({ [url('de')]: new TypeError('Failed to fetch'), [url('ja')]: ['not', 'a', 'catalog'] });
    const loader = catalogLoader({ url, fetchFn, session });
    assert.equal(await loader.load('de'), null);
    assert.equal(await loader.load('pl'), null);
    assert.equal(await loader.load('ja'), null);
    assert.equal(session.length, 0);
});

test('blocked storage only means fetching again', async () => {
    const blocked = {
        getItem() {
            throw new Error('SecurityError');
        },
        setItem() {
            throw new Error('QuotaExceededError');
        },
    };
    const { fetchFn, requests } = server({ [url('fr')]: FR });
    for (const session of [blocked, null]) {
        assert.deepEqual(await catalogLoader({ url, fetchFn, session }).load('fr'), FR);
    }
    assert.equal(requests.length, 2);
});

test('only string values are kept from a fetched file', () => {
    assert.deepEqual(cleanCatalog({ a: 'x', b: 1, c: { d: 'e' } }), { a: 'x' });
    assert.equal(cleanCatalog(null), null);
    assert.equal(cleanCatalog('text'), null);
});
