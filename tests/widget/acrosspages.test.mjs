// Browser tests of the widget across the pages of a site: a chat left open stays open on the
// next page and after a reload, with the composer's unsent draft and the log where the visitor
// left it (or at the newest line, also one that came meanwhile, when it was there); restoring
// all this moves no focus. A sent draft is gone, a closed chat stays closed.
// Run: cd widget && CHAT_SERVER_BIN=../build/server/chat-server npm run test:e2e
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serverUnderTest } from './helpers/server.mjs';
import { sharedWorld } from './helpers/suite.mjs';
import { openChat, sendFromWidget, widget } from './helpers/browser.mjs';

const { bin: BIN, skip } = serverUnderTest();

const ANSWERS = Array.from({ length: 14 }, (_, i) => `Answer number ${i + 1}, with a little more text to wrap.`);
const DRAFT = 'My order number is 47';

// Before the widget's script runs, the page puts an input in focus and from then on records
// every element that receives focus (an element in the widget is seen as its host).
function focusAnInputFirst() {
    window.focusMoves = [];
    document.addEventListener('focusin', (e) => window.focusMoves.push(e.target.id || e.target.tagName), true);
    new MutationObserver((_, observer) => {
        if (!document.body || document.getElementById('page-input')) return;
        observer.disconnect();
        const input = document.createElement('input');
        input.id = 'page-input';
        document.body.prepend(input);
        input.focus();
    }).observe(document, { childList: true, subtree: true });
}

/** The first message at least partly in view at the top of the log, and its distance from the top. */
function topOfLog(page) {
    return page.evaluate(() => {
        const log = document.querySelector('#chat-widget-host').shadowRoot.querySelector('.log');
        const top = log.getBoundingClientRect().top;
        const first = [...log.querySelectorAll('.msg:not(.greeting)')].find(
            (m) => m.getBoundingClientRect().bottom > top,
        );
        return {
            text: first.querySelector('.text').textContent,
            offset: Math.round(first.getBoundingClientRect().top - top),
            atEnd: log.scrollHeight - log.scrollTop - log.clientHeight < 2,
        };
    });
}

/** Waits until the log shows `text` at its top, `offset` px from it (the restored position). */
function logShowsAtTop(page, { text, offset }) {
    return page.waitForFunction(
        ([text, offset]) => {
            const log = document.querySelector('#chat-widget-host')?.shadowRoot?.querySelector('.log');
            if (!log || !log.isConnected || !log.clientHeight) return false;
            const top = log.getBoundingClientRect().top;
            const first = [...log.querySelectorAll('.msg:not(.greeting)')].find(
                (m) => m.getBoundingClientRect().bottom > top,
            );
            return (
                !!first &&
                first.querySelector('.text').textContent === text &&
                Math.abs(first.getBoundingClientRect().top - top - offset) <= 2
            );
        },
        [text, offset],
    );
}

function logAtEnd(page, newest) {
    return page.waitForFunction((newest) => {
        const log = document.querySelector('#chat-widget-host')?.shadowRoot?.querySelector('.log');
        if (!log || !log.clientHeight) return false;
        const texts = [...log.querySelectorAll('.msg .text')].map((t) => t.textContent);
        return texts[texts.length - 1] === newest && log.scrollHeight - log.scrollTop - log.clientHeight < 2;
    }, newest);
}

async function assertFocusStayedOnPage(page) {
    assert.equal(await page.evaluate(() => document.activeElement.id), 'page-input', 'the page keeps its focus');
    assert.deepEqual(await page.evaluate(() => window.focusMoves), ['page-input'], 'nothing else took focus');
}

describe('website widget across pages and reloads', () => {
    const world = sharedWorld({ skip, bin: BIN, agents: [{ name: 'Grace', maxChats: 10 }] });

    test(
        'an open chat stays open on the next page and after a reload, with its draft and scroll position',
        {
            skip,
        },
        async () => {
            const { w, agent } = world;
            const page = await world.visitor({ viewport: { width: 1280, height: 720 } });
            const ui = widget(page);
            const since = agent.mark();
            await page.goto(w.demoUrl);
            await openChat(page);
            await sendFromWidget(page, 'hello');
            const { conversationId } = await agent.waitForMessage('hello', { since });
            for (const answer of ANSWERS) await agent.sendMessage(conversationId, answer);
            await ui.message(ANSWERS.at(-1)).waitFor();

            // The visitor scrolls back a little, starts a question and goes to another page.
            await ui.log.evaluate((log) => (log.scrollTop = Math.round(log.scrollHeight / 3)));
            await ui.composer.fill(DRAFT);
            const before = await topOfLog(page);
            assert.equal(before.atEnd, false, 'scrolled back');
            await page.addInitScript(focusAnInputFirst);
            await page.goto(`${w.demoUrl}&page=2#coffee`);
            await ui.dialog.waitFor({ state: 'visible' });
            assert.equal(await ui.composer.inputValue(), DRAFT, 'the draft is kept');
            await logShowsAtTop(page, before);
            await assertFocusStayedOnPage(page);

            // A reload keeps all of it too.
            await page.reload();
            await ui.dialog.waitFor({ state: 'visible' });
            assert.equal(await ui.composer.inputValue(), DRAFT);
            await logShowsAtTop(page, before);
            await assertFocusStayedOnPage(page);

            // At the newest line, the log stays there: also with what the agent wrote meanwhile.
            await ui.log.evaluate((log) => (log.scrollTop = log.scrollHeight));
            await logAtEnd(page, ANSWERS.at(-1));
            await page.goto(`${w.baseUrl}/healthz`);
            await agent.sendMessage(conversationId, 'Written while you were away.');
            await page.goto(`${w.demoUrl}&page=3`);
            await ui.dialog.waitFor({ state: 'visible' });
            await logAtEnd(page, 'Written while you were away.');
            await assertFocusStayedOnPage(page);

            // Sending clears the draft; a closed chat stays closed.
            await ui.composer.press('Enter');
            await ui.message(DRAFT).waitFor();
            await page.reload();
            await ui.dialog.waitFor({ state: 'visible' });
            await ui.message(DRAFT).waitFor();
            assert.equal(await ui.composer.inputValue(), '', 'a sent draft is not restored');
            await ui.locator('header .close').click();
            await ui.dialog.waitFor({ state: 'hidden' });
            await page.goto(`${w.demoUrl}&page=4`);
            await page.waitForFunction(() => window.ChatWidget);
            await ui.launcher.waitFor();
            assert.equal(await ui.dialog.isVisible(), false, 'closed stays closed');
            await assertFocusStayedOnPage(page);
            assert.deepEqual(page.problems, [], 'no script errors or dialogs in the page');
        },
    );

    test('a draft written before the chat started survives a reload', { skip }, async () => {
        const { w } = world;
        const page = await world.visitor();
        const ui = widget(page);
        await page.goto(w.demoUrl);
        await openChat(page);
        await ui.composer.fill('Do you ship to Norway?');
        await page.reload();
        await ui.dialog.waitFor({ state: 'visible' });
        await ui.composer.waitFor();
        assert.equal(await ui.composer.inputValue(), 'Do you ship to Norway?');
        assert.equal(await page.evaluate(() => document.activeElement === document.body), true, 'no focus taken');
        // A new tab of the same site starts closed (the open state belongs to the tab), with the draft.
        const other = await page.context().newPage();
        await other.goto(w.demoUrl);
        await other.waitForFunction(() => window.ChatWidget);
        assert.equal(await widget(other).dialog.isVisible(), false);
        await other.close();
        assert.deepEqual(page.problems, []);
    });
});
