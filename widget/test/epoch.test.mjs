// The database epoch in welcome (docs/protocol.md, "Delivery guarantee" 8): after a restore the
// server hands out seq numbers again, so a new epoch drops what the widget knows by seq.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProtocolClient } from '../src/protocol-client.js';
import { Backoff } from '../src/backoff.js';
import { ChatSession } from '../src/chat-session.js';
import { fakeTimers, fakeWebSocketClass, testStorage } from './support/fakes.mjs';

const tick = () => new Promise((r) => setImmediate(r));
const agent = { role: 'agent', id: 'a1', name: 'Grace' };
const conv = { id: 'c1', status: 'assigned', agent: { id: 'a1', name: 'Grace' }, lastSeq: 3 };
const message = (seq, body) => ({ seq, clientId: `a-${body}`, author: agent, body, at: seq });

function setup() {
    const timers = fakeTimers();
    const WS = fakeWebSocketClass();
    const { storage } = testStorage();
    const client = new ProtocolClient({
        url: 'ws://x/ws/visitor',
        hello: () => ({ siteKey: 'k' }),
        WebSocketImpl: WS,
        timers,
        backoff: new Backoff({ random: () => 1 }),
    });
    let n = 0;
    const session = new ChatSession({
        client,
        storage,
        page: () => ({ url: 'https://shop/p', title: 'P', referrer: '' }),
        timers,
        newId: () => `c-${++n}`,
    });
    return { timers, WS, session, storage };
}

/** Answers hello with a welcome of `epoch`; returns the history.fetch it asked, answered with `history`. */
async function welcome(ctx, epoch, history) {
    const socket = ctx.WS.latest();
    socket.serverOpen();
    socket.serverSend({ type: 'welcome', visitorToken: 't', site: {}, conversations: [conv], epoch });
    const fetch = socket.last('history.fetch');
    socket.serverSend({ type: 'history', rid: fetch.rid, conversationId: 'c1', messages: history, hasMore: false });
    await tick();
    return { socket, fetch };
}

async function reconnect(ctx, epoch, history) {
    ctx.WS.latest().serverDrop();
    ctx.timers.tick(30000);
    return welcome(ctx, epoch, history);
}

test('on the same epoch the widget resumes after its cursor', async () => {
    const ctx = setup();
    ctx.session.connect();
    await welcome(ctx, 'e1', [message(1, 'one'), message(2, 'two'), message(3, 'three')]);
    const { fetch } = await reconnect(ctx, 'e1', []);
    assert.equal(fetch.afterSeq, 3);
    assert.equal(ctx.storage.get('epoch'), 'e1');
});

test('on a new epoch the widget refetches from the start and shows new messages with seen seq numbers', async () => {
    const ctx = setup();
    ctx.session.connect();
    await welcome(ctx, 'e1', [message(1, 'one'), message(2, 'lost'), message(3, 'lost too')]);
    ctx.session.sendMessage('unsent');
    const { socket, fetch } = await reconnect(ctx, 'e2', [message(1, 'one')]);
    assert.equal(fetch.afterSeq, 0, 'refetched from scratch');
    assert.equal(ctx.storage.get('epoch'), 'e2');
    socket.serverSend({ type: 'message', conversationId: 'c1', ...message(2, 'after the restore') });
    await tick();
    assert.deepEqual(
        ctx.session.messages.items.map((m) => m.body),
        ['one', 'after the restore', 'unsent'],
    );
    assert.ok(
        socket.all('message.send').some((m) => m.body === 'unsent'),
        'unsent messages are sent again',
    );
});

test('a reloaded page with an epoch from before the restore forgets what it saw of offline answers', async () => {
    const ctx = setup();
    ctx.storage.set('epoch', 'e1');
    ctx.storage.setJson('offline', { c9: { seen: 7, at: 1 } });
    ctx.session.connect();
    await welcome(ctx, 'e2', []);
    assert.equal(ctx.storage.getJson('offline', {}).c9.seen, 0);
});
