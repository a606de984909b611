// Browser tests of the website widget against the real chat-server ($CHAT_SERVER_BIN).
// Each test gets its own database, site, agents and server on a loopback port, a fresh
// browser context (own localStorage), and talks to the server as a real agent would.
// Run: cd widget && CHAT_SERVER_BIN=../build/server/chat-server npm run test:e2e
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createHmac } from 'node:crypto';
import { createWorld, runCli, serverUnderTest } from './helpers/server.mjs';
import { ScriptedAgent } from './helpers/agent.mjs';
import { launchBrowser, newVisitorPage, openChat, sendFromWidget, waitInWidget, widget } from './helpers/browser.mjs';

const { bin: BIN, skip } = serverUnderTest();

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

    it("the demo page and the widget run under the server's Content-Security-Policy", async () => {
        try {
            const w = await world({ agents: [{ name: 'Grace' }] });
            const agent = await agentFor(w);
            const page = await visitor();
            await page.addInitScript(() => {
                window.cspViolations = [];
                document.addEventListener('securitypolicyviolation', (e) =>
                    window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
                );
            });
            const response = await page.goto(w.demoUrl);
            const csp = response.headers()['content-security-policy'] || '';
            assert.match(csp, /script-src 'self'/);
            assert.match(csp, /frame-ancestors 'none'/);
            assert.doesNotMatch(csp, /unsafe/);
            const ui = await openChat(page);
            const position = await page.evaluate(
                () =>
                    getComputedStyle(document.querySelector('#chat-widget-host').shadowRoot.querySelector('.root'))
                        .position,
            );
            assert.equal(position, 'fixed', 'the widget is styled');
            await sendFromWidget(page, 'Styled and connected?');
            await agent.waitForMessage('Styled and connected?'); // the socket to the server is allowed
            await ui.message('Styled and connected?').and(ui.locator('[data-state=sent]')).waitFor();
            assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
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

            // closed first: a chat left open stays open on the next page (acrosspages.test.mjs)
            await widget(page).locator('header .close').click();
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
            assert.equal(await ui.locator('.msg[data-seq]:not(.system)').count(), 3);
            assert.equal(await ui.message('Grace joined the chat').count(), 1, 'the system line, once');
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
            // each message shown once (system lines are left out: the agent's return may add one)
            for (const m of history.filter((h) => h.author.role !== 'system')) {
                assert.equal(await ui.message(m.body).count(), 1, `"${m.body}" shown once`);
            }
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

    it('a page identifies its signed-in customer through ChatWidget.identify() and agents see the name', async () => {
        try {
            const w = await world({ agents: [{ name: 'Grace' }] });
            const agent = await agentFor(w);
            const page = await visitor();
            // the page asks before the async widget has loaded, as the README shows
            await page.addInitScript(() => {
                const identify = () =>
                    window.ChatWidget.identify({ name: 'Dana Keyboard', email: 'dana@example.com' }).then(
                        (v) => (window.identifiedAs = v.name),
                    );
                window.ChatWidget ? identify() : addEventListener('chatwidget:ready', identify, { once: true });
            });
            await page.goto(w.demoUrl);
            await openChat(page);
            await page.waitForFunction(() => window.identifiedAs === 'Dana Keyboard');
            await sendFromWidget(page, 'where is my invoice?');
            const { conversationId } = await agent.waitForMessage('where is my invoice?');
            const conv = await agent.waitForConversation((c) => c.id === conversationId && c.visitor);
            assert.equal(conv.visitor.name, 'Dana Keyboard');
            assert.equal(conv.visitor.email, 'dana@example.com');
            assertNoPageProblems(page);
        } finally {
            await cleanUp();
        }
    });

    it("a signed-in user's signed identity reaches agents as verified, and the chat follows the user to another device", async () => {
        try {
            const w = await world({ agents: [{ name: 'Grace' }] });
            const secret = await runCli(BIN, [
                'site',
                'set',
                '--key',
                w.siteKey,
                '--identity-secret',
                'new',
                '--db',
                w.server.db,
            ]);
            const agent = await agentFor(w);
            // The embedding tag as the site's backend renders it for its user 42 (docs/identity.md):
            // the demo page's tag gets the signed identity before the widget script runs. (A page
            // made up by the test would count as a public one, which Chromium keeps from loopback.)
            const expires = Math.floor(Date.now() / 1000) + 3600;
            const signature = createHmac('sha256', secret).update(`42\nada@example.com\n${expires}`).digest('hex');
            const attributes = {
                'data-user-id': '42',
                'data-user-email': 'ada@example.com',
                'data-identity-expires': String(expires),
                'data-identity-signature': signature,
            };
            const onAccountPage = async (page) => {
                await page.addInitScript((attrs) => {
                    new MutationObserver((changes, observer) => {
                        const tag = document.querySelector('script[data-site]');
                        if (!tag) return;
                        for (const [name, value] of Object.entries(attrs)) tag.setAttribute(name, value);
                        observer.disconnect();
                    }).observe(document, { childList: true, subtree: true });
                }, attributes);
                await page.goto(w.demoUrl);
            };

            const laptop = await visitor();
            await onAccountPage(laptop);
            await openChat(laptop);
            await sendFromWidget(laptop, 'sent from my laptop');
            const { conversationId } = await agent.waitForMessage('sent from my laptop');
            const conv = await agent.waitForConversation((c) => c.id === conversationId && c.visitor);
            assert.equal(conv.visitor.verified, true);
            assert.equal(conv.visitor.email, 'ada@example.com');

            // Another browser (its own storage, no token): the same user finds the same chat.
            const phone = await visitor();
            await onAccountPage(phone);
            await openChat(phone);
            await widget(phone).message('sent from my laptop').waitFor();
            assertNoPageProblems(laptop);
            assertNoPageProblems(phone);
        } finally {
            await cleanUp();
        }
    });

    it("a German page gets the German interface when the widget has none of the browser's languages", async () => {
        try {
            const w = await world({ agents: [] });
            const page = await visitor({ locale: 'sv-SE' });
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
            // English until the German strings are fetched, then German in place
            await ui.locator('button.launcher[aria-label="Chat öffnen"]').waitFor();
            await ui.launcher.click();
            await ui.locator('button.close[aria-label="Chat schließen"]').waitFor();
        } finally {
            await cleanUp();
        }
    });

    /** Every frame the page receives on any WebSocket, as text, in order; `arrival(type)` waits for one. */
    function captureFrames(page) {
        const frames = [];
        const waiters = new Set();
        const check = (w) => frames.some((f) => JSON.parse(f).type === w.type) && (waiters.delete(w), w.resolve());
        frames.arrival = (type) =>
            new Promise((resolve) => {
                const w = { type, resolve };
                waiters.add(w);
                check(w);
            });
        page.on('websocket', (ws) =>
            ws.on('framereceived', ({ payload }) => {
                frames.push(String(payload));
                for (const w of [...waiters]) check(w);
            }),
        );
        return frames;
    }
    async function fillPreChat(ui, name, email) {
        const form = ui.locator('form.prechat');
        await form.getByLabel('Name').fill(name);
        await form.getByLabel('Email').fill(email);
        await form.getByRole('button', { name: 'Start chat' }).click();
        await ui.composer.waitFor();
    }
    function storedConversationId(page) {
        return page.evaluate(() => {
            const key = Object.keys(localStorage).find((k) => k.endsWith(':conv'));
            return key ? localStorage[key] : null;
        });
    }

    it('the pre-chat name survives a reload, a navigation and a server restart', async () => {
        try {
            const w = await world({ site: { preChat: true }, agents: [{ name: 'Grace' }] });
            const agent = await agentFor(w);
            const page = await visitor();
            await page.goto(w.demoUrl);
            const ui = await openChat(page);
            await fillPreChat(ui, 'Dana Keyboard', 'dana@example.com');
            await sendFromWidget(page, 'my keyboard types backwards');
            const { conversationId } = await agent.waitForMessage('my keyboard types backwards');
            const started = await agent.waitForConversation((c) => c.id === conversationId && c.visitor);
            assert.equal(started.visitor.name, 'Dana Keyboard');
            const visitorId = started.visitor.id;
            const assertNamed = (c, when) => {
                assert.equal(c.visitor.name, 'Dana Keyboard', `visitor name kept after ${when}`);
                assert.equal(c.visitor.email, 'dana@example.com', `visitor email kept after ${when}`);
            };

            // a reload says hello again without a name and reports the page
            let since = agent.mark();
            await page.reload();
            assertNamed(
                await agent.waitForConversation((c) => c.id === conversationId && c.visitor?.page, { since }),
                'a reload',
            );

            since = agent.mark();
            await page.goto(`${w.demoUrl}&step=2`);
            assertNamed(
                await agent.waitForConversation(
                    (c) => c.id === conversationId && /step=2/.test(c.visitor?.page?.url || ''),
                    { since },
                ),
                'a navigation',
            );

            await ui.dialog.waitFor(); // an open chat stays open on the next page
            await w.server.stop('SIGTERM');
            await ui.status.filter({ hasText: 'Reconnecting' }).waitFor();
            await w.server.start();
            await ui.status.filter({ hasText: 'Reconnecting' }).waitFor({ state: 'hidden', timeout: 40000 });
            const again = await agentFor(w);
            const { queue, mine } = again.snapshot;
            const listed = [...queue, ...mine].find((c) => c.id === conversationId);
            assert.ok(listed, 'the open conversation is in the agent snapshot after the restart');
            assertNamed(listed, 'a server restart (snapshot)');
            const earlier = (await again.visitorConversations(visitorId)).find((c) => c.id === conversationId);
            assertNamed(earlier, 'a server restart (visitor.conversations)');
            assertNoPageProblems(page);
        } finally {
            await cleanUp();
        }
    });

    it('a reload while queued keeps the place in the queue and is not an abandonment', async () => {
        try {
            // no agent online and no offline form: the chat waits in the queue
            const w = await world({ site: { offlineForm: false }, agents: [{ name: 'Grace', role: 'admin' }] });
            const page = await visitor();
            await page.goto(w.demoUrl);
            const ui = await openChat(page);
            await sendFromWidget(page, 'is anyone there?');
            await ui.queue.filter({ hasText: 'You are number 1 in the queue.' }).waitFor();
            const conversationId = await storedConversationId(page);
            assert.ok(conversationId);

            await page.reload();
            await ui.dialog.waitFor(); // an open chat stays open after a reload
            await ui.message('is anyone there?').waitFor(); // from the server's history
            await ui.queue.filter({ hasText: 'You are number 1 in the queue.' }).waitFor();
            assert.equal(await storedConversationId(page), conversationId, 'the same conversation');

            const agent = await agentFor(w); // comes online: the waiting chat is assigned to it
            await agent.waitForConversation((c) => c.id === conversationId && c.status === 'assigned');
            const report = await agent.getJson(w.baseUrl, '/api/v1/metrics/queue');
            assert.equal(report.conversations.total, 1);
            assert.equal(report.conversations.outcomes.abandoned, 0, 'a reload is not an abandonment');
            assert.equal(report.abandoned.count, 0);

            await ui.message('Grace joined the chat').waitFor();
            await ui.queue.waitFor({ state: 'hidden' });
            assert.equal(await ui.message('The visitor left').count(), 0);
            assertNoPageProblems(page);
        } finally {
            await cleanUp();
        }
    });

    it('system lines show when an agent joins, transfers and closes, live and after a reload', async () => {
        try {
            const w = await world({ agents: [{ name: 'Grace' }, { name: 'Alan' }] });
            const grace = await agentFor(w, 0);
            const page = await visitor();
            const conversationId = await startChat(page, w, grace, 'who is there?');
            const ui = widget(page);
            const joined = ui.message('Grace joined the chat');
            await joined.waitFor();
            const look = await joined.evaluate((n) => ({
                system: n.classList.contains('system'),
                align: getComputedStyle(n).alignSelf,
                text: n.innerText,
            }));
            assert.deepEqual(look, { system: true, align: 'center', text: 'Grace joined the chat' }, 'a quiet notice');
            assert.doesNotMatch(await ui.log.innerText(), /System/);

            // with the panel closed, a transfer line is not unread; the new agent's message is
            const alan = await agentFor(w, 1);
            await ui.locator('button.close').click();
            await grace.transfer(conversationId, alan.me.id, 'be gentle, second complaint this week');
            await ui.message('Grace transferred the chat to Alan').waitFor({ state: 'attached' });
            await alan.sendMessage(conversationId, 'Alan here, I will take over.');
            await ui.message('Alan here, I will take over.').waitFor({ state: 'attached' });
            assert.equal(await ui.badge.innerText(), '1', 'system lines do not count as unread');

            await page.reload(); // the lines come back from history as notices
            await openChat(page);
            for (const line of ['Grace joined the chat', 'Grace transferred the chat to Alan']) {
                await ui.message(line).and(ui.locator('.msg.system')).waitFor();
            }
            await ui.title.filter({ hasText: 'Alan' }).waitFor();
            await alan.closeConversation(conversationId);
            await ui.message('Alan closed the chat').and(ui.locator('.msg.system')).waitFor();
            await ui.locator('form.rating').waitFor();
            assert.equal(await ui.locator('.msg.system').count(), 3);
            // with the rating form taking room, the log shrinks but each line keeps its height
            const clipped = await ui
                .locator('.msg.system')
                .evaluateAll((nodes) =>
                    nodes.filter((n) => n.clientHeight < 12 || n.scrollHeight > n.clientHeight + 1),
                );
            assert.equal(clipped.length, 0, 'system lines are not squeezed');
            assertNoPageProblems(page);
        } finally {
            await cleanUp();
        }
    });

    it('no frame a visitor receives carries internal notes, transfer notes, agent emails or other visitors', async () => {
        try {
            const w = await world({
                site: { preChat: true, offlineForm: true },
                agents: [{ name: 'Grace' }, { name: 'Alan' }],
            });
            const secrets = ['Psst: refund blocklist', 'INTERNAL: do not refund'];
            const page = await visitor();
            const frames = captureFrames(page);
            await page.goto(w.demoUrl);
            const ui = await openChat(page);
            // nobody online yet: an offline message (offline.received), then availability
            const offline = ui.locator('form.offline');
            await offline.getByLabel('Email').fill('dana@example.com');
            await offline.getByLabel('Message').fill('Are you open on Sundays?');
            await offline.getByRole('button', { name: 'Send message' }).click();
            await ui.locator('.offline-thanks').waitFor();
            const grace = await agentFor(w, 0);
            const alan = await agentFor(w, 1, { online: false });
            await frames.arrival('availability');

            const other = await visitor(); // another visitor's details must never reach ours
            await other.goto(w.demoUrl);
            await fillPreChat(await openChat(other), 'Eve Other', 'eve@other.example');
            await sendFromWidget(other, 'order 4711 for Eve');
            await grace.waitForMessage('order 4711 for Eve');

            await page.reload();
            await ui.dialog.waitFor(); // an open chat stays open after a reload
            await fillPreChat(ui, 'Dana Keyboard', 'dana@example.com');
            await sendFromWidget(page, 'my order is late');
            const { conversationId } = await grace.waitForMessage('my order is late');
            await ui.title.filter({ hasText: 'Grace' }).waitFor();
            grace.typing(conversationId, true);
            await ui.typing.filter({ hasText: 'Grace is typing' }).waitFor();
            await grace.sendNote(conversationId, secrets[0]);
            await grace.sendMessage(conversationId, 'Let me check.');
            await ui.message('Let me check.').waitFor();
            await alan.setPresence('online');
            await grace.transfer(conversationId, alan.me.id, secrets[1]);
            await ui.title.filter({ hasText: 'Alan' }).waitFor();
            const since = alan.mark();
            const identified = await page.evaluate(() =>
                window.ChatWidget.identify({ name: 'Dana K.' }).then(
                    (v) => v.name,
                    (e) => e.message,
                ),
            );
            await alan.sendMessage(conversationId, 'It leaves today.');
            await page.reload(); // history pages
            await ui.dialog.waitFor(); // still open
            await ui.message('It leaves today.').waitFor();
            await alan.closeConversation(conversationId);
            const rating = ui.locator('form.rating');
            await rating.getByRole('button', { name: 'Good' }).click();
            await rating.getByRole('button', { name: 'Send feedback' }).click();
            await ui.locator('.thanks').waitFor();
            // the transcript fetches every page of history once more
            await Promise.all([page.waitForEvent('download'), ui.locator('button.transcript').click()]);

            assert.ok(
                frames.some((f) => f.includes('It leaves today.')),
                'frames are captured',
            );
            const forbidden = [
                ...secrets,
                /internal/i,
                /note/i,
                ...w.agents.map((a) => a.email),
                'Eve Other',
                'eve@other.example',
                'order 4711',
            ];
            for (const frame of frames) {
                for (const bad of forbidden) {
                    const found = typeof bad === 'string' ? frame.includes(bad) : bad.test(frame);
                    assert.ok(!found, `a visitor frame carries ${bad}: ${frame}`);
                }
            }
            const types = new Set(frames.map((f) => JSON.parse(f).type));
            for (const type of ['welcome', 'conversation.started', 'conversation.updated', 'message', 'message.ack']) {
                assert.ok(types.has(type), `the walk includes ${type}`);
            }
            for (const type of ['history', 'typing', 'visitor.updated', 'offline.received', 'availability']) {
                assert.ok(types.has(type), `and ${type}`);
            }
            assert.equal(identified, 'Dana K.', 'ChatWidget.identify() stores the name');
            await alan.waitForConversation((c) => c.id === conversationId && c.visitor?.name === 'Dana K.', {
                since,
            });
            assertNoPageProblems(page);
        } finally {
            await cleanUp();
        }
    });

    it('an answered offline message shows up live, and when the visitor comes back', async () => {
        try {
            const w = await world({ site: { offlineForm: true }, agents: [{ name: 'Grace' }] });
            const page = await visitor();
            await page.goto(w.demoUrl);
            const ui = await openChat(page);
            const form = ui.locator('form.offline');
            await form.getByLabel('Email').fill('ada@example.com');
            await form.getByLabel('Message').fill('Do you ship to Norway?');
            await form.getByRole('button', { name: 'Send message' }).click();
            await ui.locator('.offline-thanks').waitFor();

            const agent = await agentFor(w);
            assert.ok(Array.isArray(agent.snapshot.offline), 'agents have an offline inbox');
            const offline = agent.snapshot.offline.find((c) => c.offline);
            assert.ok(offline, 'the offline message is in the inbox');
            await agent.claimOffline(offline.id);
            await agent.sendMessage(offline.id, 'Yes, we ship to Norway.');
            await ui.message('Yes, we ship to Norway.').waitFor(); // live, on the thanks screen
            await ui.message('Do you ship to Norway?').waitFor();
            await ui.locator('.closed .note').filter({ hasText: 'We answered your message.' }).waitFor();

            // the visitor leaves; a second answer waits for its return (same browser)
            const context = page.context();
            await page.close();
            await agent.sendMessage(offline.id, 'Delivery takes three days.');
            const back = await context.newPage();
            await back.goto(w.demoUrl);
            const again = widget(back);
            await again.badge
                .filter({ hasText: '1' })
                .waitFor() // before any click
                .catch(async (error) => {
                    // Seen once in CI and never here since: say what the page knew.
                    const badge = await again.badge.allTextContents();
                    const stored = await back.evaluate(() => JSON.stringify({ ...localStorage }));
                    throw new Error(
                        `${error.message}\nbadge: ${JSON.stringify(badge)}\nstorage: ${stored}\nserver: ${w.server.log.slice(-4000)}`,
                    );
                });
            await again.launcher.click();
            for (const body of ['Do you ship to Norway?', 'Yes, we ship to Norway.', 'Delivery takes three days.']) {
                await again.message(body).waitFor();
            }
            await again.badge.waitFor({ state: 'hidden' });

            // read: the next visit starts fresh
            const later = await context.newPage();
            await later.goto(w.demoUrl);
            const third = await openChat(later);
            await third.composer.waitFor(); // an agent is online now: a new chat
            assert.equal(await third.locator('.msg[data-seq]').count(), 0);
            assert.equal(await third.badge.isVisible(), false);
        } finally {
            await cleanUp();
        }
    });
});
