// Browser tests of attachments in the widget, against the real server: a file chosen with the
// paper clip, dropped on the open chat or pasted into the message box reaches the agent as a
// message with its file; images show as thumbnails that load and open full size, other files as
// a named, sized link that downloads; the upload's progress shows and cancel sends nothing; a
// refused file says why; another visitor (or nobody) gets 404 for the file; the transcript
// names attachments.
// Run: cd widget && CHAT_SERVER_BIN=../build/server/chat-server npm run test:e2e
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serverUnderTest } from './helpers/server.mjs';
import { sharedWorld } from './helpers/suite.mjs';
import { openChat, sendFromWidget, waitInWidget, widget } from './helpers/browser.mjs';
import { formatSize } from '../../widget/src/format.js';

const { bin: BIN, skip } = serverUnderTest();
const MIB = 1024 * 1024;

/** A PNG of w×h drawn by the page's canvas, as bytes. */
async function pngBytes(page, w, h) {
    const base64 = await page.evaluate(
        ([width, height]) => {
            const canvas = Object.assign(document.createElement('canvas'), { width, height });
            const g = canvas.getContext('2d');
            g.fillStyle = '#c0392b';
            g.fillRect(0, 0, width, height);
            g.fillStyle = '#fff';
            g.fillRect(width / 4, height / 4, width / 2, height / 2);
            return canvas.toDataURL('image/png').split(',')[1];
        },
        [w, h],
    );
    return Buffer.from(base64, 'base64');
}

/** The visitor opens the chat and says `hello`; the agent answers. Returns the conversation id. */
async function startChat(page, w, agent, hello) {
    const since = agent.mark();
    await page.goto(w.demoUrl);
    await openChat(page);
    await sendFromWidget(page, hello);
    const { conversationId } = await agent.waitForMessage(hello, { since });
    await agent.sendMessage(conversationId, `Hi, about "${hello}"`);
    await widget(page).message(`Hi, about "${hello}"`).waitFor();
    return conversationId;
}

/** The agent's `message` event carrying the file named `name`. */
function fileMessage(agent, name, since) {
    return agent.waitFor((m) => m.type === 'message' && m.file && m.file.name === name, {
        since,
        what: `a message with the file ${name}`,
    });
}

/** Runs `fn(root, arg)` in the page with the widget's shadow root (events are dispatched there). */
async function inWidget(page, fn, arg) {
    const host = await page.waitForSelector('#chat-widget-host', { state: 'attached' });
    const root = await host.evaluateHandle((h) => h.shadowRoot);
    try {
        return await root.evaluate(fn, arg);
    } finally {
        await root.dispose();
    }
}

/** Waits until the visitor's thumbnail of `name` has really loaded; returns its size and link. */
async function loadedThumbnail(page, name) {
    const host = await page.waitForSelector('#chat-widget-host', { state: 'attached' });
    const root = await host.evaluateHandle((h) => h.shadowRoot);
    try {
        const handle = await page.waitForFunction(
            ([r, fileName]) => {
                const img = [...r.querySelectorAll('.msg img')].find((i) => i.alt === fileName);
                return (
                    img &&
                    img.complete &&
                    img.naturalWidth > 0 && { width: img.naturalWidth, href: img.closest('a').href }
                );
            },
            [root, name],
        );
        return await handle.jsonValue();
    } finally {
        await root.dispose();
    }
}

/** The agent uploads `bytes` as `name` into the conversation and sends it. */
async function agentSendsFile(w, agent, conversationId, name, bytes) {
    const query = `conversationId=${encodeURIComponent(conversationId)}&name=${encodeURIComponent(name)}`;
    const response = await fetch(`${w.baseUrl}/api/files?${query}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${agent.sessionToken}` },
        body: bytes,
    });
    assert.equal(response.status, 201, await response.clone().text());
    const { file } = await response.json();
    await agent.request({
        type: 'message.send',
        conversationId,
        clientId: `agent-file-${Date.now()}`,
        body: '',
        fileId: file.id,
    });
    return file;
}

/** The visitor token this browser keeps for the site. */
function visitorToken(page) {
    return page.evaluate(() => {
        const key = Object.keys(localStorage).find((k) => k.endsWith(':token'));
        return key ? localStorage[key] : null;
    });
}

describe('attachments in the widget', () => {
    const world = sharedWorld({ skip, bin: BIN, agents: [{ name: 'Grace', maxChats: 20 }] });

    test(
        'a file chosen with the paper clip reaches the agent and shows as a thumbnail that opens',
        { skip },
        async () => {
            const { w, agent } = world;
            const page = await world.visitor();
            const ui = widget(page);
            const conversationId = await startChat(page, w, agent, 'My parcel arrived broken');
            const since = agent.mark();
            await ui.composer.fill('The damaged box');
            const clip = ui.locator('button.clip');
            assert.equal(await clip.getAttribute('aria-label'), 'Attach a file');
            // the paper clip opens the file chooser; the test hands it the file
            const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clip.click()]);
            assert.equal(chooser.isMultiple(), true);
            await chooser.setFiles({ name: 'box.png', mimeType: 'image/png', buffer: await pngBytes(page, 400, 300) });

            const message = await fileMessage(agent, 'box.png', since);
            assert.equal(message.conversationId, conversationId);
            assert.equal(message.body, 'The damaged box', 'what was typed is the caption');
            assert.equal(message.author.role, 'visitor');
            assert.deepEqual(
                {
                    type: message.file.type,
                    image: message.file.image,
                    width: message.file.width,
                    height: message.file.height,
                },
                { type: 'image/png', image: true, width: 400, height: 300 },
            );
            assert.equal(await ui.composer.inputValue(), '', 'the caption went with the file');

            const thumb = await loadedThumbnail(page, 'box.png');
            assert.ok(thumb.width > 0 && thumb.width <= 320, `a thumbnail, not the full image: ${thumb.width}`);
            assert.match(thumb.href, new RegExp(`^${w.baseUrl}/api/files/${message.file.id}\\?.*signature=`));
            assert.equal(await ui.message('The damaged box').getAttribute('data-state'), 'sent');

            // a click opens the full image in a new tab
            const [tab] = await Promise.all([
                page.waitForEvent('popup'),
                ui.locator('a.att img[alt="box.png"]').click(),
            ]);
            await tab.waitForLoadState();
            assert.equal(await tab.evaluate(() => document.contentType), 'image/png');
            assert.equal(await tab.evaluate(() => document.images[0] && document.images[0].naturalWidth), 400);
            await tab.close();
            assert.deepEqual(page.problems, []);
        },
    );

    test('dragging files over the chat shows a drop zone; a dropped file is sent', { skip }, async () => {
        const { w, agent } = world;
        const page = await world.visitor();
        const ui = widget(page);
        await startChat(page, w, agent, 'Here is my order list');
        const since = agent.mark();
        const drop = ui.locator('.drop');
        assert.equal(await drop.isVisible(), false);
        await inWidget(page, (root) => {
            const data = new DataTransfer();
            data.items.add(new File(['2 x keyboard\n1 x mouse\n'], 'order.txt', { type: 'text/plain' }));
            window.testDrop = data;
            const log = root.querySelector('.log');
            log.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true, cancelable: true }));
            log.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
        });
        await drop.waitFor({ state: 'visible' });
        assert.equal(await drop.textContent(), 'Drop files here to send them');
        const defaultPrevented = await inWidget(page, (root) => {
            const event = new DragEvent('drop', { dataTransfer: window.testDrop, bubbles: true, cancelable: true });
            root.querySelector('.drop').dispatchEvent(event);
            return event.defaultPrevented;
        });
        assert.equal(defaultPrevented, true, 'the browser does not open the dropped file');
        await drop.waitFor({ state: 'hidden' });

        const message = await fileMessage(agent, 'order.txt', since);
        assert.equal(message.body, '');
        assert.equal(message.file.type, 'text/plain');
        assert.equal(message.file.image, false);
        // not an image: a named, sized link
        const link = ui.locator('.msg.visitor a.att');
        await link.waitFor();
        assert.equal((await link.textContent()).trim(), 'order.txt · 23 B');
        assert.deepEqual(page.problems, []);
    });

    test('an image pasted into the message box is sent as a file', { skip }, async () => {
        const { w, agent } = world;
        const page = await world.visitor();
        const ui = widget(page);
        await startChat(page, w, agent, 'The error on my screen');
        const since = agent.mark();
        await ui.composer.fill('This one');
        const prevented = await inWidget(page, async (root) => {
            const canvas = Object.assign(document.createElement('canvas'), { width: 640, height: 480 });
            canvas.getContext('2d').fillRect(0, 0, 320, 240);
            const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
            const data = new DataTransfer();
            data.items.add(new File([blob], 'image.png', { type: 'image/png' }));
            const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
            root.querySelector('.composer textarea').dispatchEvent(event);
            return event.defaultPrevented;
        });
        assert.equal(prevented, true);
        const message = await fileMessage(agent, 'image.png', since);
        assert.equal(message.body, 'This one');
        assert.equal(message.file.width, 640);
        await loadedThumbnail(page, 'image.png');
        assert.equal(await ui.composer.inputValue(), '');

        // pasted text stays text, even when the clipboard also holds a picture of it
        const textPaste = await inWidget(page, (root) => {
            const data = new DataTransfer();
            data.setData('text/plain', 'copied words');
            data.items.add(new File(['x'], 'image.png', { type: 'image/png' }));
            const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
            root.querySelector('.composer textarea').dispatchEvent(event);
            return event.defaultPrevented;
        });
        assert.equal(textPaste, false);
        assert.deepEqual(page.problems, []);
    });

    test(
        'an agent’s file is a named, sized link that downloads; the transcript names the files',
        { skip },
        async () => {
            const { w, agent } = world;
            const page = await world.visitor();
            const ui = widget(page);
            const conversationId = await startChat(page, w, agent, 'Can I have my invoice?');
            const pdf = Buffer.from(`%PDF-1.4\n% invoice 4711\n${'0'.repeat(2000)}\n%%EOF\n`);
            const file = await agentSendsFile(w, agent, conversationId, 'invoice 4711.pdf', pdf);
            assert.equal(file.type, 'application/pdf');
            const link = ui.locator('.msg.agent a.att');
            await link.waitFor();
            assert.equal((await link.textContent()).trim(), `invoice 4711.pdf · ${formatSize(pdf.length, 'en')}`);
            await waitInWidget(page, (root) => root.querySelector('.msg.agent a.att[href]'));
            const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
            assert.equal(download.suggestedFilename(), 'invoice 4711.pdf');
            assert.deepEqual(await readFile(await download.path()), pdf);

            // the visitor's own image too, then the transcript after the end
            const since = agent.mark();
            await ui.locator('input[type=file]').setInputFiles({
                name: 'receipt.png',
                mimeType: 'image/png',
                buffer: await pngBytes(page, 50, 50),
            });
            await fileMessage(agent, 'receipt.png', since);
            await agent.closeConversation(conversationId);
            const [transcript] = await Promise.all([
                page.waitForEvent('download'),
                ui.locator('button.transcript').click(),
            ]);
            const text = await readFile(await transcript.path(), 'utf8');
            assert.match(text, /Grace: \[Attachment: invoice 4711\.pdf\]\n/);
            assert.match(text, /You: \[Attachment: receipt\.png\]\n/);
            assert.deepEqual(page.problems, []);
        },
    );

    test('another visitor, or nobody, gets 404 for the file', { skip }, async () => {
        const { w, agent } = world;
        const owner = await world.visitor();
        await startChat(owner, w, agent, 'A private photo');
        const since = agent.mark();
        await widget(owner)
            .locator('input[type=file]')
            .setInputFiles({ name: 'passport.png', mimeType: 'image/png', buffer: await pngBytes(owner, 60, 40) });
        const { file } = await fileMessage(agent, 'passport.png', since);
        await loadedThumbnail(owner, 'passport.png');

        const stranger = await world.visitor();
        await stranger.goto(w.demoUrl);
        await openChat(stranger);
        await stranger.waitForFunction(() => Object.keys(localStorage).some((k) => k.endsWith(':token')));
        const ownerToken = await visitorToken(owner);
        const strangerToken = await visitorToken(stranger);
        assert.ok(strangerToken && strangerToken !== ownerToken);
        // from the stranger's page, as any script there could
        const statuses = await stranger.evaluate(
            async ({ base, id, token }) => {
                const get = async (path, t) =>
                    (await fetch(`${base}${path}`, t ? { headers: { Authorization: `Bearer ${t}` } } : {})).status;
                return {
                    file: await get(`/api/files/${id}`, token),
                    thumbnail: await get(`/api/files/${id}/thumbnail`, token),
                    links: await get(`/api/files/${id}/links`, token),
                    fileNoToken: await get(`/api/files/${id}`),
                    linksNoToken: await get(`/api/files/${id}/links`),
                    forged: await get(`/api/files/${id}?expires=${Date.now() + 60000}&signature=forged`),
                };
            },
            { base: w.baseUrl, id: file.id, token: strangerToken },
        );
        assert.deepEqual(statuses, {
            file: 404,
            thumbnail: 404,
            links: 404,
            fileNoToken: 404,
            linksNoToken: 404,
            forged: 403, // a signed link that is not valid: "ask for new links" (docs/protocol.md)
        });
        // the owner gets it
        const own = await fetch(`${w.baseUrl}/api/files/${file.id}`, {
            headers: { Authorization: `Bearer ${ownerToken}` },
        });
        assert.equal(own.status, 200);
    });

    test('upload progress shows and cancel sends nothing; a refused file says why', { skip }, async () => {
        const { w, agent } = world;
        const page = await world.visitor();
        const ui = widget(page);
        const conversationId = await startChat(page, w, agent, 'Two big files');
        const since = agent.mark();
        // a slow uplink, so the upload is still under way when cancelled
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', {
            offline: false,
            latency: 0,
            downloadThroughput: -1,
            uploadThroughput: 512 * 1024,
        });
        await ui.locator('input[type=file]').setInputFiles({
            name: 'logs.txt',
            mimeType: 'text/plain',
            buffer: Buffer.alloc(8 * MIB, 'log line\n'),
        });
        const progress = ui.locator('.msg.visitor progress');
        await progress.waitFor();
        assert.equal(await progress.getAttribute('aria-label'), 'logs.txt');
        assert.match(await ui.locator('.msg.visitor .att.up').textContent(), /logs\.txt · 8 MB/);
        await waitInWidget(page, (root) => root.querySelector('.msg.visitor progress')?.value > 0);
        await ui.locator('button.cancel').click();
        await progress.waitFor({ state: 'detached' });
        assert.equal(await ui.locator('.msg.visitor .att').count(), 0, 'the cancelled file is gone');
        await cdp.send('Network.emulateNetworkConditions', {
            offline: false,
            latency: 0,
            downloadThroughput: -1,
            uploadThroughput: -1,
        });
        await sendFromWidget(page, 'Never mind the logs');
        await agent.waitForMessage('Never mind the logs', { since });
        assert.equal(
            agent.received.slice(since).filter((m) => m.type === 'message' && m.file).length,
            0,
            'no file message reached the agent',
        );

        // too large: refused from the request head, said in plain words, removable
        await ui.locator('input[type=file]').setInputFiles({
            name: 'video.txt',
            mimeType: 'text/plain',
            buffer: Buffer.alloc(10 * MIB + 1, 'x'),
        });
        const refused = ui.locator('.msg.visitor.failed');
        await refused.waitFor();
        assert.match(await refused.textContent(), /video\.txt · 10 MB.*This file is too large \(at most 10 MB\)\./);
        await refused.getByRole('button', { name: 'Remove' }).click();
        await refused.waitFor({ state: 'detached' });

        // a type the site does not take
        await ui.locator('input[type=file]').setInputFiles({
            name: 'page.pdf',
            mimeType: 'application/pdf',
            buffer: Buffer.from('<!doctype html><script>alert(1)</script>'),
        });
        await refused.waitFor();
        assert.match(await refused.textContent(), /Files of this type cannot be sent here\./);

        const history = await agent.history(conversationId);
        assert.equal(history.filter((m) => m.file).length, 0, 'no file was stored as a message');
        assert.deepEqual(page.problems, []);
    });

    test('when the code loaded on demand cannot be had, the chat goes on and says so', { skip }, async () => {
        const { w, agent } = world;
        const page = await world.visitor();
        const ui = widget(page);
        const chunks = [];
        await page.route('**/widget/chunks/**', (route) => {
            chunks.push(new URL(route.request().url()));
            return route.abort('connectionrefused');
        });
        const conversationId = await startChat(page, w, agent, 'Offline code');
        const since = agent.mark();
        // each from the server widget.js came from, for this build only
        assert.ok(chunks.length > 0, 'the views after this one are fetched ahead');
        for (const url of chunks) {
            assert.equal(url.origin, w.baseUrl);
            assert.match(url.pathname, /^\/widget\/chunks\/[a-z0-9-]+\.js$/);
            assert.match(url.searchParams.get('v') || '', /^[0-9a-f]{10}$/);
        }

        await ui.composer.fill('the photo');
        await ui.locator('input[type=file]').setInputFiles({
            name: 'a.txt',
            mimeType: 'text/plain',
            buffer: Buffer.from('hello\n'),
        });
        const refused = ui.locator('.msg.visitor.failed');
        await refused.waitFor();
        assert.match(await refused.textContent(), /a\.txt.*The file could not be sent\. Please try again\./);
        await ui.locator('.emoji-btn').click();
        await ui.locator('.emoji p[role=status]', { hasText: 'The emoji could not be loaded.' }).waitFor();
        await ui.locator('.emoji-btn').click(); // closes it again
        await ui.locator('.emoji').waitFor({ state: 'hidden' });

        // text still goes
        await sendFromWidget(page, 'Text still works');
        await agent.waitForMessage('Text still works', { since });

        // back online: the next file asks for the code again and is sent
        await page.unroute('**/widget/chunks/**');
        await refused.getByRole('button', { name: 'Remove' }).click();
        await ui.locator('input[type=file]').setInputFiles({
            name: 'b.txt',
            mimeType: 'text/plain',
            buffer: Buffer.from('again\n'),
        });
        const message = await fileMessage(agent, 'b.txt', since);
        assert.equal(message.conversationId, conversationId);
        assert.equal(
            agent.received.slice(since).filter((m) => m.type === 'message' && m.file).length,
            1,
            'only the file sent once the code was there reached the agent',
        );
        assert.deepEqual(page.problems, []);
    });
});
