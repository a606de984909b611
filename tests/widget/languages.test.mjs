// Browser tests of the widget's languages: the visitor's browser language wins over the page's
// and is fetched once per browser session; a language the site forces (`site set --language`)
// wins over both, also when it arrives with the open chat; Arabic lays the widget out right to
// left; a language file that cannot be fetched leaves a working English widget.
// Run: cd widget && CHAT_SERVER_BIN=../build/server/chat-server npm run test:e2e
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, serverUnderTest } from './helpers/server.mjs';
import { sharedWorld } from './helpers/suite.mjs';
import { openChat, sendFromWidget, waitInWidget, widget } from './helpers/browser.mjs';

const { bin: BIN, skip } = serverUnderTest();

const LANGUAGE_FILES = '**/widget/data/lang-*.json*';

/** Every language file the page asks the server for, as 'lang-xx'. */
function recordLanguageFetches(page) {
    const fetched = [];
    page.on('request', (request) => {
        const match = request.url().match(/\/widget\/data\/(lang-[a-z-]+)\.json/);
        if (match) fetched.push(match[1]);
    });
    return fetched;
}

/** The widget's root direction and language, as the shadow DOM has them. */
function rootAttributes(page) {
    return page.evaluate(() => {
        const root = document.querySelector('#chat-widget-host').shadowRoot.querySelector('.root');
        return { dir: root.getAttribute('dir'), lang: root.getAttribute('lang') };
    });
}

describe('website widget in the visitor’s language', () => {
    const world = sharedWorld({ skip, bin: BIN, agents: [{ name: 'Grace', maxChats: 10 }] });
    const setLanguage = (code) =>
        runCli(BIN, ['site', 'set', '--db', world.w.server.db, '--key', world.w.siteKey, '--language', code]);

    test('a German browser on an English page gets German, fetched once per session', { skip }, async () => {
        const { w } = world;
        const page = await world.visitor({ locale: 'de-DE' });
        const fetched = recordLanguageFetches(page);
        const ui = widget(page);
        await page.goto(w.demoUrl);
        assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
        await ui.locator('button.launcher[aria-label="Chat öffnen"]').waitFor();
        assert.deepEqual(await rootAttributes(page), { dir: 'ltr', lang: 'de' });
        await openChat(page);
        await ui.locator('.composer textarea[placeholder="Nachricht schreiben…"]').waitFor();
        assert.equal(await ui.locator('.send').getAttribute('aria-label'), 'Senden');
        assert.equal(await ui.locator('header .close').getAttribute('aria-label'), 'Chat schließen');
        assert.deepEqual(fetched, ['lang-de']);

        // The next page of the session has German at once, without asking again.
        // (the chat stays open from page to page, so the launcher is there but hidden)
        await page.goto(`${w.demoUrl}&page=2`);
        await ui.launcher.waitFor({ state: 'attached' });
        assert.equal(await ui.launcher.getAttribute('aria-label'), 'Chat öffnen');
        assert.equal(await ui.locator('header .close').getAttribute('aria-label'), 'Chat schließen');
        assert.deepEqual(fetched, ['lang-de']);
        assert.deepEqual(page.problems, [], 'no script errors or dialogs in the page');
    });

    test('the language the site sets wins over the browser’s, in place once it arrives', { skip }, async () => {
        const { w } = world;
        await setLanguage('fr');
        try {
            const page = await world.visitor({ locale: 'de-DE' });
            const ui = widget(page);
            // French is held back until the visitor has typed into the German chat.
            let release;
            const held = new Promise((resolve) => (release = resolve));
            await page.route('**/widget/data/lang-fr.json*', async (route) => {
                await held;
                await route.continue();
            });
            await page.goto(w.demoUrl);
            await ui.locator('button.launcher[aria-label="Chat öffnen"]').waitFor();
            await openChat(page);
            await ui.locator('.composer textarea[placeholder="Nachricht schreiben…"]').waitFor();
            await ui.composer.fill('Bonjour, ma commande');
            release();
            await ui.locator('.composer textarea[placeholder="Écrivez un message…"]').waitFor();
            assert.equal(await ui.composer.inputValue(), 'Bonjour, ma commande', 'the draft stays');
            assert.deepEqual(await rootAttributes(page), { dir: 'ltr', lang: 'fr' });
            assert.equal(await ui.locator('header .close').getAttribute('aria-label'), 'Fermer le chat');
            await ui.composer.press('Enter');
            await ui.message('Bonjour, ma commande').waitFor();
            await ui.locator('.msg.visitor .meta', { hasText: 'Envoyé' }).waitFor();

            // The next page knows the setting and has the file: French from the start.
            await page.goto(`${w.demoUrl}&page=2`);
            await ui.launcher.waitFor({ state: 'attached' }); // hidden: the chat stays open
            assert.equal(await ui.launcher.getAttribute('aria-label'), 'Ouvrir le chat');
            assert.equal(await ui.locator('header .close').getAttribute('aria-label'), 'Fermer le chat');
            assert.deepEqual(page.problems, [], 'no script errors or dialogs in the page');
        } finally {
            await setLanguage('');
        }
    });

    test('Arabic is laid out right to left', { skip }, async () => {
        const { w, agent } = world;
        const page = await world.visitor({ locale: 'ar-EG', viewport: { width: 1000, height: 700 } });
        const ui = widget(page);
        const since = agent.mark();
        await page.goto(w.demoUrl);
        await ui.locator('button.launcher[aria-label="فتح المحادثة"]').waitFor();
        await openChat(page);
        await ui.locator('.composer textarea[placeholder="اكتب رسالة…"]').waitFor();
        assert.deepEqual(await rootAttributes(page), { dir: 'rtl', lang: 'ar' });
        await sendFromWidget(page, 'مرحبا، أين طلبي؟');
        const { conversationId } = await agent.waitForMessage('مرحبا، أين طلبي؟', { since });
        await agent.sendMessage(conversationId, 'Hello! Let me check.');
        await ui.message('Hello! Let me check.').waitFor();
        await waitInWidget(page, (root) => root.querySelector('.panel').getAnimations().length === 0);

        const box = async (css) => ui.locator(css).first().boundingBox();
        const composer = await box('.composer');
        const send = await box('.send');
        const textarea = await box('.composer textarea');
        assert.ok(
            send.x + send.width <= textarea.x,
            `the send button is left of the text: ${JSON.stringify({ send, textarea })}`,
        );
        assert.ok(
            send.x - composer.x < 20,
            `the send button starts the composer: ${JSON.stringify({ send, composer })}`,
        );
        const log = await box('.log');
        const mine = await box('.msg.visitor');
        const theirs = await box('.msg.agent:not(.greeting)');
        assert.ok(mine.x - log.x < 20, `the visitor's bubble is on the left: ${JSON.stringify({ mine, log })}`);
        assert.ok(
            log.x + log.width - (theirs.x + theirs.width) < 20,
            `the agent's bubble is on the right: ${JSON.stringify({ theirs, log })}`,
        );
        const header = await box('header');
        const close = await box('header .close');
        const title = await box('header h2');
        assert.ok(
            close.x - header.x < 20 && title.x > close.x,
            `close is on the left: ${JSON.stringify({ close, title })}`,
        );
        const flipped = await ui.locator('.send svg').evaluate((svg) => getComputedStyle(svg).transform);
        assert.equal(flipped, 'matrix(-1, 0, 0, 1, 0, 0)', 'the send arrow points left');
        if (process.env.CHAT_LANGUAGE_SCREENSHOT) await page.screenshot({ path: process.env.CHAT_LANGUAGE_SCREENSHOT });
        assert.deepEqual(page.problems, [], 'no script errors or dialogs in the page');
    });

    test('a language file that cannot be fetched leaves the widget in English, working', { skip }, async () => {
        const { w, agent } = world;
        const page = await world.visitor({ locale: 'fr-FR' });
        const ui = widget(page);
        await page.route(LANGUAGE_FILES, (route) => route.abort('connectionrefused'));
        const failed = page.waitForEvent('requestfailed', (request) => /lang-fr\.json/.test(request.url()));
        const since = agent.mark();
        await page.goto(w.demoUrl);
        await failed;
        await ui.launcher.waitFor();
        assert.equal(await ui.launcher.getAttribute('aria-label'), 'Open chat');
        await openChat(page);
        assert.equal(await ui.composer.getAttribute('placeholder'), 'Write a message…');
        await sendFromWidget(page, 'Is the shop open on Sunday?');
        const { conversationId } = await agent.waitForMessage('Is the shop open on Sunday?', { since });
        await agent.sendMessage(conversationId, 'Yes, from ten.');
        await ui.message('Yes, from ten.').waitFor();
        assert.deepEqual(await rootAttributes(page), { dir: 'ltr', lang: 'en' });
        assert.deepEqual(page.problems, [], 'no script errors or dialogs in the page');
    });
});
