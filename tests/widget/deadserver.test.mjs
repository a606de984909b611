// Browser test of the widget against a server that falls silent without closing anything: the
// process is stopped (SIGSTOP), so its sockets stay open and unanswered, as with a hung server or
// a network path that drops packets. The widget's own ping (docs/protocol.md, `ping`) must show
// "Reconnecting…" within seconds, and once the server answers again the visitor carries on with
// nothing lost and nothing doubled.
// Run: cd widget && CHAT_SERVER_BIN=../build/server/chat-server npm run test:e2e
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createWorld, serverUnderTest } from './helpers/server.mjs';
import { ScriptedAgent } from './helpers/agent.mjs';
import { chatWithAgent, launchBrowser, newVisitorPage, sendFromWidget, widget } from './helpers/browser.mjs';

const { bin: BIN, skip } = serverUnderTest();

// The widget's timing (protocol-client.js): a ping after 10 s without a frame, a dead link after
// 5 s more without one; a request after 2 s of quiet is followed by a ping at once. The slack is
// for a loaded machine.
const IDLE_NOTICE_MS = 15000;
const SEND_NOTICE_MS = 5000;
const SLACK_MS = 4000;

describe('website widget when the server falls silent', () => {
    let browser;
    let w;
    let agent;

    before(async () => {
        if (!skip) browser = await launchBrowser();
    });
    after(async () => {
        w?.server.child?.kill('SIGCONT');
        await agent?.close().catch(() => {});
        await w?.dispose();
        await browser?.close();
    });

    const silence = () => w.server.child.kill('SIGSTOP');
    const speakAgain = () => w.server.child.kill('SIGCONT');

    test('the visitor sees "Reconnecting…" within seconds and nothing is lost', { skip }, async (t) => {
        w = await createWorld({ bin: BIN, agents: [{ name: 'Grace' }] });
        agent = await ScriptedAgent.login(w.baseUrl, w.agents[0]);
        const page = await newVisitorPage(browser);
        const ui = widget(page);
        const conversationId = await chatWithAgent(page, w.demoUrl, agent, 'How can I help?');
        const reconnecting = ui.status.filter({ hasText: 'Reconnecting' });

        // 1. Idle: the widget's heartbeat finds the silence on its own.
        silence();
        const silentAt = Date.now();
        await reconnecting.waitFor({ timeout: IDLE_NOTICE_MS + SLACK_MS }); // it used to take 35 s
        const idleNotice = Date.now() - silentAt;
        speakAgain();
        await reconnecting.waitFor({ state: 'hidden', timeout: 30000 });
        await agent.sendMessage(conversationId, 'Still here.');
        await ui.message('Still here.').waitFor();

        // 2. The visitor writes into a silent link after a quiet spell: noticed within seconds of
        // pressing Enter; the message is sent once the server answers, and stored once.
        silence();
        await page.waitForTimeout(2500); // the quiet spell after which a send asks the server
        const sentAt = Date.now();
        await sendFromWidget(page, 'Are you there?');
        await reconnecting.waitFor({ timeout: SEND_NOTICE_MS + SLACK_MS });
        const sendNotice = Date.now() - sentAt;
        speakAgain();
        await reconnecting.waitFor({ state: 'hidden', timeout: 30000 });
        await agent.waitForMessage('Are you there?');
        await ui.message('Are you there?').and(ui.locator('.msg[data-seq]')).waitFor(); // acknowledged
        const stored = (await agent.history(conversationId)).filter((m) => m.body === 'Are you there?');
        assert.equal(stored.length, 1, 'stored once');

        // 3. The browser says the network changed: asked at once, not after the next quiet spell.
        silence();
        const wokenAt = Date.now();
        await page.evaluate(() => window.dispatchEvent(new Event('online')));
        await reconnecting.waitFor({ timeout: SEND_NOTICE_MS + SLACK_MS });
        const wakeNotice = Date.now() - wokenAt;
        speakAgain();
        await reconnecting.waitFor({ state: 'hidden', timeout: 30000 });
        t.diagnostic(
            `noticed after ${idleNotice} ms idle, ${sendNotice} ms after a send, ${wakeNotice} ms after a wake`,
        );
        assert.deepEqual(page.problems, [], 'no script errors or dialogs in the page');
    });
});
