import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff, backoffDelay } from '../src/backoff.js';

test('delay doubles per attempt and stays within [step/2, step] for any jitter', () => {
    for (const [attempt, step] of [
        [0, 500],
        [1, 1000],
        [2, 2000],
        [3, 4000],
        [5, 16000],
    ]) {
        assert.equal(backoffDelay(attempt, { random: () => 0 }), step / 2);
        assert.equal(backoffDelay(attempt, { random: () => 0.999999 }), step);
        for (let i = 0; i < 200; i++) {
            const d = backoffDelay(attempt);
            assert.ok(d >= step / 2 && d <= step, `attempt ${attempt}: ${d} within [${step / 2}, ${step}]`);
        }
    }
});

test('delay never exceeds the cap however many attempts failed', () => {
    for (const attempt of [6, 10, 50, 1000]) {
        const d = backoffDelay(attempt, { maxMs: 30000 });
        assert.ok(d >= 15000 && d <= 30000, `${d}`);
    }
});

test('jitter spreads reconnects of many clients', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4)));
    assert.ok(delays.size > 10, 'delays are not all the same');
});

test('Backoff counts failures and reset starts over', () => {
    const b = new Backoff({ random: () => 1 });
    assert.deepEqual([b.next(), b.next(), b.next()], [500, 1000, 2000]);
    b.reset();
    assert.equal(b.next(), 500);
});
