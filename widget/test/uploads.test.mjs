import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProtocolClient } from '../src/protocol-client.js';
import { Backoff } from '../src/backoff.js';
import { ChatSession } from '../src/chat-session.js';
import { createUploads, fileLinks } from '../src/uploads.js';
import * as uploadCode from '../src/upload-send.js';
import { isRetryable, uploadError } from '../src/upload-send.js';
import { buildTranscript, formatSize, messageText } from '../src/format.js';
import { fitBox } from '../src/ui/attachment-view.js';
import { createTranslator } from '../src/i18n.js';
import { readCatalogs } from '../scripts/catalogs.mjs';
import { fakeTimers, fakeWebSocketClass, testStorage } from './support/fakes.mjs';

const en = createTranslator('en');
const tick = () => new Promise((r) => setImmediate(r));
const FILE = { id: 'f_1', name: 'photo.png', size: 2048, type: 'image/png', image: true, width: 800, height: 600 };

test('file sizes read as people say them, in the page language', () => {
    assert.equal(formatSize(0, 'en'), '0 B');
    assert.equal(formatSize(512, 'en'), '512 B');
    assert.equal(formatSize(1023, 'en'), '1,023 B');
    assert.equal(formatSize(1024, 'en'), '1 KB');
    assert.equal(formatSize(1536, 'en'), '1.5 KB');
    assert.equal(formatSize(120 * 1024 + 300, 'en'), '120 KB');
    assert.equal(formatSize(10 * 1024 * 1024, 'en'), '10 MB');
    assert.equal(formatSize(2.25 * 1024 * 1024, 'de'), '2,3 MB');
    assert.equal(formatSize(3 * 1024 ** 3, 'en'), '3 GB');
    assert.equal(formatSize(undefined, 'en'), '0 B');
});

const { de, fr } = await readCatalogs();

test('a refused upload says why in plain words', () => {
    const t = (e) => en(e.key, e.vars);
    assert.equal(
        t(uploadError(413, { error: 'too_large', maxBytes: 10485760 })),
        'This file is too large (at most 10 MB).',
    );
    assert.equal(
        t(uploadError(415, { error: 'type_not_allowed', type: 'text/html' })),
        'Files of this type cannot be sent here.',
    );
    assert.equal(t(uploadError(429, { error: 'too_many_files' })), 'No more files can be sent in this chat.');
    assert.equal(t(uploadError(409, { error: 'conversation_closed' })), 'This chat has ended.');
    assert.equal(t(uploadError(404, {})), 'The file could not be sent. Please try again.');
    assert.equal(
        createTranslator('de', de)(...Object.values(uploadError(413, { maxBytes: 5 * 1024 * 1024 }, 'de'))),
        'Diese Datei ist zu groß (höchstens 5 MB).',
    );
    assert.equal(
        createTranslator('fr', fr)(...Object.values(uploadError(413, { maxBytes: 1.5 * 1024 * 1024 }, 'fr'))),
        'Ce fichier est trop volumineux (1,5 MB au maximum).',
    );
    assert.equal(isRetryable(0), true);
    assert.equal(isRetryable(503), true);
    assert.equal(isRetryable(413), false);
});

test('thumbnails keep their aspect within 200 px and are never enlarged', () => {
    assert.deepEqual(fitBox(800, 600), { width: 200, height: 150 });
    assert.deepEqual(fitBox(600, 800), { width: 150, height: 200 });
    assert.deepEqual(fitBox(40, 30), { width: 40, height: 30 });
    assert.deepEqual(fitBox(5000, 10), { width: 200, height: 1 });
    assert.equal(fitBox(undefined, 10), null);
});

test('transcripts and previews name the attachment', () => {
    assert.equal(messageText({ body: '', file: FILE }, en), '[Attachment: photo.png]');
    assert.equal(messageText({ body: 'The box', file: FILE }, en), 'The box [Attachment: photo.png]');
    assert.equal(messageText({ body: 'plain' }, en), 'plain');
    const text = buildTranscript({
        title: 'Shop',
        lang: 'en',
        t: en,
        timeZone: 'UTC',
        messages: [{ seq: 1, author: { role: 'visitor' }, body: '', file: FILE, at: Date.UTC(2025, 0, 2, 9, 5) }],
    });
    assert.match(text, /\[09:05 AM\] You: \[Attachment: photo\.png\]\n$/);
});

/** An XMLHttpRequest double: tests answer, fail or report progress; aborting is recorded. */
function fakeXHRClass() {
    const made = [];
    class FakeXHR {
        constructor() {
            this.upload = {};
            this.headers = {};
            made.push(this);
        }
        open(method, url) {
            Object.assign(this, { method, url });
        }
        setRequestHeader(name, value) {
            this.headers[name] = value;
        }
        send(body) {
            this.body = body;
        }
        abort() {
            this.aborted = true;
            this.onabort?.();
        }
        progress(loaded) {
            this.upload.onprogress({ loaded });
        }
        respond(status, body) {
            this.status = status;
            this.responseText = JSON.stringify(body);
            this.onload();
        }
        drop() {
            this.status = 0;
            this.onerror();
        }
    }
    FakeXHR.made = made;
    return FakeXHR;
}

async function setup({
    conversations = [{ id: 'c1', status: 'assigned', lastSeq: 0 }],
    storage,
    load = async () => uploadCode,
} = {}) {
    const timers = fakeTimers();
    const WS = fakeWebSocketClass();
    const XHR = fakeXHRClass();
    let n = 0;
    const client = new ProtocolClient({
        url: 'ws://x/ws/visitor',
        hello: () => ({ siteKey: 'k' }),
        WebSocketImpl: WS,
        timers,
        backoff: new Backoff({ random: () => 1 }),
    });
    const store = storage || testStorage().storage;
    const session = new ChatSession({ client, storage: store, page: () => ({}), timers, newId: () => `c-${++n}` });
    const uploads = createUploads({ session, base: 'https://chat.example', lang: 'en', XHR, timers, load });
    session.connect();
    const socket = WS.latest();
    socket.serverOpen();
    socket.serverSend({ type: 'welcome', visitorToken: 'tok-1', site: {}, agentsOnline: true, conversations });
    const fetch = socket.last('history.fetch');
    if (fetch) socket.serverSend({ type: 'history', rid: fetch.rid, messages: [], hasMore: false });
    await tick();
    return { timers, WS, XHR, session, uploads, socket, storage: store };
}

const blob = (name, size) => ({ name, size });

test('a file is uploaded with the visitor token, then sent once as a message with its caption', async () => {
    const ctx = await setup();
    assert.equal(ctx.uploads.add([blob('photo.png', 2048)], 'the box'), null);
    const item = ctx.session.messages.items.at(-1);
    assert.equal(item.state, 'pending');
    assert.deepEqual(item.upload.total, 2048);
    await tick();
    const xhr = ctx.XHR.made[0];
    assert.equal(xhr.method, 'POST');
    assert.equal(xhr.url, 'https://chat.example/api/files?conversationId=c1&name=photo.png');
    assert.equal(xhr.headers.Authorization, 'Bearer tok-1');
    assert.equal(xhr.body.name, 'photo.png');
    xhr.progress(1024);
    assert.equal(item.upload.loaded, 1024);
    assert.equal(ctx.socket.all('message.send').length, 0, 'nothing is sent before the upload is done');

    xhr.respond(201, { file: FILE });
    await tick();
    const send = ctx.socket.last('message.send');
    assert.deepEqual(
        { clientId: send.clientId, body: send.body, fileId: send.fileId, conversationId: send.conversationId },
        { clientId: item.clientId, body: 'the box', fileId: 'f_1', conversationId: 'c1' },
    );
    assert.equal(item.upload, null);
    assert.deepEqual(item.file, FILE);

    // the link drops before the ack: the resend after the reconnect is the same message
    ctx.socket.serverDrop();
    ctx.timers.tick(30000);
    const again = ctx.WS.latest();
    again.serverOpen();
    again.serverSend({
        type: 'welcome',
        visitorToken: 'tok-1',
        site: {},
        agentsOnline: true,
        conversations: [{ id: 'c1', status: 'assigned', lastSeq: 0 }],
    });
    again.serverSend({ type: 'history', rid: again.last('history.fetch').rid, messages: [], hasMore: false });
    await tick();
    const resend = again.last('message.send');
    assert.equal(resend.clientId, item.clientId);
    assert.equal(resend.fileId, 'f_1');
    assert.equal(ctx.XHR.made.length, 1, 'the file is not uploaded again');
    again.serverSend({
        type: 'message.ack',
        rid: resend.rid,
        conversationId: 'c1',
        clientId: item.clientId,
        seq: 1,
        at: 5,
    });
    assert.equal(item.state, 'sent');
    assert.equal(ctx.session.outbox.size, 0);
});

test('an uploaded file waiting for its ack survives a reload and is sent with the same clientId', async () => {
    const { storage } = testStorage();
    const first = await setup({ storage });
    first.uploads.add([blob('a.pdf', 10)]);
    await tick();
    first.XHR.made[0].respond(201, { file: { ...FILE, id: 'f_9', name: 'a.pdf', image: false } });
    await tick();
    const clientId = first.socket.last('message.send').clientId;

    const second = await setup({ storage });
    const shown = second.session.messages.items.find((m) => m.clientId === clientId);
    assert.equal(shown.file.id, 'f_9');
    const resend = second.socket.last('message.send');
    assert.deepEqual([resend.clientId, resend.fileId, resend.body], [clientId, 'f_9', '']);
});

test('cancel aborts the upload: the message goes away and nothing is sent', async () => {
    const ctx = await setup();
    ctx.uploads.add([blob('big.pdf', 9e6)]);
    await tick();
    const item = ctx.session.messages.items.at(-1);
    ctx.XHR.made[0].progress(1e6);
    item.upload.cancel();
    assert.equal(ctx.XHR.made[0].aborted, true);
    assert.equal(ctx.session.messages.items.includes(item), false);
    await tick();
    assert.equal(ctx.socket.all('message.send').length, 0);
    assert.equal(ctx.session.outbox.size, 0);
});

test('a refused upload shows why, sends nothing and can be removed', async () => {
    const ctx = await setup();
    ctx.uploads.add([blob('huge.bin', 11e6)], 'caption');
    await tick();
    ctx.XHR.made[0].respond(413, { error: 'too_large', maxBytes: 10485760 });
    await tick();
    const item = ctx.session.messages.items.at(-1);
    assert.equal(item.state, 'failed');
    assert.equal(en(item.error.key, item.error.vars), 'This file is too large (at most 10 MB).');
    assert.equal(ctx.socket.all('message.send').length, 0);
    item.dismiss();
    assert.equal(ctx.session.messages.items.includes(item), false);
});

test('an upload that got no answer is tried again, and a cancel during the wait stops it', async () => {
    const ctx = await setup();
    ctx.uploads.add([blob('a.png', 5)]);
    await tick();
    ctx.XHR.made[0].drop();
    await tick();
    ctx.timers.tick(2000);
    await tick();
    assert.equal(ctx.XHR.made.length, 2);
    ctx.XHR.made[1].respond(201, { file: FILE });
    await tick();
    assert.equal(ctx.socket.last('message.send').fileId, 'f_1');

    ctx.uploads.add([blob('b.png', 5)]);
    await tick();
    ctx.XHR.made[2].respond(503, {});
    await tick();
    ctx.session.messages.items.at(-1).upload.cancel();
    ctx.timers.tick(10000);
    await tick();
    assert.equal(ctx.XHR.made.length, 3, 'no new attempt after the cancel');
});

test('a file as the first thing starts the conversation before it is uploaded', async () => {
    const ctx = await setup({ conversations: [] });
    ctx.uploads.add([blob('a.png', 5)], 'hi');
    await tick();
    const start = ctx.socket.last('conversation.start');
    assert.ok(start);
    assert.equal(ctx.XHR.made.length, 0);
    ctx.socket.serverSend({
        type: 'conversation.started',
        rid: start.rid,
        conversation: { id: 'c7', status: 'queued', lastSeq: 0 },
    });
    await tick();
    assert.match(ctx.XHR.made[0].url, /conversationId=c7&/);
});

test('file links are fetched with the token and made absolute', async () => {
    const calls = [];
    const links = fileLinks({
        base: 'https://chat.example',
        token: () => 'tok-1',
        fetchImpl: async (url, init) => {
            calls.push([url, init.headers.Authorization]);
            return {
                ok: true,
                json: async () => ({
                    url: '/api/files/f_1?expires=1&signature=s',
                    thumbnailUrl: '/api/files/f_1/thumbnail?x',
                }),
            };
        },
    });
    assert.deepEqual(await links('f_1'), {
        url: 'https://chat.example/api/files/f_1?expires=1&signature=s',
        thumbnailUrl: 'https://chat.example/api/files/f_1/thumbnail?x',
    });
    assert.deepEqual(calls, [['https://chat.example/api/files/f_1/links', 'Bearer tok-1']]);
    const refused = fileLinks({
        base: 'https://chat.example',
        token: () => '',
        fetchImpl: async () => ({ ok: false, status: 404 }),
    });
    await assert.rejects(refused('f_2'), /404/);
});

test('without the upload code (its chunk failed to load) the file says it was not sent', async () => {
    let attempts = 0;
    const ctx = await setup({
        load: async () => {
            if (++attempts === 1) throw new Error('chunk "uploads" could not be loaded');
            return uploadCode;
        },
    });
    ctx.uploads.add([blob('a.png', 5)], 'see this');
    await tick();
    const item = ctx.session.messages.items.at(-1);
    assert.equal(item.state, 'failed');
    assert.equal(en(item.error.key, item.error.vars), 'The file could not be sent. Please try again.');
    assert.equal(item.body, 'see this', 'the caption stays on the failed message');
    assert.equal(ctx.XHR.made.length, 0);
    item.dismiss();
    assert.equal(ctx.session.messages.items.includes(item), false);

    // the next file asks for the code again, and goes
    ctx.uploads.add([blob('b.png', 5)]);
    await tick();
    ctx.XHR.made[0].respond(201, { file: FILE });
    await tick();
    assert.equal(ctx.socket.last('message.send').fileId, 'f_1');
    assert.equal(ctx.socket.all('message.send').length, 1);
});
