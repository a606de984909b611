// Browser tests of ending a chat and of the launcher's message preview: "End chat" asks first
// ("Keep chatting" and Escape leave the chat open on the server), and after the end the
// conversation keeps most of the panel, on a desktop and on a phone; while the panel is closed an
// agent's message shows beside the launcher as text, opens the chat on click and can be hidden.
// Run: cd widget && CHAT_SERVER_BIN=../build/server/chat-server npm run test:e2e
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serverUnderTest } from './helpers/server.mjs';
import { sharedWorld } from './helpers/suite.mjs';
import { openChat, sendFromWidget, widget } from './helpers/browser.mjs';

const { bin: BIN, skip } = serverUnderTest();

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const LINES = ['My parcel has not arrived.', 'Order 4711, sent last Monday.', 'It said two days.'];
const ANSWERS = ['Let me look.', 'It is at the depot.', 'It goes out again tomorrow.', 'Sorry for the wait!'];

/** Heights of the panel, the message log and the area below it, from the rendered page. */
function layout(page) {
    return page.evaluate(() => {
        const root = document.querySelector('#chat-widget-host').shadowRoot;
        const height = (css) => root.querySelector(css)?.getBoundingClientRect().height ?? 0;
        const log = root.querySelector('.log');
        return {
            atEnd: log.scrollHeight - log.scrollTop - log.clientHeight < 2,
            panel: height('.panel'),
            log: height('.log'),
            closed: height('.closed'),
            scrollable: log.scrollHeight > log.clientHeight,
            viewport: window.innerHeight,
        };
    });
}

/** The class (or, without one, the text) of the element focused inside the widget. */
function focused(page) {
    return page.evaluate(() => {
        const active = document.querySelector('#chat-widget-host').shadowRoot.activeElement;
        return active ? active.className || active.textContent : null;
    });
}

/**
 * The visitor says hello and `agent` answers, as chatWithAgent does, waiting only for what arrives
 * from now on (each test's visitor writes the same lines). Returns the conversation's id.
 */
async function startChat(page, w, agent) {
    const since = agent.mark();
    await page.goto(w.demoUrl);
    await openChat(page);
    await sendFromWidget(page, 'hello');
    const { conversationId } = await agent.waitForMessage('hello', { since });
    await agent.sendMessage(conversationId, 'Hello, this is Grace.');
    await widget(page).message('Hello, this is Grace.').waitFor();
    return conversationId;
}

/** A chat with a few messages each way, so the log has something to scroll. */
async function longChat(page, w, agent) {
    const conversationId = await startChat(page, w, agent);
    const ui = widget(page);
    for (let i = 0; i < ANSWERS.length; i++) {
        const since = agent.mark();
        if (LINES[i]) await sendFromWidget(page, LINES[i]);
        if (LINES[i]) await agent.waitForMessage(LINES[i], { since });
        await agent.sendMessage(conversationId, ANSWERS[i]);
        await ui.message(ANSWERS[i]).waitFor();
    }
    return conversationId;
}

async function assertWholeConversation(ui) {
    for (const body of ['hello', 'Hello, this is Grace.', ...LINES, ...ANSWERS]) {
        assert.equal(await ui.message(body).count(), 1, `"${body}" is still in the log`);
    }
}

function closedBy(agent, conversationId, since) {
    return agent.waitForConversation((c) => c.id === conversationId && c.status === 'closed', { since });
}

describe('website widget: ending a chat, and the launcher preview', () => {
    const world = sharedWorld({ skip, bin: BIN, agents: [{ name: 'Grace', maxChats: 10 }] });
    const visitor = (options) => world.visitor(options);

    test(
        '"End chat" asks first; keeping the chat leaves it open, confirming closes it and the log stays readable',
        {
            skip,
        },
        async () => {
            const { w, agent } = world;
            const page = await visitor();
            const conversationId = await longChat(page, w, agent);
            const ui = widget(page);
            const endButton = ui.locator('header button.end');
            const confirm = ui.locator('.confirm');
            const since = agent.mark();

            // "Keep chatting": nothing is sent, the chat goes on
            await endButton.click();
            await confirm.waitFor();
            assert.equal(await confirm.getAttribute('role'), 'group');
            assert.match(await confirm.innerText(), /End this chat\?/);
            assert.equal(await focused(page), 'secondary keep', 'focus on the choice that loses nothing');
            assert.equal(await ui.composer.isVisible(), false, 'the question takes the composer’s place');
            await confirm.getByRole('button', { name: 'Keep chatting' }).click();
            await confirm.waitFor({ state: 'hidden' });
            await ui.composer.waitFor();
            assert.equal(await focused(page), 'hbtn end', 'focus back on "End chat"');
            await agent.sendMessage(conversationId, 'Still with you.');
            await ui.message('Still with you.').waitFor(); // open on the server

            // from the keyboard: Enter asks, Escape keeps chatting and leaves the panel open
            await endButton.focus();
            await page.keyboard.press('Enter');
            await confirm.waitFor();
            await page.keyboard.press('Escape');
            await confirm.waitFor({ state: 'hidden' });
            assert.equal(await ui.dialog.isVisible(), true, 'Escape in the question does not close the panel');
            assert.equal(await focused(page), 'hbtn end');
            assert.equal(
                agent.received.slice(since).filter((m) => m.conversation?.status === 'closed').length,
                0,
                'the chat is still open on the server',
            );

            // confirming ends it
            await endButton.click();
            await confirm.getByRole('button', { name: 'End chat' }).click();
            await closedBy(agent, conversationId, since);
            await ui.locator('form.rating').waitFor();
            assert.equal(await focused(page), 'Good', 'focus moves to the rating');
            await assertWholeConversation(ui);
            await ui.message('Still with you.').waitFor();

            const closed = await layout(page);
            assert.ok(closed.log >= 0.55 * closed.panel, `log ${closed.log} px of a ${closed.panel} px panel`);
            assert.ok(closed.closed <= 0.4 * closed.panel, `rating area ${closed.closed} px of ${closed.panel} px`);
            assert.ok(closed.scrollable, 'the log scrolls');
            assert.ok(closed.atEnd, 'the newest lines stay in view');
            await ui.log.evaluate((log) => (log.scrollTop = 0));
            await ui.message('hello').waitFor(); // the first line can be scrolled to
            assert.ok(await ui.message('hello').isVisible());

            // the comment field opens once a rating is chosen; the log keeps its room
            const rating = ui.locator('form.rating');
            assert.equal(await rating.getByLabel('Comment (optional)').isVisible(), false);
            await rating.getByRole('button', { name: 'Good' }).click();
            await rating.getByLabel('Comment (optional)').fill('Quick and kind');
            const rated = await layout(page);
            assert.ok(
                rated.log >= 0.55 * rated.panel,
                `log ${rated.log} px of ${rated.panel} px with the comment open`,
            );
            await rating.getByRole('button', { name: 'Send feedback' }).click();
            await ui.locator('.thanks').waitFor();
            assert.deepEqual(page.problems, [], 'no script errors or dialogs in the page');
        },
    );

    test('on a phone the conversation keeps most of the screen after the agent ends the chat', { skip }, async () => {
        const { w, agent } = world;
        const page = await visitor(PHONE);
        const conversationId = await longChat(page, w, agent);
        const ui = widget(page);
        await agent.closeConversation(conversationId);
        await ui.locator('form.rating').waitFor();
        assert.equal(await ui.locator('.confirm').isVisible(), false);
        await assertWholeConversation(ui);
        const closed = await layout(page);
        assert.equal(Math.round(closed.panel), closed.viewport, 'the chat fills the screen');
        assert.ok(closed.log >= 0.55 * closed.panel, `log ${closed.log} px of a ${closed.panel} px panel`);
        assert.ok(closed.closed <= 0.4 * closed.panel, `rating area ${closed.closed} px of ${closed.panel} px`);
        assert.deepEqual(page.problems, []);
    });

    test('a closed panel previews the newest agent message as text; a click opens the chat', { skip }, async () => {
        const { w, agent } = world;
        const page = await visitor();
        const conversationId = await startChat(page, w, agent);
        const ui = widget(page);
        const bubble = ui.locator('.preview');
        assert.equal(await bubble.count(), 0, 'no preview while the panel is open');
        await ui.locator('button.close').click();
        assert.equal(await focused(page), 'launcher');

        const markup = '<b>Your parcel</b> <img src=x onerror="alert(1)"> left today';
        await agent.sendMessage(conversationId, markup);
        await bubble.waitFor();
        assert.equal(await bubble.locator('strong').innerText(), 'Grace');
        assert.equal(await bubble.locator('.preview-text').innerText(), markup, 'markup shows as text');
        assert.equal(await bubble.locator('b, img').count(), 0, 'no element made from the message');
        assert.equal(await ui.locator('.preview-live').getAttribute('aria-live'), 'polite');
        assert.equal(await focused(page), 'launcher', 'focus stays where it was');
        assert.equal(await ui.badge.innerText(), '1');

        // a newer message replaces it, cut to about 80 characters
        const long = 'Good news: the courier confirmed that your parcel will be delivered tomorrow before noon.';
        await agent.sendMessage(conversationId, long);
        await bubble
            .locator('.preview-text')
            .filter({ hasText: /^Good news/ })
            .waitFor();
        const shown = await bubble.locator('.preview-text').innerText();
        assert.ok(shown.endsWith('…') && shown.length <= 81, shown);
        assert.equal(await ui.badge.innerText(), '2');

        // × hides it; the next message brings it back
        await bubble.getByRole('button', { name: 'Hide message preview' }).click();
        await bubble.waitFor({ state: 'detached' });
        assert.equal(await ui.badge.innerText(), '2', 'still unread');
        await agent.sendMessage(conversationId, 'One more thing.');
        await bubble.locator('.preview-text').filter({ hasText: 'One more thing.' }).waitFor();

        // a click on the bubble opens the chat, and the preview is gone
        await bubble.locator('.preview-open').click();
        await ui.dialog.waitFor();
        await bubble.waitFor({ state: 'detached' });
        await ui.message(markup).waitFor();
        assert.ok((await layout(page)).atEnd, 'the chat opens on the newest message');
        assert.equal(await ui.badge.isVisible(), false);
        await agent.sendMessage(conversationId, 'Seen at once.');
        await ui.message('Seen at once.').waitFor();
        assert.equal(await bubble.count(), 0, 'not shown while the panel is open');
        assert.deepEqual(page.problems, [], 'no script errors or dialogs (the markup never ran)');
    });
});
