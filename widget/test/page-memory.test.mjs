import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPageMemory, readScroll, scrollAnchor } from '../src/page-memory.js';
import { memoryBackend, namespacedStorage } from '../src/storage.js';

function stores() {
    return {
        tab: namespacedStorage(memoryBackend(), 'chatw:sk_a:'),
        lasting: namespacedStorage(memoryBackend(), 'chatw:sk_a:'),
    };
}

test('the next page finds the chat open, its draft and its scroll position', () => {
    const { tab, lasting } = stores();
    const first = createPageMemory({ tab, lasting });
    assert.equal(first.wasOpen, false);
    assert.equal(first.draft, '');
    assert.deepEqual(first.scroll, { end: true });
    first.setOpen(true);
    first.setDraft('Where is my parcel');
    first.setScroll({ seq: 12, offset: -30 });

    const next = createPageMemory({ tab, lasting });
    assert.equal(next.wasOpen, true);
    assert.equal(next.draft, 'Where is my parcel');
    assert.deepEqual(next.scroll, { seq: 12, offset: -30 });
});

test('the open state and scroll belong to the tab, the draft to the visitor', () => {
    const { tab, lasting } = stores();
    const page = createPageMemory({ tab, lasting });
    page.setOpen(true);
    page.setDraft('half a question');
    page.setScroll({ seq: 3, offset: 0 });
    const otherTab = createPageMemory({ tab: stores().tab, lasting });
    assert.equal(otherTab.wasOpen, false);
    assert.deepEqual(otherTab.scroll, { end: true });
    assert.equal(otherTab.draft, 'half a question');
});

test('a sent (emptied) draft and a closed chat are forgotten', () => {
    const { tab, lasting } = stores();
    const page = createPageMemory({ tab, lasting });
    page.setOpen(true);
    page.setDraft('hello');
    page.setDraft('');
    page.setOpen(false);
    assert.equal(lasting.get('draft'), null);
    assert.equal(tab.get('open'), null);
    const next = createPageMemory({ tab, lasting });
    assert.equal(next.wasOpen, false);
    assert.equal(next.draft, '');
});

test('a stored scroll position that is not one means the newest line', () => {
    assert.deepEqual(readScroll(null), { end: true });
    assert.deepEqual(readScroll({ end: true }), { end: true });
    assert.deepEqual(readScroll({ seq: 0, offset: 5 }), { end: true });
    assert.deepEqual(readScroll({ seq: 1.5, offset: 5 }), { end: true });
    assert.deepEqual(readScroll({ seq: '7', offset: 5 }), { end: true });
    assert.deepEqual(readScroll({ seq: 7, offset: 'x' }), { end: true });
    assert.deepEqual(readScroll({ seq: 7, offset: -12, extra: 1 }), { seq: 7, offset: -12 });
});

test('the anchor is the first stored message at least partly in view', () => {
    const rows = [
        { seq: 1, top: 0, bottom: 40 },
        { seq: null, top: 48, bottom: 90 }, // a message still being sent has no seq
        { seq: 3, top: 98, bottom: 140 },
        { seq: 4, top: 148, bottom: 190 },
    ];
    assert.deepEqual(scrollAnchor(rows, 20, false), { seq: 1, offset: -20 });
    assert.deepEqual(scrollAnchor(rows, 40, false), { seq: 3, offset: 58 });
    assert.deepEqual(scrollAnchor(rows, 120.4, false), { seq: 3, offset: -22 });
    assert.deepEqual(scrollAnchor(rows, 0, true), { end: true }, 'at the end stays at the end');
    assert.deepEqual(scrollAnchor(rows, 500, false), { end: true });
    assert.deepEqual(scrollAnchor([], 0, false), { end: true });
});

test('the anchor reads rows only as far as it needs', () => {
    let read = 0;
    function* rows() {
        for (let seq = 1; seq <= 100; seq++) {
            read++;
            yield { seq, top: seq * 50, bottom: seq * 50 + 40 };
        }
    }
    assert.deepEqual(scrollAnchor(rows(), 205, false), { seq: 4, offset: -5 });
    assert.equal(read, 4);
});
