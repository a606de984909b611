// Emoji text shortcuts, turned into emoji when a message is sent on a site that wants it
// (welcome.site.emojiShortcuts): only a shortcut that stands alone between spaces (or before
// . , ! ?) counts, so "10:30", "x<3", "http://a.example/:)" and other words keep their text.
// Also the check of the picker's lazily loaded list (GET <server>/widget/data/emoji.json).

export const SHORTCUTS = {
    ':)': '🙂',
    ':-)': '🙂',
    ':(': '🙁',
    ':-(': '🙁',
    ';)': '😉',
    ';-)': '😉',
    ':D': '😃',
    ':-D': '😃',
    ':P': '😛',
    ':p': '😛',
    ':O': '😮',
    ':o': '😮',
    ":'(": '😢',
    ':|': '😐',
    '<3': '❤️',
    '</3': '💔',
};

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PATTERN = new RegExp(
    `(^|\\s)(${Object.keys(SHORTCUTS)
        .sort((a, b) => b.length - a.length)
        .map(escape)
        .join('|')})(?=$|\\s|[.,!?])`,
    'g',
);

export function replaceShortcuts(text) {
    return text.replace(PATTERN, (match, before, shortcut) => before + SHORTCUTS[shortcut]);
}

/** The emoji of the picker's data file (short strings only); throws when it is not one. */
export function emojiList(data) {
    if (!data || !Array.isArray(data.emoji)) throw new Error('emoji.json: no emoji list');
    return data.emoji.filter((e) => typeof e === 'string' && e.length > 0 && e.length <= 16);
}
