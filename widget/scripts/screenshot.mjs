// Screenshot of the widget with its panel open, on the demo page, without a server: the
// page's WebSocket is replaced by a scripted chat.v1 peer. Writes docs/screenshots/widget.png
// (or the path given as the first argument).
import { createRequire } from 'node:module';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const root = fileURLToPath(new URL('..', import.meta.url));
const out = process.argv[2] || fileURLToPath(new URL('../../docs/screenshots/widget.png', import.meta.url));

function fakeServer() {
    const now = Date.now();
    const conv = { id: 'c1', status: 'assigned', agent: { id: 'a1', name: 'Grace' }, lastSeq: 3 };
    const history = [
        {
            seq: 1,
            clientId: 'v1',
            author: { role: 'visitor' },
            body: 'Hi! Which grind should I pick for a French press?',
            at: now - 240000,
        },
        {
            seq: 2,
            clientId: 'a1',
            author: { role: 'agent', id: 'a1', name: 'Grace' },
            body: 'Hello! For a French press, choose "coarse". I can set that on your order.',
            at: now - 180000,
        },
        {
            seq: 3,
            clientId: 'v2',
            author: { role: 'visitor' },
            body: 'Perfect, please do. <b>Thanks!</b>',
            at: now - 60000,
        },
    ];
    class ScriptedSocket {
        constructor(url, protocol) {
            this.url = url;
            this.protocol = protocol;
            this.readyState = 0;
            setTimeout(() => {
                this.readyState = 1;
                this.onopen && this.onopen();
            });
        }
        reply(obj) {
            setTimeout(() => this.onmessage && this.onmessage({ data: JSON.stringify(obj) }));
        }
        send(data) {
            const msg = JSON.parse(data);
            if (msg.type === 'hello') {
                this.reply({
                    type: 'welcome',
                    visitorId: 'v',
                    visitorToken: 'tok',
                    agentsOnline: true,
                    conversations: [conv],
                    site: {
                        id: 's',
                        name: 'Northwind Coffee',
                        title: 'Northwind Coffee',
                        greeting: 'Hi! Questions about our coffee? We are happy to help.',
                        color: '#8a4b1c',
                        position: 'right',
                        preChatForm: false,
                        offlineForm: true,
                    },
                });
            } else if (msg.type === 'history.fetch') {
                this.reply({
                    type: 'history',
                    rid: msg.rid,
                    conversationId: 'c1',
                    messages: history.filter((m) => m.seq > (msg.afterSeq || 0)),
                    hasMore: false,
                });
                this.reply({ type: 'typing', conversationId: 'c1', role: 'agent', name: 'Grace', active: true });
            } else if (msg.type === 'ping') {
                this.reply({ type: 'pong', rid: msg.rid });
            }
        }
        close() {}
    }
    window.WebSocket = ScriptedSocket;
    localStorage.setItem('chatw:sk_demo:token', 'tok');
    localStorage.setItem('chatw:sk_demo:conv', 'c1');
}

const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
    ],
});
try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    const demo = (await readFile(`${root}demo.html`, 'utf8')).replaceAll('{{SITE_KEY}}', 'sk_demo');
    const widgetJs = await readFile(`${root}dist/widget.js`, 'utf8');
    await page.route('http://shop.test/**', (route) => {
        const path = new URL(route.request().url()).pathname;
        if (path === '/widget.js') return route.fulfill({ contentType: 'text/javascript', body: widgetJs });
        return route.fulfill({ contentType: 'text/html', body: demo });
    });
    await page.addInitScript(fakeServer);
    await page.goto('http://shop.test/demo');
    await page.locator('#chat-widget-host button.launcher').click();
    await page.locator('#chat-widget-host .typing').filter({ hasText: 'Grace' }).waitFor();
    await page.locator('#chat-widget-host .msg[data-seq="3"]').waitFor();
    await page.locator('#chat-widget-host textarea').fill('Also, do you ship to Norway?');
    await mkdir(dirname(out), { recursive: true });
    await page.screenshot({ path: out });
    console.log(`wrote ${out}`);
} finally {
    await browser.close();
}
