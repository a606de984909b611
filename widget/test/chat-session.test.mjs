import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProtocolClient } from '../src/protocol-client.js';
import { Backoff } from '../src/backoff.js';
import { ChatSession, currentView } from '../src/chat-session.js';
import { fakeTimers, fakeWebSocketClass, testStorage } from './support/fakes.mjs';

const tick = () => new Promise((r) => setImmediate(r));
const agent = { role: 'agent', id: 'a1', name: 'Grace' };
const openConv = (extra = {}) => ({
    id: 'c1',
    status: 'assigned',
    agent: { id: 'a1', name: 'Grace' },
    lastSeq: 0,
    ...extra,
});

function setup({ storage } = {}) {
    const timers = fakeTimers();
    const WS = fakeWebSocketClass();
    const store = storage || testStorage().storage;
    let n = 0;
    const client = new ProtocolClient({
        url: 'ws://x/ws/visitor',
        hello: () => ({ siteKey: 'k' }),
        WebSocketImpl: WS,
        timers,
        backoff: new Backoff({ random: () => 1 }),
    });
    const session = new ChatSession({
        client,
        storage: store,
        page: () => ({ url: 'https://shop/p', title: 'P', referrer: '' }),
        timers,
        newId: () => `c-${++n}`,
    });
    return { timers, WS, client, session, storage: store };
}

/** Connect and answer hello; answers the catch-up history.fetch with `history`. */
async function connect(ctx, welcome, history = []) {
    ctx.session.connect();
    const socket = ctx.WS.latest();
    socket.serverOpen();
    socket.serverSend({
        type: 'welcome',
        visitorToken: 'tok-1',
        site: { title: 'Shop' },
        agentsOnline: true,
        conversations: [],
        ...welcome,
    });
    await answerHistory(socket, history);
    return socket;
}
async function answerHistory(socket, messages) {
    const fetch = socket.all('history.fetch').at(-1);
    if (!fetch) return;
    socket.serverSend({
        type: 'history',
        rid: fetch.rid,
        conversationId: fetch.conversationId,
        messages,
        hasMore: false,
    });
    await tick();
}
async function reconnect(ctx, welcome, history = []) {
    ctx.WS.latest().serverDrop();
    ctx.timers.tick(30000);
    const socket = ctx.WS.latest();
    socket.serverOpen();
    socket.serverSend({
        type: 'welcome',
        visitorToken: 'tok-1',
        site: {},
        agentsOnline: true,
        conversations: [openConv()],
        ...welcome,
    });
    await answerHistory(socket, history);
    return socket;
}

test('the visitor token from welcome is stored and the open conversation resumed from server history', async () => {
    const ctx = setup();
    const socket = await connect(ctx, { conversations: [openConv({ lastSeq: 2 })] }, [
        { seq: 1, clientId: 'v-1', author: { role: 'visitor' }, body: 'hi', at: 1 },
        { seq: 2, clientId: 'a-1', author: agent, body: 'hello', at: 2 },
    ]);
    assert.equal(ctx.storage.get('token'), 'tok-1');
    assert.equal(ctx.storage.get('conv'), 'c1');
    assert.deepEqual(socket.last('history.fetch'), {
        type: 'history.fetch',
        conversationId: 'c1',
        afterSeq: 0,
        limit: 200,
        rid: socket.last('history.fetch').rid,
    });
    assert.deepEqual(
        ctx.session.messages.items.map((m) => m.body),
        ['hi', 'hello'],
    );
    assert.equal(ctx.session.unread, 0, 'restored history is not unread');
    assert.deepEqual(socket.last('visitor.page'), {
        type: 'visitor.page',
        page: { url: 'https://shop/p', title: 'P', referrer: '' },
    });
});

test('the first message starts the conversation, then is sent into it', async () => {
    const ctx = setup();
    const socket = await connect(ctx, {});
    assert.equal(ctx.session.sendMessage('Hello?'), null);
    assert.equal(ctx.session.messages.items[0].state, 'pending');
    const start = socket.last('conversation.start');
    assert.ok(start);
    assert.equal(socket.all('message.send').length, 0);
    socket.serverSend({
        type: 'conversation.started',
        rid: start.rid,
        conversation: openConv({ status: 'queued', queuePosition: 1 }),
    });
    await tick();
    assert.deepEqual(socket.last('message.send'), {
        type: 'message.send',
        rid: socket.last('message.send').rid,
        conversationId: 'c1',
        clientId: 'c-1',
        body: 'Hello?',
    });
    assert.equal(ctx.session.view, 'chat');
});

test('unacknowledged messages are resent with the same clientId after a reconnect, and shown once', async () => {
    const ctx = setup();
    let socket = await connect(ctx, { conversations: [openConv()] });
    ctx.session.sendMessage('one');
    ctx.session.sendMessage('two');
    assert.deepEqual(
        socket.all('message.send').map((m) => m.clientId),
        ['c-1', 'c-2'],
    );
    // the server stored "one" (ack lost with the link) but not "two"
    socket = await reconnect(ctx, {}, [{ seq: 1, clientId: 'c-1', author: { role: 'visitor' }, body: 'one', at: 5 }]);
    assert.equal(socket.last('history.fetch').afterSeq, 0);
    assert.deepEqual(
        socket.all('message.send').map((m) => m.clientId),
        ['c-2'],
        'only what is still unacknowledged',
    );
    socket.serverSend({ type: 'message.ack', conversationId: 'c1', clientId: 'c-2', seq: 2, at: 6, duplicate: false });
    socket.serverSend({
        type: 'message',
        conversationId: 'c1',
        seq: 2,
        clientId: 'c-2',
        author: { role: 'visitor' },
        body: 'two',
        at: 6,
    });
    assert.deepEqual(
        ctx.session.messages.items.map((m) => [m.body, m.seq, m.state]),
        [
            ['one', 1, 'sent'],
            ['two', 2, 'sent'],
        ],
    );
    assert.equal(ctx.session.outbox.size, 0);
});

test('a duplicate ack for a resent message changes nothing', async () => {
    const ctx = setup();
    const socket = await connect(ctx, { conversations: [openConv()] });
    ctx.session.sendMessage('one');
    const ack = { type: 'message.ack', conversationId: 'c1', clientId: 'c-1', seq: 1, at: 5 };
    socket.serverSend({ ...ack, duplicate: false });
    socket.serverSend({ ...ack, duplicate: true });
    socket.serverSend({
        type: 'message',
        conversationId: 'c1',
        seq: 1,
        clientId: 'c-1',
        author: { role: 'visitor' },
        body: 'one',
        at: 5,
    });
    assert.equal(ctx.session.messages.items.length, 1);
});

test('after a reconnect only what was missed is fetched (afterSeq = last seen seq)', async () => {
    const ctx = setup();
    let socket = await connect(ctx, { conversations: [openConv()] }, [
        { seq: 1, clientId: 'a', author: agent, body: 'm1', at: 1 },
        { seq: 2, clientId: 'b', author: agent, body: 'm2', at: 2 },
    ]);
    socket = await reconnect(ctx, {}, [{ seq: 3, clientId: 'c', author: agent, body: 'm3', at: 3 }]);
    assert.equal(socket.last('history.fetch').afterSeq, 2);
    assert.equal(socket.all('visitor.page').length, 0, 'visitor.page is sent once per page load');
    assert.deepEqual(
        ctx.session.messages.items.map((m) => m.body),
        ['m1', 'm2', 'm3'],
    );
    assert.equal(ctx.session.unread, 1, 'missed agent messages count as unread while closed');
});

test('holes in seq (agents-only notes) do not trigger fetches; a reconnect asks after the highest seq', async () => {
    const ctx = setup();
    let socket = await connect(ctx, { conversations: [openConv()] });
    const fetchesBefore = socket.all('history.fetch').length;
    socket.serverSend({
        type: 'message',
        conversationId: 'c1',
        seq: 1,
        clientId: 'a',
        author: agent,
        body: 'm1',
        at: 1,
    });
    socket.serverSend({
        type: 'message',
        conversationId: 'c1',
        seq: 3,
        clientId: 'c',
        author: agent,
        body: 'm3',
        at: 3,
    });
    assert.equal(socket.all('history.fetch').length, fetchesBefore, 'nothing is lost on one open connection');
    socket = await reconnect(ctx, {}, [{ seq: 5, clientId: 'e', author: agent, body: 'm5', at: 5 }]);
    assert.equal(socket.last('history.fetch').afterSeq, 3);
    assert.deepEqual(
        ctx.session.messages.items.map((m) => m.body),
        ['m1', 'm3', 'm5'],
    );
});

test('catch-up follows hasMore until the server has nothing newer', async () => {
    const ctx = setup();
    ctx.session.connect();
    const socket = ctx.WS.latest();
    socket.serverOpen();
    socket.serverSend({
        type: 'welcome',
        visitorToken: 't',
        site: {},
        agentsOnline: true,
        conversations: [openConv()],
    });
    let fetch = socket.last('history.fetch');
    assert.equal(fetch.afterSeq, 0);
    socket.serverSend({
        type: 'history',
        rid: fetch.rid,
        messages: [{ seq: 2, author: agent, body: 'a', at: 1 }],
        hasMore: true,
    });
    await tick();
    fetch = socket.last('history.fetch');
    assert.equal(fetch.afterSeq, 2);
    socket.serverSend({
        type: 'history',
        rid: fetch.rid,
        messages: [{ seq: 4, author: agent, body: 'b', at: 2 }],
        hasMore: false,
    });
    await tick();
    assert.equal(socket.all('history.fetch').length, 2);
    assert.deepEqual(
        ctx.session.messages.items.map((m) => m.body),
        ['a', 'b'],
    );
});

test('messages written while offline survive a reload and are sent when the link is back', async () => {
    const { storage } = testStorage();
    const first = setup({ storage });
    const socket = await connect(first, { conversations: [openConv()] });
    socket.serverDrop();
    first.session.sendMessage('written offline');
    assert.equal(socket.all('message.send').length, 0);

    const second = setup({ storage }); // the page is reloaded
    assert.equal(second.session.hasResumableChat, true);
    assert.deepEqual(
        second.session.messages.items.map((m) => [m.body, m.state]),
        [['written offline', 'pending']],
    );
    const socket2 = await connect(second, { conversations: [openConv()] });
    assert.deepEqual(
        socket2.all('message.send').map((m) => [m.clientId, m.body]),
        [['c-1', 'written offline']],
    );
});

test('a message refused for good is marked not delivered and leaves the outbox; storage errors are retried', async () => {
    const ctx = setup();
    const socket = await connect(ctx, { conversations: [openConv()] });
    ctx.session.sendMessage('a');
    ctx.session.sendMessage('b');
    const [a, b] = socket.all('message.send');
    socket.serverSend({ type: 'error', rid: a.rid, code: 'storage_error', message: 'try later' });
    socket.serverSend({ type: 'error', rid: b.rid, code: 'conversation_closed', message: 'closed' });
    assert.equal(ctx.session.messages.items[1].state, 'failed');
    assert.deepEqual(
        ctx.session.outbox.entries().map((e) => e.clientId),
        ['c-1'],
    );
    ctx.timers.tick(3000);
    assert.equal(socket.all('message.send').at(-1).clientId, 'c-1', 'storage_error resends the same clientId');
});

test('a message refused with rate_limited stays pending and is resent after the time the server said', async () => {
    const ctx = setup();
    const socket = await connect(ctx, { conversations: [openConv()] });
    ctx.session.sendMessage('a');
    const [a] = socket.all('message.send');
    socket.serverSend({ type: 'error', rid: a.rid, code: 'rate_limited', message: 'slow down', retryAfterMs: 8000 });
    assert.notEqual(ctx.session.messages.items.at(-1).state, 'failed');
    assert.deepEqual(
        ctx.session.outbox.entries().map((e) => e.clientId),
        ['c-1'],
    );
    ctx.timers.tick(7000);
    assert.equal(socket.all('message.send').length, 1, 'not before the wait is over');
    ctx.timers.tick(1000);
    assert.equal(socket.all('message.send').at(-1).clientId, 'c-1', 'resent with the same clientId');
});

test('incoming agent messages while the panel is closed count as unread until opened', async () => {
    const ctx = setup();
    const socket = await connect(ctx, { conversations: [openConv()] });
    socket.serverSend({
        type: 'message',
        conversationId: 'c1',
        seq: 1,
        clientId: 'a',
        author: agent,
        body: 'hi',
        at: 1,
    });
    socket.serverSend({
        type: 'message',
        conversationId: 'c1',
        seq: 1,
        clientId: 'a',
        author: agent,
        body: 'hi',
        at: 1,
    });
    assert.equal(ctx.session.unread, 1);
    ctx.session.setPanelOpen(true);
    assert.equal(ctx.session.unread, 0);
    socket.serverSend({
        type: 'message',
        conversationId: 'c1',
        seq: 2,
        clientId: 'b',
        author: agent,
        body: 'more',
        at: 2,
    });
    assert.equal(ctx.session.unread, 0);
});

test('the newest unread agent message is the launcher preview until the panel opens', async () => {
    const ctx = setup();
    const socket = await connect(ctx, { conversations: [openConv()] });
    const say = (seq, author, body) =>
        socket.serverSend({ type: 'message', conversationId: 'c1', seq, clientId: `m${seq}`, author, body, at: seq });
    say(1, { role: 'system' }, 'Grace joined the chat');
    assert.equal(ctx.session.preview, null, 'system lines are not previewed');
    say(2, agent, 'first');
    const first = ctx.session.preview;
    assert.deepEqual([first.author.name, first.body], ['Grace', 'first']);
    say(2, agent, 'first');
    assert.equal(ctx.session.preview, first, 'a duplicate is not a newer message');
    say(3, agent, 'second');
    assert.equal(ctx.session.preview.body, 'second');
    assert.ok(ctx.session.preview.n > first.n, 'a newer message is told apart');
    ctx.session.setPanelOpen(true);
    assert.equal(ctx.session.preview, null);
    say(4, agent, 'read at once');
    assert.equal(ctx.session.preview, null, 'nothing is previewed while the panel is open');
});

test('typing from the agent shows and is cleared by their message', async () => {
    const ctx = setup();
    const socket = await connect(ctx, { conversations: [openConv()] });
    socket.serverSend({ type: 'typing', conversationId: 'c1', role: 'agent', name: 'Grace', active: true });
    assert.deepEqual(ctx.session.remoteTyping, { name: 'Grace', role: 'agent' });
    socket.serverSend({
        type: 'message',
        conversationId: 'c1',
        seq: 1,
        clientId: 'a',
        author: agent,
        body: 'hi',
        at: 1,
    });
    assert.equal(ctx.session.remoteTyping, null);
});

test('views follow site settings, availability and conversation state', async () => {
    const ctx = setup();
    const socket = await connect(ctx, { site: { offlineForm: true, preChatForm: true }, agentsOnline: false });
    assert.equal(ctx.session.view, 'offline');
    socket.serverSend({ type: 'availability', agentsOnline: true });
    assert.equal(ctx.session.view, 'prechat');
    socket.serverSend({ type: 'conversation.updated', conversation: openConv({ status: 'closed' }) });
    assert.equal(ctx.session.view, 'prechat', 'updates about other conversations are ignored');
    assert.equal(currentView({ failed: true }), 'unavailable');
    assert.equal(currentView({ site: null }), 'connecting');
    assert.equal(currentView({ site: {}, offlineSent: true }), 'offline-thanks');
    assert.equal(currentView({ site: { offlineForm: false }, agentsOnline: false }), 'chat');
});

test('closing ends the chat; rating and a new chat follow', async () => {
    const ctx = setup();
    const socket = await connect(ctx, { conversations: [openConv()] });
    ctx.session.closeConversation();
    const close = socket.last('conversation.close');
    assert.equal(close.conversationId, 'c1');
    socket.serverSend({ type: 'conversation.updated', rid: close.rid, conversation: openConv({ status: 'closed' }) });
    assert.equal(ctx.session.view, 'closed');
    assert.equal(ctx.storage.get('conv'), null, 'a closed chat is not resumed on reload');
    const rated = ctx.session.rate('good', 'nice');
    const rate = socket.last('conversation.rate');
    assert.deepEqual(
        { ...rate, rid: undefined },
        { type: 'conversation.rate', conversationId: 'c1', rating: 'good', comment: 'nice', rid: undefined },
    );
    socket.serverSend({
        type: 'conversation.updated',
        rid: rate.rid,
        conversation: openConv({ status: 'closed', rating: { value: 'good', comment: 'nice' } }),
    });
    await rated;
    assert.equal(ctx.session.ratingSent, true);
    ctx.session.newChat();
    assert.equal(ctx.session.view, 'chat');
    assert.equal(ctx.session.messages.items.length, 0);
});

test('the transcript is built from every history page the server returns', async () => {
    const ctx = setup();
    const socket = await connect(ctx, { conversations: [openConv()] });
    const all = ctx.session.fetchAllMessages();
    let fetch = socket.last('history.fetch');
    assert.equal(fetch.afterSeq, 0);
    socket.serverSend({ type: 'history', rid: fetch.rid, messages: [{ seq: 1, body: 'a' }], hasMore: true });
    await tick();
    fetch = socket.last('history.fetch');
    assert.equal(fetch.afterSeq, 1);
    socket.serverSend({ type: 'history', rid: fetch.rid, messages: [{ seq: 2, body: 'b' }], hasMore: false });
    assert.deepEqual(
        (await all).map((m) => m.body),
        ['a', 'b'],
    );
});

test('an offline message is sent as offline.message and thanked', async () => {
    const ctx = setup();
    const socket = await connect(ctx, { site: { offlineForm: true }, agentsOnline: false });
    const p = ctx.session.sendOfflineMessage({ name: '', email: 'a@b.c', body: 'hello' });
    const sent = socket.last('offline.message');
    assert.deepEqual(
        { ...sent, rid: undefined },
        { type: 'offline.message', email: 'a@b.c', body: 'hello', rid: undefined },
    );
    socket.serverSend({ type: 'offline.received', rid: sent.rid, conversationId: 'off-1' });
    await p;
    assert.equal(ctx.session.view, 'offline-thanks');
});

test('a start refused with storage_error is asked again later, once', async () => {
    const ctx = setup();
    const socket = await connect(ctx, {});
    ctx.session.sendMessage('hello');
    const start = socket.last('conversation.start');
    socket.serverSend({ type: 'error', rid: start.rid, code: 'storage_error', message: 'nothing was stored' });
    await tick();
    assert.equal(socket.all('conversation.start').length, 1);
    ctx.timers.tick(3000);
    assert.equal(socket.all('conversation.start').length, 2);
});

test('a chat closed while the link was down gets its last messages; unsent ones are marked not delivered', async () => {
    const ctx = setup();
    let socket = await connect(ctx, { conversations: [openConv()] });
    socket.serverDrop();
    ctx.session.sendMessage('too late');
    socket = await reconnect(ctx, { conversations: [openConv({ status: 'closed' })] }, [
        { seq: 1, clientId: 'a', author: agent, body: 'goodbye', at: 1 },
    ]);
    assert.equal(ctx.session.view, 'closed');
    assert.equal(socket.all('message.send').length, 0);
    assert.deepEqual(
        ctx.session.messages.items.map((m) => [m.body, m.state]),
        [
            ['goodbye', 'sent'],
            ['too late', 'failed'],
        ],
    );
    assert.equal(ctx.session.outbox.size, 0);
});

test('a department chosen before the chat starts goes with conversation.start', async () => {
    const ctx = setup();
    const socket = await connect(ctx, { site: { departments: [{ id: 'd1', name: 'Sales' }, { id: 7 }] } });
    assert.deepEqual(ctx.session.departments, [{ id: 'd1', name: 'Sales' }], 'malformed entries are dropped');
    ctx.session.departmentId = 'd1';
    ctx.session.sendMessage('price?');
    assert.equal(socket.last('conversation.start').departmentId, 'd1');
    ctx.session.startConversation({ name: 'Ada', email: 'a@b.c', departmentId: 'd2' });
    assert.deepEqual(
        { ...socket.last('conversation.start'), rid: undefined },
        { type: 'conversation.start', name: 'Ada', email: 'a@b.c', departmentId: 'd2', rid: undefined },
    );
});

const live = (socket, seq, body, author = agent) =>
    socket.serverSend({ type: 'message', conversationId: 'c1', seq, clientId: `m${seq}`, author, body, at: seq });

test('live messages during catch-up do not move the resume cursor past pages not fetched yet', async () => {
    const ctx = setup();
    ctx.session.connect();
    let socket = ctx.WS.latest();
    socket.serverOpen();
    socket.serverSend({ type: 'welcome', visitorToken: 't', site: {}, conversations: [openConv({ lastSeq: 9 })] });
    let fetch = socket.last('history.fetch');
    assert.equal(fetch.afterSeq, 0);
    live(socket, 9, 'live while catching up'); // newer than seq 3..8, which are not fetched yet
    socket.serverSend({
        type: 'history',
        rid: fetch.rid,
        messages: [1, 2].map((seq) => ({ seq, author: agent, body: `m${seq}`, at: seq })),
        hasMore: true,
    });
    await tick();
    fetch = socket.last('history.fetch');
    assert.equal(fetch.afterSeq, 2, 'the next page follows the last page, not the live event');
    live(socket, 3, 'next in line'); // exactly cursor + 1: the cursor may move
    assert.equal(ctx.session.cursor, 3);

    // the link drops before the catch-up is done: the reconnect resumes from the cursor
    socket = await reconnect(ctx, { conversations: [openConv({ lastSeq: 9 })] }, [
        ...[4, 5, 6, 7, 8].map((seq) => ({ seq, author: agent, body: `m${seq}`, at: seq })),
        { seq: 9, author: agent, body: 'live while catching up', at: 9 },
    ]);
    assert.equal(socket.last('history.fetch').afterSeq, 3);
    assert.deepEqual(
        ctx.session.messages.items.map((m) => m.seq),
        [1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    assert.equal(ctx.session.cursor, 9);

    // catch-up done: live events move the cursor even across holes (internal notes)
    live(socket, 12, 'after a hole');
    assert.equal(ctx.session.cursor, 12);
});

test('a live event received before the first page does not count as caught up', async () => {
    const ctx = setup();
    ctx.session.connect();
    const socket = ctx.WS.latest();
    socket.serverOpen();
    socket.serverSend({ type: 'welcome', visitorToken: 't', site: {}, conversations: [openConv({ lastSeq: 5 })] });
    live(socket, 5, 'early');
    socket.serverDrop(); // the first page never came
    ctx.timers.tick(30000);
    const next = ctx.WS.latest();
    next.serverOpen();
    next.serverSend({ type: 'welcome', visitorToken: 't', site: {}, conversations: [openConv({ lastSeq: 5 })] });
    assert.equal(next.last('history.fetch').afterSeq, 0);
});

test('system lines are shown but never count as unread', async () => {
    const ctx = setup();
    const socket = await connect(ctx, { conversations: [openConv()] });
    const system = { role: 'system', id: '', name: '' };
    live(socket, 1, 'Grace joined the chat', system);
    live(socket, 2, 'Grace transferred the chat to Alan', system);
    assert.equal(ctx.session.unread, 0);
    live(socket, 3, 'Hello, Alan here', { role: 'agent', id: 'a2', name: 'Alan' });
    assert.equal(ctx.session.unread, 1);
    assert.deepEqual(
        ctx.session.messages.items.map((m) => m.author.role),
        ['system', 'system', 'agent'],
    );
});

const offlineConv = (extra = {}) => ({ id: 'off-1', status: 'closed', offline: true, lastSeq: 1, ...extra });
const question = { seq: 1, clientId: 'v1', author: { role: 'visitor' }, body: 'Do you ship to Norway?', at: 1 };
const answer = { seq: 2, clientId: 'a1', author: agent, body: 'Yes, we do.', at: 2 };

async function leaveOfflineMessage(ctx) {
    const socket = await connect(ctx, { site: { offlineForm: true }, agentsOnline: false });
    const sent = ctx.session.sendOfflineMessage({ email: 'a@b.c', body: 'Do you ship to Norway?' });
    socket.serverSend({ type: 'offline.received', rid: socket.last('offline.message').rid, conversationId: 'off-1' });
    await sent;
    return socket;
}

test('an answer to an offline message arriving while connected replaces the thanks with the conversation', async () => {
    const ctx = setup();
    const socket = await leaveOfflineMessage(ctx);
    assert.equal(ctx.session.view, 'offline-thanks');
    socket.serverSend({ type: 'message', conversationId: 'off-1', ...question }); // its own: no answer yet
    assert.equal(ctx.session.view, 'offline-thanks');
    socket.serverSend({ type: 'message', conversationId: 'off-1', ...answer });
    assert.equal(ctx.session.view, 'closed');
    assert.equal(ctx.session.conversation.offline, true);
    assert.equal(ctx.session.unread, 1);
    const fetch = socket.last('history.fetch');
    assert.deepEqual([fetch.conversationId, fetch.afterSeq], ['off-1', 0], 'the question is fetched too');
    await answerHistory(socket, [question, answer]);
    assert.deepEqual(
        ctx.session.messages.items.map((m) => m.body),
        ['Do you ship to Norway?', 'Yes, we do.'],
    );
});

test('a returning visitor sees the answer to its offline message once, with an unread count', async () => {
    const { storage } = testStorage();
    const first = setup({ storage });
    await leaveOfflineMessage(first);

    // the page is reloaded before anyone answered: nothing to show, but it keeps looking
    let ctx = setup({ storage });
    assert.equal(ctx.session.hasResumableChat, true, 'connects at page load to look for the answer');
    let socket = await connect(ctx, { site: { offlineForm: true }, conversations: [offlineConv()] }, [question]);
    assert.equal(ctx.session.view, 'chat');
    assert.equal(ctx.session.conversation, null);

    // an agent answered while the visitor was away
    ctx = setup({ storage });
    ctx.session.connect();
    socket = ctx.WS.latest();
    socket.serverOpen();
    socket.serverSend({ type: 'welcome', visitorToken: 't', site: {}, conversations: [offlineConv({ lastSeq: 2 })] });
    let fetch = socket.last('history.fetch');
    assert.deepEqual([fetch.conversationId, fetch.afterSeq], ['off-1', 1], 'asks only after what was seen');
    await answerHistory(socket, [answer]);
    await answerHistory(socket, [question, answer]);
    assert.equal(ctx.session.view, 'closed');
    assert.equal(ctx.session.unread, 1);
    assert.equal(ctx.session.preview.body, 'Yes, we do.', 'the answer is previewed by the launcher');
    assert.deepEqual(
        ctx.session.messages.items.map((m) => m.body),
        ['Do you ship to Norway?', 'Yes, we do.'],
    );
    ctx.session.setPanelOpen(true); // read
    assert.equal(ctx.session.preview, null);

    ctx = setup({ storage });
    socket = await connect(ctx, { conversations: [offlineConv({ lastSeq: 2 })] });
    assert.equal(socket.all('history.fetch').length, 0, 'an answer already read is not shown again');
    assert.equal(ctx.session.conversation, null);
});

test("the site's look and forced language are remembered for the next page", async () => {
    const ctx = setup();
    await connect(ctx, {
        site: { title: 'Boutique', color: '#112233', position: 'left', language: 'fr', greeting: 'Bonjour' },
    });
    assert.deepEqual(ctx.storage.getJson('site'), {
        title: 'Boutique',
        color: '#112233',
        position: 'left',
        language: 'fr',
    });
});

test('identify sends visitor.update now, or after the next welcome', async () => {
    const ctx = setup();
    await assert.rejects(ctx.session.identify({ email: 'not an email' }));
    await assert.rejects(ctx.session.identify({}));
    const early = ctx.session.identify({ name: '  Dana Keyboard ', email: 'dana@example.com' });
    const socket = await connect(ctx, {});
    const update = socket.last('visitor.update');
    assert.deepEqual(
        { ...update, rid: undefined },
        { type: 'visitor.update', name: 'Dana Keyboard', email: 'dana@example.com', rid: undefined },
    );
    socket.serverSend({ type: 'visitor.updated', rid: update.rid, visitor: { id: 'v1', name: 'Dana Keyboard' } });
    assert.deepEqual(await early, { id: 'v1', name: 'Dana Keyboard' });
    ctx.session.identify({ name: 'Dana K.' });
    assert.deepEqual(socket.last('visitor.update').name, 'Dana K.');
    assert.equal(socket.all('visitor.update').length, 2);
});

test('a started conversation that already holds messages (a system line that came first) is caught up', async () => {
    const ctx = setup();
    const socket = await connect(ctx, {});
    ctx.session.sendMessage('hello');
    const start = socket.last('conversation.start');
    // the "joined" line was sent before the reply that tells us the conversation's id
    live(socket, 1, 'Grace joined the chat', { role: 'system', id: '', name: '' });
    socket.serverSend({ type: 'conversation.started', rid: start.rid, conversation: openConv({ lastSeq: 1 }) });
    const fetch = socket.last('history.fetch');
    assert.deepEqual([fetch.conversationId, fetch.afterSeq], ['c1', 0]);
    await answerHistory(socket, [{ seq: 1, author: { role: 'system' }, body: 'Grace joined the chat', at: 1 }]);
    assert.deepEqual(
        ctx.session.messages.items.map((m) => m.body),
        ['Grace joined the chat', 'hello'],
    );
});
