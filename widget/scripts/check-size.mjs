// Fails when what the widget loads at first (every .js/.css directly in dist/; not the chunks in
// dist/chunks/ nor the data in dist/data/, loaded only when used) exceeds the gzip budget.
// Usage: node scripts/check-size.mjs [budgetBytes]   (default 20 KB = 20480 bytes)
import { readdir, readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const budget = Number(process.argv[2] || process.env.WIDGET_GZIP_BUDGET || 20 * 1024);
const dist = fileURLToPath(new URL('../dist/', import.meta.url));

let files;
try {
    files = (await readdir(dist)).filter((f) => /\.(js|css|mjs)$/.test(f));
} catch {
    files = [];
}
if (!files.length) {
    console.error(`check-size: nothing to measure in ${dist}; run "npm run build" first`);
    process.exit(2);
}

let total = 0;
for (const file of files.sort()) {
    const raw = await readFile(dist + file);
    const gz = gzipSync(raw, { level: 9 }).length;
    total += gz;
    console.log(`${file}: ${raw.length} bytes, ${gz} bytes gzipped`);
}
const verdict = total <= budget ? 'within' : 'OVER';
console.log(`total: ${total} bytes gzipped, ${verdict} the budget of ${budget} bytes`);
process.exit(total <= budget ? 0 : 1);
