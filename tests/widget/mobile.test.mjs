// Browser tests of the widget on a phone and on page load: below 600 px the open panel fills
// the screen with 16 px inputs (no iOS zoom) and the page behind does not scroll; text on the
// site's colour is chosen by contrast; loading the widget, even for a returning visitor whose
// chat reconnects at once, leaves the page's focus where it was.
// Run: cd widget && CHAT_SERVER_BIN=../build/server/chat-server npm run test:e2e
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serverUnderTest } from './helpers/server.mjs';
import { sharedWorld } from './helpers/suite.mjs';
import { chatWithAgent, openChat, sendFromWidget, waitInWidget, widget } from './helpers/browser.mjs';
import { contrastRatio } from '../../widget/src/contrast.js';

const { bin: BIN, skip } = serverUnderTest();

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const YELLOW = '#ffd33d';

/** '#rrggbb' of a computed 'rgb(r, g, b)'. */
function hex(rgb) {
    const parts = rgb.match(/\d+/g).slice(0, 3).map(Number);
    return `#${parts.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** Computed text and background colours of the widget element matching `css`. */
function colours(page, css) {
    return page.evaluate((selector) => {
        const node = document.querySelector('#chat-widget-host').shadowRoot.querySelector(selector);
        const style = getComputedStyle(node);
        return { color: style.color, background: style.backgroundColor };
    }, css);
}

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
        window.focusedBeforeWidget = !window.__chatWidgetLoaded;
    }).observe(document, { childList: true, subtree: true });
}

describe('website widget on phones, in brand colours and on page load', () => {
    const world = sharedWorld({ skip, bin: BIN, site: { color: YELLOW }, agents: [{ name: 'Grace', maxChats: 10 }] });
    const visitor = (options) => world.visitor(options);

    test('on a phone the open chat fills the screen and the page behind stays still', { skip }, async () => {
        const { w, agent } = world;
        const page = await visitor(PHONE);
        const ui = widget(page);
        await page.goto(w.demoUrl);
        await ui.launcher.waitFor();
        assert.ok(await page.evaluate(() => document.documentElement.scrollHeight > innerHeight), 'the page scrolls');
        // Closed: only the launcher, in the corner.
        assert.equal(await ui.dialog.count(), 0);
        const launcher = await ui.launcher.boundingBox();
        assert.ok(launcher.width <= 56 && launcher.x + launcher.width <= 390 && launcher.y + launcher.height <= 844);

        await ui.launcher.tap();
        await ui.dialog.waitFor();
        await ui.composer.waitFor();
        // measured once the panel's opening animation (8 px upwards) has played
        await waitInWidget(page, (root) => root.querySelector('.panel').getAnimations().length === 0);
        assert.deepEqual(await ui.dialog.boundingBox(), { x: 0, y: 0, width: 390, height: 844 });
        const card = await page.evaluate(() => {
            const panel = document.querySelector('#chat-widget-host').shadowRoot.querySelector('.panel');
            return getComputedStyle(panel).borderRadius;
        });
        assert.equal(card, '0px', 'no rounded floating card');
        assert.equal(await ui.launcher.isVisible(), false);
        const close = await ui.locator('header .close').boundingBox();
        assert.ok(
            close.y >= 0 && close.x + close.width <= 390,
            `the close button is on screen: ${JSON.stringify(close)}`,
        );
        const composer = await ui.composer.boundingBox();
        assert.ok(composer.y + composer.height <= 844, `the composer is on screen: ${JSON.stringify(composer)}`);
        const fontSize = await ui.composer.evaluate((node) => parseFloat(getComputedStyle(node).fontSize));
        assert.ok(fontSize >= 16, `the composer's font is ${fontSize}px: iOS zooms in below 16px`);

        // The page does not scroll under the chat; its own style comes back on close.
        const overflow = () => page.evaluate(() => getComputedStyle(document.documentElement).overflow);
        assert.equal(await overflow(), 'hidden');
        await ui.locator('header .close').tap();
        await ui.dialog.waitFor({ state: 'hidden' });
        await ui.launcher.waitFor();
        assert.equal(await overflow(), 'visible');
        assert.equal(await page.evaluate(() => document.documentElement.getAttribute('style')), null);
        await page.evaluate(() => (document.documentElement.style.overflow = 'scroll'));
        await ui.launcher.tap();
        await ui.dialog.waitFor();
        assert.equal(await overflow(), 'hidden');
        await ui.locator('header .close').tap();
        await ui.dialog.waitFor({ state: 'hidden' });
        assert.equal(await page.evaluate(() => document.documentElement.getAttribute('style')), 'overflow: scroll;');

        // Turned sideways (844 px wide): a floating card again, and the page scrolls.
        await ui.launcher.tap();
        await ui.dialog.waitFor();
        await page.setViewportSize({ width: 844, height: 390 });
        await page.waitForFunction(() => getComputedStyle(document.documentElement).overflow === 'scroll');
        const card2 = await ui.dialog.boundingBox();
        assert.ok(card2.width <= 370.5 && card2.x > 0, `a card on a wide screen: ${JSON.stringify(card2)}`);
        assert.deepEqual(page.problems, [], 'no script errors or dialogs in the page');
    });

    test('on a light brand colour the text on it is dark, at least 4.5:1', { skip }, async () => {
        const { w, agent } = world;
        const page = await visitor(PHONE);
        const ui = widget(page);
        await page.goto(w.demoUrl);
        await openChat(page);
        await sendFromWidget(page, 'yellow is our colour');
        await ui.message('yellow is our colour').waitFor();
        for (const css of [
            'header',
            'header h2',
            'header .sub',
            'header .close',
            '.msg.visitor',
            '.msg.visitor .meta',
            '.send',
        ]) {
            const { color } = await colours(page, css);
            assert.equal(hex((await colours(page, css === '.send' ? css : css.split(' ')[0])).background), YELLOW, css);
            const ratio = contrastRatio(hex(color), YELLOW);
            assert.ok(ratio >= 4.5, `${css}: ${color} on ${YELLOW} is ${ratio.toFixed(2)}:1`);
        }
        await ui.locator('header .close').tap();
        await ui.launcher.waitFor();
        const launcher = await colours(page, '.launcher');
        assert.equal(hex(launcher.background), YELLOW);
        assert.ok(contrastRatio(hex(launcher.color), YELLOW) >= 4.5, `launcher icon ${launcher.color}`);
        assert.deepEqual(page.problems, [], 'no script errors or dialogs in the page');
    });

    test(
        'loading the widget leaves focus on the page, also when an open chat reconnects at once',
        { skip },
        async () => {
            const { w, agent } = world;
            // A first visit: the widget draws its launcher and takes no focus.
            const page = await visitor();
            const ui = widget(page);
            await page.goto(w.demoUrl);
            await page.waitForFunction(() => window.ChatWidget);
            await ui.launcher.waitFor();
            assert.equal(await page.evaluate(() => document.activeElement === document.body), true);

            // A returning visitor with an open chat, on a page that focuses its own input early.
            const conversationId = await chatWithAgent(page, w.demoUrl, agent, 'Hello, how can I help?');
            await ui.locator('header .close').click();
            await page.addInitScript(focusAnInputFirst);
            const since = agent.mark();
            await page.goto(`${w.demoUrl}&step=2`);
            // connected at once, before any click: the agent sees the new page and can write
            await agent.waitForConversation(
                (c) => c.id === conversationId && /step=2/.test(c.visitor?.page?.url || ''),
                {
                    since,
                },
            );
            await agent.sendMessage(conversationId, 'Still there?');
            await ui.badge.filter({ hasText: '1' }).waitFor();
            assert.equal(await page.evaluate(() => window.focusedBeforeWidget), true, 'the page focused first');
            assert.equal(await page.evaluate(() => document.activeElement.id), 'page-input');
            assert.deepEqual(await page.evaluate(() => window.focusMoves), ['page-input'], 'nothing else took focus');
            assert.equal(await ui.dialog.isVisible(), false);
            assert.deepEqual(page.problems, [], 'no script errors or dialogs in the page');

            // On a wide screen the open chat stays a floating card.
            await ui.launcher.click();
            await ui.message('Still there?').waitFor();
            const card = await ui.dialog.boundingBox();
            assert.ok(card.width <= 370.5 && card.height <= 560.5, `a card: ${JSON.stringify(card)}`); // sub-pixel layout
        },
    );
});
