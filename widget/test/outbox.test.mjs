import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Outbox } from '../src/outbox.js';
import { namespacedStorage } from '../src/storage.js';
import { testStorage } from './support/fakes.mjs';

test('unacknowledged messages survive a reload with their clientId', () => {
    const { storage } = testStorage();
    const box = new Outbox(storage);
    box.add({ clientId: 'c-1', conversationId: 'conv', body: 'one', createdAt: 1 });
    box.add({ clientId: 'c-2', conversationId: 'conv', body: 'two', createdAt: 2 });
    const reloaded = new Outbox(storage);
    assert.deepEqual(
        reloaded.entries().map((e) => [e.clientId, e.body]),
        [
            ['c-1', 'one'],
            ['c-2', 'two'],
        ],
    );
});

test('an ack removes the entry for good; the rest stays in order', () => {
    const { storage, backend } = testStorage();
    const box = new Outbox(storage);
    box.add({ clientId: 'c-1', conversationId: 'conv', body: 'one' });
    box.add({ clientId: 'c-2', conversationId: 'conv', body: 'two' });
    assert.equal(box.remove('c-1'), true);
    assert.equal(box.remove('c-1'), false, 'a duplicate ack is harmless');
    assert.deepEqual(
        new Outbox(storage).entries().map((e) => e.clientId),
        ['c-2'],
    );
    box.remove('c-2');
    assert.equal(backend.length, 0, 'an empty outbox leaves nothing in storage');
});

test('adding the same clientId twice keeps one entry', () => {
    const { storage } = testStorage();
    const box = new Outbox(storage);
    assert.equal(box.add({ clientId: 'c-1', conversationId: 'conv', body: 'one' }), true);
    assert.equal(box.add({ clientId: 'c-1', conversationId: 'conv', body: 'one' }), false);
    assert.equal(box.size, 1);
});

test('messages written before the conversation existed join it once started', () => {
    const { storage } = testStorage();
    const box = new Outbox(storage);
    box.add({ clientId: 'c-1', conversationId: null, body: 'early' });
    assert.equal(box.hasUnassigned(), true);
    box.assignConversation('conv-9');
    assert.equal(box.hasUnassigned(), false);
    assert.deepEqual(
        new Outbox(storage).entries('conv-9').map((e) => e.clientId),
        ['c-1'],
    );
});

test('corrupt or foreign storage content is ignored, not fatal', () => {
    const { storage, backend } = testStorage();
    backend.setItem('chatw:test:outbox', '{not json');
    assert.equal(new Outbox(storage).size, 0);
    backend.setItem(
        'chatw:test:outbox',
        JSON.stringify([{ clientId: 5 }, { clientId: 'ok', conversationId: 'c', body: 'b' }]),
    );
    assert.deepEqual(
        new Outbox(storage).entries().map((e) => e.clientId),
        ['ok'],
    );
});

test('a throwing storage backend does not break sending', () => {
    const throwing = {
        getItem() {
            throw new Error('denied');
        },
        setItem() {
            throw new Error('full');
        },
        removeItem() {
            throw new Error('x');
        },
    };
    const box = new Outbox(namespacedStorage(throwing, 'p:'));
    assert.equal(box.add({ clientId: 'c-1', conversationId: 'c', body: 'b' }), true);
    assert.equal(box.size, 1);
});
