// Browser tests of the website widget against the real chat-server ($CHAT_SERVER_BIN).
// Each test gets its own database, site, agents and server on a loopback port, a fresh
// browser context (own localStorage), and talks to the server as a real agent would.
// Run: cd widget && CHAT_SERVER_BIN=../build/server/chat-server npm run test:e2e
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createWorld } from './helpers/server.mjs';
import { ScriptedAgent } from './helpers/agent.mjs';
import { launchBrowser, newVisitorPage, openChat, sendFromWidget, waitInWidget, widget } from './helpers/browser.mjs';
import { widgetDistDir } from './helpers/deps.mjs';

const BIN = process.env.CHAT_SERVER_BIN;
const skip = !BIN
    ? 'CHAT_SERVER_BIN is not set: build the C++ server and run with CHAT_SERVER_BIN=path/to/chat-server'
    : !existsSync(`${widgetDistDir}/widget.js`)
      ? 'widget/dist/widget.js is missing: run "npm run build" in widget/ first'
      : false;

// In CI (CHAT_REQUIRE_SERVER=1) a missing server or widget build is a failure, not a skip.
if (skip && process.env.CHAT_REQUIRE_SERVER === '1') throw new Error(skip);

// Each test is skipped (with the reason) rather than the suite, so the runner reports them.
const it = (name, fn) => test(name, { skip }, fn); // fn receives the test context

describe('website widget against the chat server', () => {
    let browser;
    const cleanups = [];

    before(async () => {
        if (!skip) browser = await launchBrowser();
    });
    after(async () => {
        await browser?.close();
    });

    /** Server world + cleanup registration; everything is torn down even when a test fails. */
    async function world(options) {
        const w = await createWorld({ bin: BIN, ...options });
        cleanups.push(() => w.dispose());
        return w;
    }
    async function agentFor(w, index = 0, options) {
        const agent = await ScriptedAgent.login(w.baseUrl, w.agents[index], options);
        cleanups.push(() => agent.close());
        return agent;
    }
    async function visitor(options) {
        const page = await newVisitorPage(browser, options);
        cleanups.push(() => page.context().close());
        return page;
    }
    async function cleanUp() {
        while (cleanups.length)
            await cleanups
                .pop()()
                .catch(() => {});
    }
    function assertNoPageProblems(page) {
        assert.deepEqual(page.problems, [], 'no script errors or dialogs in the page');
    }

    /** Visitor opens the chat and writes; resolves with the conversation the agent got. */
    async function startChat(page, w, agent, text) {
        await page.goto(w.demoUrl);
        await openChat(page);
        const since = agent.mark();
        await sendFromWidget(page, text);
        const msg = await agent.waitForMessage(text, { since });
        return msg.conversationId;
    }

    it('whole conversation: visitor and agent see each other in real time, with site look and page details', async () => {
        try {
            const w = await world({
                site: {
                    title: 'Northwind help',
                    greeting: 'Hello from Northwind!',
                    color: '#aa3300',
                    position: 'left',
                },
                agents: [{ name: 'Grace' }],
            });
            const agent = await agentFor(w);
            const page = await visitor();
            await page.goto(w.demoUrl);
            const ui = widget(page);
            await ui.launcher.waitFor();
            await ui.launcher.click();
            await ui.dialog.waitFor();
            await ui.title.filter({ hasText: 'Northwind help' }).waitFor();
            await ui.locator('.greeting').filter({ hasText: 'Hello from Northwind!' }).waitFor();
            await waitInWidget(page, (root) => root.querySelector('.root').classList.contains('left'));
            const accent = await page.evaluate(
                () =>
                    getComputedStyle(document.querySelector('#chat-widget-host').shadowRoot.querySelector('.launcher'))
                        .backgroundColor,
            );
            assert.equal(accent, 'rgb(170, 51, 0)', 'launcher uses the site colour');

            await sendFromWidget(page, 'Hi, where is my order?');
            const first = await agent.waitForMessage('Hi, where is my order?');
            assert.equal(first.author.role, 'visitor');
            await ui.message('Hi, where is my order?').and(ui.locator('[data-state=sent]')).waitFor();

            const conv = await agent.waitForConversation(
                (c) => c.id === first.conversationId && c.visitor && c.visitor.page,
            );
            assert.match(conv.visitor.page.url, /\/demo/);
            assert.equal(conv.visitor.page.title, await page.title());
            assert.ok(conv.visitor.userAgent && conv.visitor.userAgent.length > 0, 'userAgent sent in hello');
            assert.ok(conv.visitor.language, 'language sent in hello');

            await agent.sendMessage(first.conversationId, 'It ships tomorrow.');
            await ui.message('It ships tomorrow.').waitFor();
            await ui.title.filter({ hasText: 'Grace' }).waitFor(); // the assigned agent's name
            assert.equal(await ui.message('Hi, where is my order?').count(), 1);
            assertNoPageProblems(page);
        } finally {
            await cleanUp();
        }
    });

    it('typing indicators travel both ways and expire on stop', async () => {
        try {
            const w = await world({ agents: [{ name: 'Grace' }] });
            const agent = await agentFor(w);
            const page = await visitor();
            const conversationId = await startChat(page, w, agent, 'hello');
            const ui = widget(page);

            const since = agent.mark();
            await ui.composer.pressSequentially('I am wri');
            const typing = await agent.waitFor((m) => m.type === 'typing' && m.active === true, { since });
            assert.equal(typing.role, 'visitor');
            assert.equal(typing.conversationId, conversationId);
            await ui.composer.press('Enter'); // sending ends typing
            await agent.waitFor((m) => m.type === 'typing' && m.active === false, { since });

            agent.typing(conversationId, true);
            await ui.typing.filter({ hasText: 'Grace is typing' }).waitFor();
            agent.typing(conversationId, false);
            await waitInWidget(page, (root) => root.querySelector('.typing').textContent === '');
            assertNoPageProblems(page);
        } finally {
            await cleanUp();
        }
    });

    it('reload mid-conversation restores history from the server and reports the new page', async () => {
        try {
            const w = await world({ agents: [{ name: 'Grace' }] });
            const agent = await agentFor(w);
            const page = await visitor();
            const conversationId = await startChat(page, w, agent, 'first question');
            await agent.sendMessage(conversationId, 'first answer');
            await widget(page).message('first answer').waitFor();

            const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
            assert.ok(!stored.includes('first answer'), 'messages are not kept in the browser');

            const since = agent.mark();
            await page.goto(`${w.demoUrl}&step=2`);
            // the widget reconnects at once (before any click) and tells the agent the new page
            const moved = await agent.waitForConversation(
                (c) => c.id === conversationId && /step=2/.test(c.visitor?.page?.url || ''),
                { since },
            );
            assert.ok(moved);
            await agent.sendMessage(conversationId, 'are you still there?');
            const ui = widget(page);
            await ui.badge.filter({ hasText: '1' }).waitFor(); // unread while the panel is closed
            await ui.launcher.click();
            await ui.message('first question').waitFor();
            await ui.message('first answer').waitFor();
            await ui.message('are you still there?').waitFor();
            await ui.badge.waitFor({ state: 'hidden' });
            assert.equal(await ui.locator('.msg[data-seq]').count(), 3);
            assertNoPageProblems(page);
        } finally {
            await cleanUp();
        }
    });

    it('messages typed while the server is down are delivered exactly once after it restarts', async () => {
        try {
            const w = await world({ agents: [{ name: 'Grace' }] });
            let agent = await agentFor(w);
            const page = await visitor();
            const conversationId = await startChat(page, w, agent, 'before the outage');
            const ui = widget(page);
            await ui.message('before the outage').and(ui.locator('[data-state=sent]')).waitFor();

            await w.server.stop('SIGKILL');
            await ui.status.filter({ hasText: 'Reconnecting' }).waitFor();
            await sendFromWidget(page, 'typed during outage 1');
            await sendFromWidget(page, 'typed during outage 2');
            await ui.message('typed during outage 2').and(ui.locator('[data-state=pending]')).waitFor();
            const outbox = await page.evaluate(() =>
                Object.keys(localStorage)
                    .filter((k) => k.endsWith(':outbox'))
                    .map((k) => localStorage[k])
                    .join(''),
            );
            assert.match(outbox, /typed during outage 1/, 'unsent messages are persisted');

            await w.server.start();
            await ui.message('typed during outage 1').and(ui.locator('[data-state=sent]')).waitFor({ timeout: 40000 });
            await ui.message('typed during outage 2').and(ui.locator('[data-state=sent]')).waitFor();
            await ui.status.filter({ hasText: 'Reconnecting' }).waitFor({ state: 'hidden' });

            agent = await agentFor(w);
            const history = await agent.history(conversationId);
            const bodies = history.map((m) => m.body);
            assert.deepEqual(
                bodies.filter((b) => b.startsWith('typed during outage')),
                ['typed during outage 1', 'typed during outage 2'],
                'each message stored once, in order',
            );
            assert.deepEqual(
                history.map((m) => m.seq),
                history.map((_, i) => i + 1),
                'seq has no gaps',
            );
            for (const body of bodies) assert.equal(await ui.message(body).count(), 1, `"${body}" shown once`);
            const left = await page.evaluate(
                () => Object.keys(localStorage).filter((k) => k.endsWith(':outbox')).length,
            );
            assert.equal(left, 0, 'outbox empty after acks');
            assertNoPageProblems(page);
        } finally {
            await cleanUp();
        }
    });

    it('with no agent online the visitor gets a validated offline form', async () => {
        try {
            const w = await world({ site: { offlineForm: true }, agents: [{ name: 'Grace' }] });
            const page = await visitor();
            await page.goto(w.demoUrl);
            const ui = await openChat(page);
            const form = ui.locator('form.offline');
            await form.waitFor();
            // focus goes to the first field when the form appears
            await waitInWidget(page, (root) => root.activeElement && root.activeElement.name === 'name');

            await form.getByRole('button', { name: 'Send message' }).click();
            await form.getByText('Please enter your email address.').waitFor();
            await form.getByText('Please write a message.').waitFor();
            await form.getByLabel('Email').fill('not-an-email');
            await form.getByRole('button', { name: 'Send message' }).click();
            await form.getByText('Please enter a valid email address').waitFor();

            await form.getByLabel('Name (optional)').fill('Ada');
            await form.getByLabel('Email').fill('ada@example.com');
            await form.getByLabel('Message').fill('Do you ship to Norway?');
            await form.getByRole('button', { name: 'Send message' }).click();
            await ui.locator('.offline-thanks').waitFor();
            assertNoPageProblems(page);
        } finally {
            await cleanUp();
        }
    });

    it('the offline form gives way to the chat when an agent comes online', async () => {
        try {
            const w = await world({ site: { offlineForm: true }, agents: [{ name: 'Grace' }] });
            const page = await visitor();
            await page.goto(w.demoUrl);
            const ui = await openChat(page);
            await ui.locator('form.offline').waitFor();
            await agentFor(w); // logs in and goes online: the server pushes availability
            await ui.composer.waitFor();
            await ui.locator('form.offline').waitFor({ state: 'detached' });
        } finally {
            await cleanUp();
        }
    });

    it('queue position and wait estimate are shown while agents are at capacity', async () => {
        try {
            const w = await world({ agents: [{ name: 'Grace', maxChats: 1 }] });
            const agent = await agentFor(w);
            const first = await visitor();
            const firstId = await startChat(first, w, agent, 'I was first');
            await agent.waitForConversation((c) => c.id === firstId && c.status === 'assigned');

            const second = await visitor();
            await second.goto(w.demoUrl);
            const ui = await openChat(second);
            await sendFromWidget(second, 'I have to wait');
            await ui.queue.filter({ hasText: 'You are number 1 in the queue.' }).waitFor();
            await ui.queue.filter({ hasText: 'Estimated wait' }).waitFor();

            await agent.closeConversation(firstId); // capacity frees up: the queue moves
            await ui.queue.waitFor({ state: 'hidden' });
            await ui.title.filter({ hasText: 'Grace' }).waitFor();
            assertNoPageProblems(second);
        } finally {
            await cleanUp();
        }
    });

    it('after the agent closes the chat the visitor rates it and downloads the transcript', async () => {
        try {
            const w = await world({ agents: [{ name: 'Grace' }] });
            const agent = await agentFor(w);
            const page = await visitor();
            const conversationId = await startChat(page, w, agent, 'Can I return beans?');
            await agent.sendMessage(conversationId, 'Yes, within 30 days.');
            const ui = widget(page);
            await ui.message('Yes, within 30 days.').waitFor();
            await agent.closeConversation(conversationId);

            const rating = ui.locator('form.rating');
            await rating.waitFor();
            const [download] = await Promise.all([
                page.waitForEvent('download'),
                ui.locator('button.transcript').click(),
            ]);
            assert.match(download.suggestedFilename(), /\.txt$/);
            const text = await readFile(await download.path(), 'utf8');
            assert.match(text, /Can I return beans\?/);
            assert.match(text, /Grace: Yes, within 30 days\./);
            assert.ok(
                text.indexOf('Can I return beans?') < text.indexOf('Yes, within 30 days.'),
                'transcript in order',
            );

            const since = agent.mark();
            await rating.getByRole('button', { name: 'Good' }).click();
            await rating.getByLabel('Comment (optional)').fill('Quick and kind');
            await rating.getByRole('button', { name: 'Send feedback' }).click();
            await ui.locator('.thanks').waitFor();
            const rated = await agent
                .waitForConversation((c) => c.id === conversationId && c.rating, { since, timeoutMs: 3000 })
                .catch(() => null); // agents may or may not be told; the visitor's reply is what counts
            if (rated) assert.deepEqual(rated.rating, { value: 'good', comment: 'Quick and kind' });
            assertNoPageProblems(page);
        } finally {
            await cleanUp();
        }
    });

    it('hostile message bodies are rendered as text, never as markup', async () => {
        try {
            const w = await world({ agents: [{ name: 'Grace' }] });
            const agent = await agentFor(w);
            const page = await visitor();
            const hostile = '<img src=x onerror=alert(1)>';
            const conversationId = await startChat(page, w, agent, hostile);
            await agent.sendMessage(conversationId, '<script>alert(2)</script><b>bold</b>');
            const ui = widget(page);
            await ui.message('<script>alert(2)</script><b>bold</b>').waitFor();
            await ui.message(hostile).waitFor();
            const found = await page.evaluate(() => {
                const root = document.querySelector('#chat-widget-host').shadowRoot;
                return root.querySelectorAll('.log img, .log script, .log b').length;
            });
            assert.equal(found, 0);
            assertNoPageProblems(page);
        } finally {
            await cleanUp();
        }
    });

    it('pre-chat form validates name and email and passes them to the agent', async () => {
        try {
            const w = await world({ site: { preChat: true }, agents: [{ name: 'Grace' }] });
            const agent = await agentFor(w);
            const page = await visitor();
            await page.goto(w.demoUrl);
            const ui = await openChat(page);
            const form = ui.locator('form.prechat');
            await form.waitFor();
            await form.getByRole('button', { name: 'Start chat' }).click();
            await form.getByText('Please enter your name.').waitFor();
            await form.getByText('Please enter your email address.').waitFor();
            assert.equal(await form.getByLabel('Name').getAttribute('aria-invalid'), 'true');

            await form.getByLabel('Name').fill('Ada Lovelace');
            await form.getByLabel('Email').fill('ada@example.com');
            await form.getByRole('button', { name: 'Start chat' }).click();
            await ui.composer.waitFor();
            await waitInWidget(page, (root) => root.activeElement && root.activeElement.tagName === 'TEXTAREA');
            const conv = await agent.waitForConversation((c) => c.visitor && c.visitor.name === 'Ada Lovelace');
            assert.equal(conv.visitor.email, 'ada@example.com');
            assertNoPageProblems(page);
        } finally {
            await cleanUp();
        }
    });

    it('keyboard only: open, write, send, Escape closes and focus returns to the launcher', async () => {
        try {
            const w = await world({ agents: [{ name: 'Grace' }] });
            const agent = await agentFor(w);
            const page = await visitor();
            await page.goto(w.demoUrl);
            const ui = widget(page);
            await ui.launcher.waitFor();
            await ui.launcher.focus();
            assert.equal(await ui.launcher.getAttribute('aria-label'), 'Open chat');
            await page.keyboard.press('Enter');
            await ui.dialog.waitFor();
            await waitInWidget(page, (root) => root.activeElement && root.activeElement.tagName === 'TEXTAREA');
            assert.equal(await ui.dialog.getAttribute('role'), 'dialog');
            assert.equal(await ui.log.getAttribute('aria-live'), 'polite');

            await page.keyboard.type('typed with keys only');
            await page.keyboard.press('Enter');
            await agent.waitForMessage('typed with keys only');
            await page.keyboard.press('Escape');
            await ui.dialog.waitFor({ state: 'hidden' });
            await waitInWidget(page, (root) => root.activeElement && root.activeElement.classList.contains('launcher'));
            assert.equal(await ui.launcher.getAttribute('aria-expanded'), 'false');
        } finally {
            await cleanUp();
        }
    });

    it('a visitor picks a department and the chat is routed with it', async () => {
        try {
            const w = await world({
                site: { departments: ['Sales', 'Support'] },
                agents: [{ name: 'Grace', departments: ['Sales'] }],
            });
            const agent = await agentFor(w);
            const page = await visitor();
            await page.goto(w.demoUrl);
            const ui = await openChat(page);
            await ui.locator('.dept select').selectOption({ label: 'Sales' });
            await sendFromWidget(page, 'a question for sales');
            const msg = await agent.waitForMessage('a question for sales');
            const conv = await agent.waitForConversation((c) => c.id === msg.conversationId && c.department);
            assert.equal(conv.department.id, w.departments.Sales);
            await ui.locator('.dept').waitFor({ state: 'detached' });
            assertNoPageProblems(page);
        } finally {
            await cleanUp();
        }
    });

    it('German pages get the German interface', async () => {
        try {
            const w = await world({ agents: [] });
            const page = await visitor({ locale: 'en-US' });
            // a page on the site's origin with <html lang="de"> that embeds the real widget.js
            await page.route(`${w.baseUrl}/de-shop`, (route) =>
                route.fulfill({
                    contentType: 'text/html',
                    body: `<!doctype html><html lang="de"><head><title>Laden</title></head><body><h1>Laden</h1>
                           <script src="/widget.js" data-site="${w.siteKey}" async></script></body></html>`,
                }),
            );
            await page.goto(`${w.baseUrl}/de-shop`);
            const ui = widget(page);
            await ui.launcher.waitFor();
            assert.equal(await ui.launcher.getAttribute('aria-label'), 'Chat öffnen');
            await ui.launcher.click();
            await ui.locator('button.close[aria-label="Chat schließen"]').waitFor();
        } finally {
            await cleanUp();
        }
    });
});
