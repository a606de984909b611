import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProtocolClient, SUBPROTOCOL } from '../src/protocol-client.js';
import { Backoff } from '../src/backoff.js';
import { fakeTimers, fakeWebSocketClass } from './support/fakes.mjs';

function setup() {
    const timers = fakeTimers();
    const WS = fakeWebSocketClass();
    const client = new ProtocolClient({
        url: 'ws://chat.test/ws/visitor',
        hello: () => ({ siteKey: 'sk_1', visitorToken: 'tok' }),
        WebSocketImpl: WS,
        timers,
        now: timers.now,
        backoff: new Backoff({ random: () => 1 }),
    });
    const states = [];
    client.on('state', (s) => states.push(s));
    return { timers, WS, client, states };
}

function welcome(socket) {
    socket.serverOpen();
    socket.serverSend({ type: 'welcome', visitorToken: 'tok', site: {}, conversations: [] });
}

test('offers chat.v1 and says hello first, then is ready on welcome', () => {
    const { WS, client, states } = setup();
    client.start();
    const socket = WS.latest();
    assert.equal(socket.protocol, SUBPROTOCOL);
    assert.equal(socket.url, 'ws://chat.test/ws/visitor');
    socket.serverOpen();
    assert.deepEqual(socket.sent[0], { siteKey: 'sk_1', visitorToken: 'tok', type: 'hello', rid: 'hello' });
    assert.equal(client.ready, false);
    socket.serverSend({ type: 'welcome', site: {}, conversations: [] });
    assert.equal(client.ready, true);
    assert.deepEqual(states, ['connecting', 'ready']);
});

test('a dropped link reconnects after a growing backoff and says hello again', () => {
    const { WS, client, timers, states } = setup();
    client.start();
    welcome(WS.latest());
    WS.latest().serverDrop();
    assert.equal(client.state, 'reconnecting');
    timers.tick(499);
    assert.equal(WS.sockets.length, 1, 'waits the first backoff step');
    timers.tick(1);
    assert.equal(WS.sockets.length, 2);
    WS.latest().serverDrop(); // server still down
    timers.tick(999);
    assert.equal(WS.sockets.length, 2, 'second wait is longer');
    timers.tick(1);
    welcome(WS.latest());
    assert.equal(WS.latest().sent[0].type, 'hello');
    assert.deepEqual(states, ['connecting', 'ready', 'reconnecting', 'ready']);
    WS.latest().serverDrop();
    timers.tick(500);
    assert.equal(WS.sockets.length, 4, 'a successful welcome resets the backoff');
});

test('requests resolve with the reply carrying their rid, errors reject with the code', async () => {
    const { WS, client } = setup();
    client.start();
    welcome(WS.latest());
    const p = client.request({ type: 'history.fetch', conversationId: 'c1' });
    const sent = WS.latest().last('history.fetch');
    WS.latest().serverSend({ type: 'history', rid: 'other', messages: [] });
    WS.latest().serverSend({ type: 'history', rid: sent.rid, messages: [{ seq: 1 }], hasMore: false });
    assert.deepEqual((await p).messages, [{ seq: 1 }]);

    const q = client.request({ type: 'conversation.rate', conversationId: 'c1', rating: 'good' });
    WS.latest().serverSend({
        type: 'error',
        rid: WS.latest().last('conversation.rate').rid,
        code: 'conflict',
        message: 'not closed',
    });
    await assert.rejects(q, { code: 'conflict' });
});

test('requests in flight fail when the link drops, and nothing is sent while down', async () => {
    const { WS, client } = setup();
    client.start();
    welcome(WS.latest());
    const p = client.request({ type: 'conversation.start' });
    WS.latest().serverDrop();
    await assert.rejects(p, { code: 'disconnected' });
    assert.equal(client.send({ type: 'typing' }), false);
    await assert.rejects(client.request({ type: 'conversation.start' }), { code: 'disconnected' });
});

test('pings after 10 s of silence and treats 5 s more without a frame as a dead link', () => {
    const { WS, client, timers } = setup();
    client.start();
    welcome(WS.latest());
    timers.tick(9999);
    assert.equal(WS.latest().all('ping').length, 0, 'no ping while the link was heard from lately');
    timers.tick(1);
    const ping = WS.latest().last('ping');
    assert.ok(ping && ping.rid, 'ping sent with a rid');
    WS.latest().serverSend({ type: 'pong', rid: ping.rid });
    timers.tick(10000);
    assert.equal(WS.latest().all('ping').length, 2, 'next ping after the next quiet period');
    timers.tick(4999);
    assert.equal(client.state, 'ready');
    timers.tick(1); // no pong this time: 15 s after the last frame
    assert.equal(client.state, 'reconnecting');
    assert.equal(WS.sockets[0].readyState, 3, 'the dead socket is closed');
});

test('a request after a quiet spell asks at once: a dead link shows within 5 s of sending', () => {
    const { WS, client, timers } = setup();
    client.start();
    welcome(WS.latest());
    timers.tick(3000);
    client.request({ type: 'message.send', body: 'hi' }).catch(() => {});
    assert.equal(WS.latest().all('ping').length, 1, 'a ping follows the request');
    timers.tick(5000);
    assert.equal(client.state, 'reconnecting');
});

test('a request on a link that spoke just now sends no ping, and a reply counts as an answer', () => {
    const { WS, client, timers } = setup();
    client.start();
    welcome(WS.latest());
    timers.tick(1000);
    client.send({ type: 'typing', conversationId: 'c1', active: true });
    assert.equal(WS.latest().all('ping').length, 0);
    timers.tick(2000);
    const reply = client.request({ type: 'history.fetch', conversationId: 'c1' });
    const ping = WS.latest().last('ping');
    assert.ok(ping, 'quiet for 3 s: asked');
    const rid = WS.latest().last('history.fetch').rid;
    timers.tick(4000);
    WS.latest().serverSend({ type: 'history', rid, messages: [] }); // slow, but here before the deadline
    timers.tick(9999);
    assert.equal(client.state, 'ready');
    return reply;
});

test('waking (page visible, network back) asks an open link at once and reconnects a closed one now', () => {
    const { WS, client, timers } = setup();
    client.start();
    welcome(WS.latest());
    client.wake();
    assert.equal(WS.latest().all('ping').length, 1);
    client.wake();
    assert.equal(WS.latest().all('ping').length, 1, 'one question at a time');
    timers.tick(5000);
    assert.equal(client.state, 'reconnecting');
    const before = WS.sockets.length;
    client.wake();
    assert.equal(WS.sockets.length, before + 1, 'no backoff wait after a wake');
});

test('a server that accepts the connection but never opens it is given up after 15 s', () => {
    const { WS, client, timers } = setup();
    client.start();
    timers.tick(14999);
    assert.equal(WS.sockets.length, 1);
    assert.equal(client.state, 'connecting');
    timers.tick(1);
    assert.equal(client.state, 'reconnecting');
    assert.equal(WS.sockets[0].readyState, 3, 'the hanging socket is closed');
    timers.tick(60000);
    assert.ok(WS.sockets.length >= 2, 'and tried again');
});

test('a server that opens the socket but never answers hello is given up 15 s after connecting', () => {
    const { WS, client, timers } = setup();
    client.start();
    timers.tick(1000);
    WS.latest().serverOpen();
    timers.tick(13999);
    assert.equal(client.state, 'connecting');
    timers.tick(1);
    assert.equal(client.state, 'reconnecting');
});

test('a wake while connecting leaves the connection its own deadline', () => {
    const { WS, client, timers } = setup();
    client.start();
    client.wake();
    client.probe();
    assert.equal(WS.latest().all('ping').length, 0, 'nothing is asked of a socket not open yet');
    timers.tick(5000);
    assert.equal(client.state, 'connecting');
    welcome(WS.latest());
    assert.equal(client.state, 'ready');
});

test('probing (the browser went offline) never opens a socket', () => {
    const { WS, client, timers } = setup();
    client.start();
    WS.latest().serverDrop();
    const before = WS.sockets.length;
    client.probe();
    assert.equal(WS.sockets.length, before);
    assert.equal(client.state, 'reconnecting');
    timers.tick(60000);
    assert.ok(WS.sockets.length > before, 'the backoff goes on as before');
});

test('an unknown site stops for good instead of retrying', () => {
    const { WS, client, timers } = setup();
    let fatal = null;
    client.on('fatal', (e) => (fatal = e));
    client.start();
    WS.latest().serverOpen();
    WS.latest().serverSend({ type: 'error', rid: 'hello', code: 'unknown_site', message: 'no' });
    timers.tick(120000);
    assert.equal(client.state, 'failed');
    assert.equal(fatal.code, 'unknown_site');
    assert.equal(WS.sockets.length, 1);
});

for (const code of ['identity_invalid', 'identity_required']) {
    test(`a refused identity (${code}) stops retrying: only a new page can fix it`, () => {
        const { WS, client, timers } = setup();
        let fatal = null;
        client.on('fatal', (e) => (fatal = e));
        client.start();
        WS.latest().serverOpen();
        WS.latest().serverSend({ type: 'error', rid: 'hello', code, message: 'no' });
        timers.tick(120000);
        assert.equal(client.state, 'failed');
        assert.equal(fatal.code, code);
        assert.equal(WS.sockets.length, 1);
    });
}

test('reconnectNow skips the remaining wait', () => {
    const { WS, client, timers } = setup();
    client.start();
    welcome(WS.latest());
    WS.latest().serverDrop();
    timers.tick(100);
    client.reconnectNow();
    assert.equal(WS.sockets.length, 2);
});
