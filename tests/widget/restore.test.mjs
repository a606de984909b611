// Browser test of the widget across a restore of the server's database (docs/operations.md,
// "Restore"): the restored copy hands out seq numbers the visitor has seen already, and the
// widget, seeing a new epoch in welcome, refetches instead of dropping those messages.
// Run: cd widget && CHAT_SERVER_BIN=../build/server/chat-server npm run test:e2e
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createWorld, runCli, serverUnderTest } from './helpers/server.mjs';
import { ScriptedAgent } from './helpers/agent.mjs';
import { chatWithAgent, launchBrowser, newVisitorPage, widget } from './helpers/browser.mjs';

const { bin: BIN, skip } = serverUnderTest();

describe('website widget across a database restore', () => {
    let browser;
    let w;
    const agents = [];

    before(async () => {
        if (!skip) browser = await launchBrowser();
    });
    after(async () => {
        for (const agent of agents) await agent.close().catch(() => {});
        await w?.dispose();
        await browser?.close();
    });

    /** Grace signed in, with the conversation assigned to her again. */
    async function grace(conversationId) {
        const agent = await ScriptedAgent.login(w.baseUrl, w.agents[0]);
        agents.push(agent);
        if (!agent.snapshot.mine.some((c) => c.id === conversationId))
            await agent.waitForConversation((c) => c.id === conversationId && c.agent?.id === agent.me.id);
        return agent;
    }

    test('the visitor sees new agent messages whose seq it saw before the restore', { skip }, async () => {
        w = await createWorld({ bin: BIN, agents: [{ name: 'Grace' }] });
        const backup = `${w.server.db}.backup`;
        let agent = await ScriptedAgent.login(w.baseUrl, w.agents[0]);
        agents.push(agent);
        const page = await newVisitorPage(browser);
        const ui = widget(page);
        const conversationId = await chatWithAgent(page, w.demoUrl, agent, 'before the backup');

        // The backup: a copy of the cleanly stopped database.
        await w.server.stop('SIGTERM');
        assert.ok(!existsSync(`${w.server.db}-wal`), 'a clean stop leaves no journal');
        await copyFile(w.server.db, backup);
        await w.server.start();
        agent = await grace(conversationId);
        let highestSeen = 0;
        // Five: the restored server may add system lines before the agent writes again (a
        // slow restart outlasts the agent's grace: "… left", then "… joined"), and its new
        // messages must still take seq numbers the visitor has seen.
        for (const body of ['lost 1', 'lost 2', 'lost 3', 'lost 4', 'lost 5']) {
            highestSeen = (await agent.sendMessage(conversationId, body)).seq;
            await ui.message(body).waitFor();
        }

        await w.server.stop('SIGTERM');
        await runCli(BIN, ['restore', '--db', w.server.db, backup]);
        await w.server.start();
        await ui.status.filter({ hasText: 'Reconnecting' }).waitFor({ state: 'hidden', timeout: 40000 });
        agent = await grace(conversationId);
        const sent = [];
        for (const body of ['after the restore 1', 'after the restore 2']) {
            sent.push((await agent.sendMessage(conversationId, body)).seq);
            await ui.message(body).waitFor();
        }
        assert.ok(
            // (How many lines the backup holds depends on the machine's speed: a slow shutdown
            // can outlast the agent's grace and add system lines; only this comparison holds.)
            sent.every((seq) => seq <= highestSeen),
            `the restored server hands out seq numbers seen before (${sent}; seen up to ${highestSeen})`,
        );
        assert.equal(await ui.message('lost 1').count(), 0, 'the widget shows what the server holds');
        assert.equal(await ui.message('before the backup').count(), 1);
        assert.deepEqual(page.problems, [], 'no script errors or dialogs in the page');
    });
});
