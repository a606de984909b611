// Bundles src/main.js into dist/widget.js: one minified IIFE, ES2020, no runtime dependencies.
// Each language but English (src/lang/<code>.json, checked against English first) becomes
// dist/data/lang-<code>.json, which the widget fetches when it needs it; their hash is the
// build's id, so a browser session never mixes a cached language file with another build.
// The emoji picker's list (data/emoji.txt) becomes dist/data/emoji.json, fetched when the picker
// first opens.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { LANGUAGES } from '../src/i18n.js';
import { catalogProblems, readCatalogs } from './catalogs.mjs';
import { parseEmojiList } from './emoji-data.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const data = `${root}dist/data/`;
await mkdir(data, { recursive: true });

const catalogs = await readCatalogs();
const problems = Object.entries(catalogs).flatMap(([code, catalog]) => catalogProblems(code, catalog));
const files = Object.keys(catalogs).sort();
const listed = LANGUAGES.filter((code) => code !== 'en').sort();
if (files.join() !== listed.join()) {
    problems.push(`src/lang/ has ${files.join(', ')} but LANGUAGES in src/i18n.js lists ${listed.join(', ')}`);
}
if (problems.length) {
    console.error(`build: the language files are not complete:\n  ${problems.join('\n  ')}`);
    process.exit(1);
}
const hash = createHash('sha256');
for (const file of (await readdir(data)).filter((f) => /^lang-.*\.json$/.test(f))) await rm(data + file);
for (const code of files) {
    const json = JSON.stringify(catalogs[code]);
    hash.update(`${code}\n${json}\n`);
    await writeFile(`${data}lang-${code}.json`, json);
}
const emoji = parseEmojiList(await readFile(`${root}data/emoji.txt`, 'utf8'));
await writeFile(`${data}emoji.json`, `${JSON.stringify(emoji)}\n`);

await build({
    entryPoints: [`${root}src/main.js`],
    outfile: `${root}dist/widget.js`,
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    legalComments: 'none',
    logLevel: 'info',
    define: { __WIDGET_BUILD__: JSON.stringify(hash.digest('hex').slice(0, 10)) },
});
