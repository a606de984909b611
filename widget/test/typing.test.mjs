import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TypingSender, TypingWatcher } from '../src/typing.js';
import { fakeTimers } from './support/fakes.mjs';

test('active:true is sent at most every 3 s while typing, active:false after 3 s idle', () => {
    const timers = fakeTimers();
    const sent = [];
    const typing = new TypingSender((a) => sent.push([timers.now(), a]), { timers, now: timers.now });
    for (let i = 0; i < 25; i++) {
        typing.input();
        timers.tick(200); // 5 s of steady typing
    }
    assert.deepEqual(sent, [
        [0, true],
        [3000, true],
    ]);
    timers.tick(3000);
    assert.deepEqual(sent.at(-1), [7800, false]);
    assert.equal(sent.length, 3);
});

test('sending the message stops typing at once, and only once', () => {
    const timers = fakeTimers();
    const sent = [];
    const typing = new TypingSender((a) => sent.push(a), { timers, now: timers.now });
    typing.input();
    typing.stop();
    typing.stop();
    timers.tick(10000);
    assert.deepEqual(sent, [true, false]);
});

test('the other side typing expires after 6 s unless renewed', () => {
    const timers = fakeTimers();
    const seen = [];
    const watcher = new TypingWatcher((who) => seen.push(who && who.name), { timers });
    watcher.update({ active: true, name: 'Grace', role: 'agent' });
    timers.tick(5000);
    watcher.update({ active: true, name: 'Grace', role: 'agent' });
    timers.tick(5000);
    assert.deepEqual(seen, ['Grace'], 'renewal does not flicker');
    timers.tick(1000);
    assert.deepEqual(seen, ['Grace', null]);
    watcher.update({ active: true, name: 'Grace' });
    watcher.update({ active: false });
    assert.deepEqual(seen, ['Grace', null, 'Grace', null]);
});
