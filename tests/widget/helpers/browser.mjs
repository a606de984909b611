// Debian's Chromium driven by playwright-core (no downloaded browser builds here), and
// helpers to reach into the widget's open shadow root. Playwright CSS and role locators
// pierce open shadow roots, so tests use them; waits are on selectors and page state.
import { chromium } from './deps.mjs';

export const CHROMIUM_ARGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
];

export function launchBrowser() {
    return chromium.launch({
        executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
        headless: true, // with launch(), Playwright adds --headless and a fresh temporary profile
        args: CHROMIUM_ARGS,
    });
}

/**
 * Opens a page in a fresh context (own localStorage) and collects page errors, dialogs and CSP
 * blocks. Other options go to the context (a phone's `viewport`, `isMobile`, `hasTouch`).
 */
export async function newVisitorPage(browser, { locale = 'en-US', ...contextOptions } = {}) {
    const context = await browser.newContext({ acceptDownloads: true, locale, ...contextOptions });
    const page = await context.newPage();
    page.problems = [];
    page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
    // What the page's Content-Security-Policy blocked is reported on the console.
    page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) page.problems.push(`csp: ${m.text()}`);
    });
    page.on('dialog', (d) => {
        page.problems.push(`dialog: ${d.message()}`);
        d.dismiss().catch(() => {});
    });
    return page;
}

export function widget(page) {
    const host = page.locator('#chat-widget-host');
    return {
        launcher: host.locator('button.launcher'),
        badge: host.locator('.badge'),
        dialog: host.locator('[role=dialog]'),
        log: host.locator('[role=log]'),
        composer: host.locator('.composer textarea'),
        status: host.locator('.status'),
        queue: host.locator('.queue'),
        typing: host.locator('.typing'),
        title: host.locator('header h2'),
        locator: (css) => host.locator(css),
        /** The message bubble whose text is exactly `body`. */
        message: (body) => host.locator('.msg').filter({ has: page.locator('.text', { hasText: exact(body) }) }),
    };
}

function exact(text) {
    return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/**
 * Waits until `fn(shadowRoot)` is truthy inside the page. `fn` is handed to Playwright as it
 * is, never rebuilt from its source inside the page: the demo page's Content-Security-Policy
 * forbids eval, so a predicate compiled there fails as soon as it has to be polled.
 */
export async function waitInWidget(page, fn) {
    const host = await page.waitForSelector('#chat-widget-host', { state: 'attached' });
    const root = await host.evaluateHandle((h) => h.shadowRoot);
    try {
        return await page.waitForFunction(fn, root);
    } finally {
        await root.dispose();
    }
}

export async function openChat(page) {
    const w = widget(page);
    await w.launcher.click();
    await w.dialog.waitFor({ state: 'visible' });
    return w;
}

export async function sendFromWidget(page, text) {
    const w = widget(page);
    await w.composer.fill(text);
    await w.composer.press('Enter');
}

/**
 * The visitor opens the widget on the demo page and says hello; `agent` (a ScriptedAgent that
 * gets the chat) answers with `answer`, shown in the widget. Returns the conversation's id.
 */
export async function chatWithAgent(page, demoUrl, agent, answer) {
    await page.goto(demoUrl);
    await openChat(page);
    await sendFromWidget(page, 'hello');
    const { conversationId } = await agent.waitForMessage('hello');
    await agent.sendMessage(conversationId, answer);
    await widget(page).message(answer).waitFor();
    return conversationId;
}
