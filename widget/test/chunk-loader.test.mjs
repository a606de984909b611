import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkLoader, defineChunk, REGISTRY } from '../src/chunk-loader.js';
import { fakeTimers } from './support/fakes.mjs';

/** A document whose <script> elements "run" when the test says: load, fail, or load without registering. */
function fakeDocument(global) {
    const scripts = [];
    const head = {
        append(script) {
            script.parentNode = head;
            scripts.push(script);
        },
    };
    const doc = {
        head,
        scripts,
        createElement: (tag) => ({
            tag,
            remove() {
                this.parentNode = null;
            },
        }),
        /** The chunk's code runs (it registers `exports` unless null), then the load event. */
        run(script, name, exports) {
            if (exports) {
                globalThis[REGISTRY] = global[REGISTRY]; // a chunk sees the page's window
                defineChunk(name, exports);
                delete globalThis[REGISTRY];
            }
            script.onload && script.onload();
        },
    };
    return doc;
}

function setup() {
    const global = {};
    const doc = fakeDocument(global);
    const timers = fakeTimers();
    const chunks = chunkLoader({
        url: (name) => `https://chat.example/widget/chunks/${name}.js?v=b1`,
        doc,
        global,
        timers,
    });
    return { global, doc, timers, chunks };
}

test('a chunk is one <script> from the server, asked for once, and its exports resolve every load', async () => {
    const { doc, chunks, global } = setup();
    assert.equal(typeof global[REGISTRY].define, 'function', 'the private registry is set up');
    assert.equal(chunks.loaded('emoji'), null);
    const first = chunks.load('emoji');
    const second = chunks.load('emoji');
    assert.equal(doc.scripts.length, 1);
    const [script] = doc.scripts;
    assert.equal(script.tag, 'script');
    assert.equal(script.src, 'https://chat.example/widget/chunks/emoji.js?v=b1');
    assert.equal(script.async, true);
    const exports = { emojiGrid() {} };
    doc.run(script, 'emoji', exports);
    assert.equal(await first, exports);
    assert.equal(await second, exports);
    assert.equal(chunks.loaded('emoji'), exports);
    assert.equal(script.parentNode, null, 'the script element is removed once it ran');
    assert.equal(await chunks.load('emoji'), exports);
    assert.equal(doc.scripts.length, 1, 'not fetched again');
});

test('a chunk that fails to load rejects, and the next load asks again', async () => {
    const { doc, chunks } = setup();
    const failed = chunks.load('uploads');
    doc.scripts[0].onerror();
    await assert.rejects(failed, /chunk "uploads" could not be loaded/);
    assert.equal(doc.scripts[0].parentNode, null);
    assert.equal(chunks.loaded('uploads'), null);

    const again = chunks.load('uploads');
    assert.equal(doc.scripts.length, 2);
    doc.run(doc.scripts[1], 'uploads', { sendFile() {} });
    assert.equal(typeof (await again).sendFile, 'function');
});

test('a script that runs but registers nothing (a wrong file) rejects', async () => {
    const { doc, chunks } = setup();
    const p = chunks.load('emoji');
    doc.run(doc.scripts[0], 'emoji', null);
    await assert.rejects(p, /did not register/);
});

test('a chunk that never answers rejects after the timeout; a late script changes nothing', async () => {
    const { doc, chunks, timers } = setup();
    const p = chunks.load('emoji');
    timers.tick(19999);
    let settled = false;
    p.catch(() => {}).finally(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, false);
    timers.tick(1);
    await assert.rejects(p, /took too long/);
    assert.equal(doc.scripts[0].onload, null, 'its handlers are gone');
});

test('defineChunk outside a page with the widget does nothing', () => {
    assert.doesNotThrow(() => defineChunk('emoji', {}));
});
