// Bundles src/main.js into dist/widget.js: one minified IIFE, ES2020, no runtime dependencies.
// Code needed only when used is not in it: each src/chunks/<name>.js becomes its own minified
// IIFE, dist/chunks/<name>.js, which registers itself with the widget that loads it
// (src/chunk-loader.js). Each language but English (src/lang/<code>.json, checked against
// English first) becomes dist/data/lang-<code>.json, which the widget fetches when it needs it.
// The emoji picker's list (data/emoji.txt) becomes dist/data/emoji.json, fetched when the picker
// first opens. The hash of all of it (src/ and data/) is the build's id, the `?v=` of every
// lazily loaded file, so a browser never mixes a cached language file or chunk with another build.
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
for (const dir of ['src', 'data']) {
    for (const file of (await readdir(root + dir, { recursive: true })).sort()) {
        if (/\.(js|json|txt)$/.test(file))
            hash.update(`${dir}/${file}\n`).update(await readFile(`${root}${dir}/${file}`));
    }
}
for (const file of (await readdir(data)).filter((f) => /^lang-.*\.json$/.test(f))) await rm(data + file);
for (const code of files) await writeFile(`${data}lang-${code}.json`, JSON.stringify(catalogs[code]));
const emoji = parseEmojiList(await readFile(`${root}data/emoji.txt`, 'utf8'));
await writeFile(`${data}emoji.json`, `${JSON.stringify(emoji)}\n`);

const chunks = (await readdir(`${root}src/chunks`)).filter((f) => f.endsWith('.js')).sort();
const badName = chunks.find((f) => !/^[a-z0-9-]{1,64}\.js$/.test(f)); // what the server serves
if (badName) {
    console.error(`build: src/chunks/${badName}: a chunk's name is 1-64 of a-z, 0-9 and -`);
    process.exit(1);
}
await rm(`${root}dist/chunks`, { recursive: true, force: true });
const common = {
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    legalComments: 'none',
    logLevel: 'info',
};
await build({
    ...common,
    entryPoints: [`${root}src/main.js`],
    outfile: `${root}dist/widget.js`,
    define: { __WIDGET_BUILD__: JSON.stringify(hash.digest('hex').slice(0, 10)) },
});
await build({ ...common, entryPoints: chunks.map((f) => `${root}src/chunks/${f}`), outdir: `${root}dist/chunks` });
