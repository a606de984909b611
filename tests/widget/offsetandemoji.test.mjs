// Browser tests of two site settings and the emoji picker: `--launcher-offset` lifts the launcher
// (and the open card on a wide screen) clear of a page's own bottom bar, while a phone still gets
// the full-screen chat; the composer's emoji grid, loaded from the server when first opened,
// inserts at the caret and works from the keyboard; ":)" shortcuts become emoji when sent, only
// on a site that turns them on (`--emoji-shortcuts on`) and never inside a link.
// Run: cd widget && CHAT_SERVER_BIN=../build/server/chat-server npm run test:e2e
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serverUnderTest } from './helpers/server.mjs';
import { sharedWorld } from './helpers/suite.mjs';
import { openChat, sendFromWidget, waitInWidget, widget } from './helpers/browser.mjs';

const { bin: BIN, skip } = serverUnderTest();

const DESKTOP = { viewport: { width: 1280, height: 720 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** The class (or, without one, the tag) of the element focused inside the widget. */
function focused(page) {
    return page.evaluate(() => {
        const active = document.querySelector('#chat-widget-host').shadowRoot.activeElement;
        return active ? active.className || active.tagName.toLowerCase() : null;
    });
}

/** The text of the element focused inside the widget. */
function focusedText(page) {
    return page.evaluate(() => document.querySelector('#chat-widget-host').shadowRoot.activeElement?.textContent);
}

async function settled(page) {
    await waitInWidget(page, (root) => root.querySelector('.panel').getAnimations().length === 0);
}

/** The visitor sends `text`; resolves with the body the agent received. */
async function bodyAgentGets(page, agent, text) {
    const since = agent.mark();
    await sendFromWidget(page, text);
    const msg = await agent.waitFor((m) => m.type === 'message' && m.author?.role === 'visitor', { since });
    return msg.body;
}

describe('a site with a launcher offset and emoji shortcuts on', () => {
    const world = sharedWorld({
        skip,
        bin: BIN,
        site: { launcherOffset: '80,16', emojiShortcuts: true },
        agents: [{ name: 'Grace', maxChats: 10 }],
    });

    test(
        'the launcher and the open card keep the offset clear; a phone still gets the whole screen',
        { skip },
        async () => {
            const { w } = world;
            const page = await world.visitor(DESKTOP);
            const ui = widget(page);
            await page.goto(w.demoUrl);
            await openChat(page); // the first visit learns the site's settings
            await settled(page);
            const card = await ui.dialog.boundingBox();
            assert.equal(Math.round(card.y + card.height), 720 - 20 - 80, `card ${JSON.stringify(card)}`);
            assert.equal(Math.round(card.x + card.width), 1280 - 20 - 16);
            await ui.locator('header .close').click();
            const launcher = await ui.launcher.boundingBox();
            assert.equal(Math.round(launcher.y + launcher.height), 720 - 100, `launcher ${JSON.stringify(launcher)}`);
            assert.equal(Math.round(launcher.x + launcher.width), 1280 - 36);

            // The next page draws the launcher in its place at once, before connecting.
            await page.goto(`${w.demoUrl}&next=1`);
            await ui.launcher.waitFor();
            assert.deepEqual(await ui.launcher.boundingBox(), launcher);

            const phone = await world.visitor(PHONE);
            const phoneUi = widget(phone);
            await phone.goto(w.demoUrl);
            await openChat(phone);
            await settled(phone);
            assert.deepEqual(await phoneUi.dialog.boundingBox(), { x: 0, y: 0, width: 390, height: 844 });
            await phoneUi.locator('header .close').tap();
            const small = await phoneUi.launcher.boundingBox();
            assert.equal(Math.round(small.y + small.height), 844 - 100, `phone launcher ${JSON.stringify(small)}`);
            assert.equal(Math.round(small.x + small.width), 390 - 36);
            assert.deepEqual([...page.problems, ...phone.problems], []);
        },
    );

    test('shortcuts become emoji when the message is sent, not while typing, not inside links', { skip }, async () => {
        const { w, agent } = world;
        const page = await world.visitor();
        const ui = widget(page);
        await page.goto(w.demoUrl);
        await openChat(page);
        await ui.composer.fill('Thanks :) see https://shop.example/:D <3');
        assert.equal(await ui.composer.inputValue(), 'Thanks :) see https://shop.example/:D <3', 'typed text stays');
        const since = agent.mark();
        await ui.composer.press('Enter');
        const msg = await agent.waitFor((m) => m.type === 'message' && m.author?.role === 'visitor', {
            since,
        });
        assert.equal(msg.body, 'Thanks 🙂 see https://shop.example/:D ❤️');
        await ui.message('Thanks 🙂 see https://shop.example/:D ❤️').waitFor();
        assert.deepEqual(page.problems, []);
    });
});

describe('a site with the standard settings', () => {
    const world = sharedWorld({ skip, bin: BIN, agents: [{ name: 'Grace', maxChats: 10 }] });

    test('the launcher sits in its standard corner and shortcuts stay text', { skip }, async () => {
        const { w, agent } = world;
        const page = await world.visitor(DESKTOP);
        const ui = widget(page);
        await page.goto(w.demoUrl);
        await openChat(page);
        assert.equal(await bodyAgentGets(page, agent, 'Thanks :) <3'), 'Thanks :) <3');
        await ui.locator('header .close').click();
        const launcher = await ui.launcher.boundingBox();
        assert.equal(Math.round(launcher.y + launcher.height), 720 - 20);
        assert.equal(Math.round(launcher.x + launcher.width), 1280 - 20);
        assert.deepEqual(page.problems, []);
    });

    test('the emoji grid inserts at the caret, from the mouse and the keyboard', { skip }, async () => {
        const { w, agent } = world;
        const page = await world.visitor();
        const ui = widget(page);
        const grid = ui.locator('[role=grid]');
        const emojiButton = ui.locator('.emoji-btn');
        let fetched = 0;
        let chunk = 0; // the grid's code comes with the list, as a chunk of this build
        page.on('request', (r) => {
            const url = new URL(r.url());
            if (url.pathname === '/widget/data/emoji.json') fetched++;
            if (url.pathname === '/widget/chunks/emoji.js' && url.searchParams.get('v')) chunk++;
        });
        await page.goto(w.demoUrl);
        await openChat(page);
        assert.equal(fetched + chunk, 0, 'the emoji list and grid are not loaded until the grid opens');

        // mouse: the emoji goes where the caret is
        await ui.composer.fill('Hello world');
        await ui.composer.evaluate((t) => t.setSelectionRange(5, 5));
        await emojiButton.click();
        await grid.waitFor();
        assert.deepEqual([fetched, chunk], [1, 1]);
        assert.equal(await emojiButton.getAttribute('aria-expanded'), 'true');
        await grid.getByRole('gridcell', { name: '👍' }).click();
        await grid.waitFor({ state: 'hidden' });
        assert.equal(await ui.composer.inputValue(), 'Hello👍 world');
        assert.equal(await focused(page), 'textarea', 'focus back in the message box');
        assert.equal(await ui.composer.evaluate((t) => t.selectionStart), 'Hello👍'.length, 'caret after it');

        // keyboard: arrows move (one tab stop), Enter picks, Escape closes and returns focus
        await emojiButton.focus();
        await page.keyboard.press('Enter');
        await grid.waitFor();
        assert.equal(await focusedText(page), '😀', 'focus on the first emoji');
        await page.keyboard.press('Escape');
        await grid.waitFor({ state: 'hidden' });
        assert.equal(await focused(page), 'emoji-btn');
        assert.equal(await ui.dialog.isVisible(), true, 'Escape in the grid leaves the chat open');
        await page.keyboard.press('Enter');
        await grid.waitFor();
        const active = () => focusedText(page);
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowDown');
        assert.equal(await active(), '😊', 'second row, second column');
        await page.keyboard.press('End');
        await page.keyboard.press('ArrowLeft');
        await page.keyboard.press('Home');
        assert.equal(await active(), '😉');
        await page.keyboard.press('ArrowUp');
        assert.equal(await active(), '😀');
        await page.keyboard.press('ArrowUp');
        assert.equal(await active(), '😀', 'the first row is the top');
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('Enter');
        await grid.waitFor({ state: 'hidden' });
        assert.equal(await ui.composer.inputValue(), 'Hello👍😃 world');
        assert.equal(fetched, 1, 'loaded once');
        assert.equal(await bodyAgentGets(page, agent, await ui.composer.inputValue()), 'Hello👍😃 world');
        await ui.message('Hello👍😃 world').waitFor();

        // Tab leaves the grid and closes it
        await emojiButton.click();
        await grid.waitFor();
        await page.keyboard.press('Tab');
        await grid.waitFor({ state: 'hidden' });
        assert.deepEqual(page.problems, []);
    });
});
