// One browser, one chat server with its first agent signed in, shared by the tests of a
// describe() block; every visitor page opened through it is closed at the end.
import { after, before } from 'node:test';
import { ScriptedAgent } from './agent.mjs';
import { launchBrowser, newVisitorPage } from './browser.mjs';
import { createWorld } from './server.mjs';

/** Call inside describe(); read `w` and `agent` in the tests (they exist once `before` ran). */
export function sharedWorld({ skip, bin, site, agents }) {
    const shared = { browser: null, w: null, agent: null };
    const pages = [];
    before(async () => {
        if (skip) return;
        shared.browser = await launchBrowser();
        shared.w = await createWorld({ bin, site, agents });
        shared.agent = await ScriptedAgent.login(shared.w.baseUrl, shared.w.agents[0]);
    });
    after(async () => {
        for (const page of pages) await page.context().close();
        await shared.agent?.close().catch(() => {});
        await shared.w?.dispose();
        await shared.browser?.close();
    });
    /** A new visitor (its own browser context) with `options` for the context. */
    shared.visitor = async (options) => {
        const page = await newVisitorPage(shared.browser, options);
        pages.push(page);
        return page;
    };
    return shared;
}
