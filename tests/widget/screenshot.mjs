// The README's widget screenshot, taken from the real thing: the real chat-server with a fresh
// database, the demo page it serves, a visitor typing in headless Chromium and a scripted agent
// answering over /ws/agent. Usage (from widget/):
//   CHAT_SERVER_BIN=../build/server/chat-server node ../tests/widget/screenshot.mjs [out.png]
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScriptedAgent } from './helpers/agent.mjs';
import { launchBrowser, newVisitorPage, openChat, sendFromWidget, widget } from './helpers/browser.mjs';
import { createWorld } from './helpers/server.mjs';

const bin = process.env.CHAT_SERVER_BIN;
if (!bin) {
    console.error('set CHAT_SERVER_BIN to the chat-server binary');
    process.exit(2);
}
const out = process.argv[2] || fileURLToPath(new URL('../../docs/screenshots/widget.png', import.meta.url));

const world = await createWorld({
    bin,
    site: {
        title: 'Northwind Coffee',
        greeting: 'Hi! Questions about our coffee? We are happy to help.',
        color: '#8b4513',
    },
    agents: [{ name: 'Grace' }],
});
const browser = await launchBrowser();
try {
    const agent = await ScriptedAgent.login(world.baseUrl, world.agents[0]);
    const page = await newVisitorPage(browser);
    await page.setViewportSize({ width: 1100, height: 720 });
    await page.goto(world.demoUrl);
    const ui = await openChat(page);

    await sendFromWidget(page, 'Hi! Which grind should I pick for a French press?');
    const first = await agent.waitForMessage('Hi! Which grind should I pick for a French press?');
    await agent.sendMessage(
        first.conversationId,
        'Hello! For a French press, choose "coarse". I can set that on your order.',
    );
    await ui.message('Hello! For a French press, choose "coarse". I can set that on your order.').waitFor();
    await sendFromWidget(page, 'Perfect, please do. <b>Thanks!</b>');
    await agent.waitForMessage('Perfect, please do. <b>Thanks!</b>');
    await ui.message('Perfect, please do. <b>Thanks!</b>').and(ui.locator('[data-state=sent]')).waitFor();
    agent.typing(first.conversationId, true);
    await ui.locator('.typing').filter({ hasText: 'Grace' }).waitFor();
    await ui.composer.fill('Also, do you ship to Norway?');

    await mkdir(dirname(out), { recursive: true });
    await page.screenshot({ path: out });
    console.log(`wrote ${out}`);
    await agent.close();
} finally {
    await browser.close();
    await world.dispose();
}
