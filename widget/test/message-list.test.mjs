import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageList } from '../src/message-list.js';

const agent = { role: 'agent', id: 'a1', name: 'Grace' };
const visitor = { role: 'visitor', id: 'v1' };
const msg = (seq, extra = {}) => ({
    seq,
    clientId: `x-${seq}`,
    author: agent,
    body: `m${seq}`,
    at: 1000 + seq,
    ...extra,
});
const bodies = (list) => list.items.map((i) => i.body);

test('a message seen live and again in a history page is shown once', () => {
    const list = new MessageList();
    assert.equal(list.merge(msg(1)).added, true);
    assert.equal(list.merge(msg(1)).added, false);
    assert.equal(list.merge({ ...msg(1), clientId: undefined }).added, false, 'seq alone identifies it');
    assert.deepEqual(bodies(list), ['m1']);
});

test('own message: pending, then sent on ack, and the echo does not duplicate it', () => {
    const list = new MessageList();
    list.merge(msg(1));
    const item = list.addLocal({ clientId: 'c-me', body: 'hi', at: 5 });
    assert.equal(item.state, 'pending');
    list.acknowledge({ clientId: 'c-me', seq: 2, at: 1010 });
    assert.equal(item.state, 'sent');
    assert.equal(item.seq, 2);
    list.merge({ seq: 2, clientId: 'c-me', author: visitor, body: 'hi', at: 1010 });
    assert.deepEqual(bodies(list), ['m1', 'hi']);
    assert.equal(list.lastSeq, 2);
});

test('the live echo may arrive before the ack', () => {
    const list = new MessageList();
    const item = list.addLocal({ clientId: 'c-me', body: 'hi' });
    list.merge({ seq: 1, clientId: 'c-me', author: visitor, body: 'hi', at: 7 });
    assert.equal(item.state, 'sent');
    list.acknowledge({ clientId: 'c-me', seq: 1, at: 7 });
    assert.equal(list.items.length, 1);
});

test('messages are ordered by seq whatever order they arrive in; pending stay last', () => {
    const list = new MessageList();
    list.addLocal({ clientId: 'c-p', body: 'pending' });
    list.merge(msg(3));
    list.merge(msg(1));
    list.merge(msg(2));
    assert.deepEqual(bodies(list), ['m1', 'm2', 'm3', 'pending']);
    list.acknowledge({ clientId: 'c-p', seq: 4 });
    assert.deepEqual(bodies(list), ['m1', 'm2', 'm3', 'pending']);
});

test('lastSeq is the highest seq seen, holes included (internal notes are never sent to visitors)', () => {
    const list = new MessageList();
    list.merge(msg(1));
    list.merge(msg(3)); // seq 2 is an agents-only note
    assert.equal(list.lastSeq, 3, 'catch-up asks afterSeq=3');
    assert.equal(list.hasGap(), true, 'the hole is visible for information');
    list.merge(msg(2));
    assert.equal(list.hasGap(), false);
    assert.deepEqual(bodies(list), ['m1', 'm2', 'm3']);
});

test('an ack raises lastSeq like a received message', () => {
    const list = new MessageList();
    list.merge(msg(1));
    list.addLocal({ clientId: 'c-me', body: 'x' });
    list.acknowledge({ clientId: 'c-me', seq: 3 });
    assert.equal(list.lastSeq, 3);
});

test('failed messages stay visible and marked', () => {
    const list = new MessageList();
    list.addLocal({ clientId: 'c-me', body: 'x' });
    list.markFailed('c-me');
    assert.equal(list.items[0].state, 'failed');
});

test('invalid seq values are ignored', () => {
    const list = new MessageList();
    assert.equal(list.merge({ seq: 'x', body: 'bad' }).added, false);
    assert.equal(list.merge({ seq: 0, body: 'bad' }).added, false);
    assert.equal(list.items.length, 0);
});

test('unknown ack is ignored', () => {
    const list = new MessageList();
    assert.equal(list.acknowledge({ clientId: 'nope', seq: 1 }), null);
    assert.equal(list.lastSeq, 0);
});
