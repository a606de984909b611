import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emojiList, replaceShortcuts, SHORTCUTS } from '../src/emoji.js';
import { parseEmojiList } from '../scripts/emoji-data.mjs';
import { readFileSync } from 'node:fs';

test('shortcuts that stand alone become emoji', () => {
    assert.equal(replaceShortcuts('Thanks :)'), 'Thanks 🙂');
    assert.equal(replaceShortcuts(':( that is sad'), '🙁 that is sad');
    assert.equal(replaceShortcuts('ok ;) see you :D'), 'ok 😉 see you 😃');
    assert.equal(replaceShortcuts('I <3 this shop'), 'I ❤️ this shop');
    assert.equal(replaceShortcuts('great :-).'), 'great 🙂.');
    assert.equal(replaceShortcuts(':) :)'), '🙂 🙂');
    assert.equal(replaceShortcuts('line one :P\nline two'), 'line one 😛\nline two');
    assert.equal(replaceShortcuts("oh no :'("), 'oh no 😢');
    assert.equal(replaceShortcuts('over </3'), 'over 💔');
});

test('shortcuts inside words, numbers and links keep their text', () => {
    for (const text of [
        'at 10:30 today',
        'x<3 and y>2',
        'see http://shop.example/a:)',
        'https://shop.example/?q=:D',
        'https://shop.example/:P/page',
        'f(x:)',
        ':):)',
        'Note:D-day',
        'plain text',
    ]) {
        assert.equal(replaceShortcuts(text), text, text);
    }
    assert.equal(replaceShortcuts('https://shop.example/:) :)'), 'https://shop.example/:) 🙂');
});

test('every shortcut maps to one emoji', () => {
    const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
    for (const [shortcut, emoji] of Object.entries(SHORTCUTS)) {
        assert.equal([...segmenter.segment(emoji)].length, 1, shortcut);
        assert.equal(replaceShortcuts(shortcut), emoji);
    }
});

test('the picker takes only a list of short strings from its data file', () => {
    assert.deepEqual(emojiList({ emoji: ['🙂', 7, '', '👍', 'x'.repeat(40)] }), ['🙂', '👍']);
    assert.throws(() => emojiList({}), /no emoji list/);
    assert.throws(() => emojiList(null), /no emoji list/);
});

test('the emoji source builds into a list of single, distinct emoji', () => {
    const source = readFileSync(new URL('../data/emoji.txt', import.meta.url), 'utf8');
    const { emoji } = parseEmojiList(source);
    assert.ok(emoji.length >= 64, `${emoji.length} emoji`);
    assert.equal(emoji.length % 8, 0, 'whole rows of 8');
    assert.ok(emoji.includes('👍') && emoji.includes('❤️'));
    for (const shortcutEmoji of new Set(Object.values(SHORTCUTS))) {
        assert.ok(emoji.includes(shortcutEmoji), `the picker has ${shortcutEmoji} too`);
    }
});

test('a bad line in the emoji source fails with its line number', () => {
    assert.throws(() => parseEmojiList('# c\n🙂 smile\nab letters\n'), /emoji\.txt:3: "ab" is not one emoji/);
    assert.throws(() => parseEmojiList('🙂 smile\n🙂 again\n'), /:2: "🙂" is listed twice/);
    assert.throws(() => parseEmojiList('🙂\n'), /:1: "🙂" needs a name/);
    assert.throws(() => parseEmojiList('# only comments\n'), /lists no emoji/);
    assert.deepEqual(parseEmojiList('👍 thumbs up\n\n✌️ victory hand\n'), { emoji: ['👍', '✌️'] });
});
