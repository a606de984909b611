// The picker's emoji list from its source (data/emoji.txt): one emoji per line, then its name;
// '#' starts a comment line. Each emoji must be one character as the reader sees it (one
// grapheme cluster) and appear once; a bad line fails the build with its line number.
export function parseEmojiList(text) {
    const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
    const emoji = [];
    text.split('\n').forEach((raw, index) => {
        const line = raw.trim();
        if (!line || line.startsWith('#')) return;
        const [symbol, ...name] = line.split(/\s+/);
        const where = `data/emoji.txt:${index + 1}`;
        if ([...segmenter.segment(symbol)].length !== 1 || !/\p{Extended_Pictographic}/u.test(symbol)) {
            throw new Error(`${where}: "${symbol}" is not one emoji`);
        }
        if (!name.length) throw new Error(`${where}: "${symbol}" needs a name`);
        if (emoji.includes(symbol)) throw new Error(`${where}: "${symbol}" is listed twice`);
        emoji.push(symbol);
    });
    if (!emoji.length) throw new Error('data/emoji.txt lists no emoji');
    return { emoji };
}
