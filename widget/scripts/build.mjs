// Bundles src/main.js into dist/widget.js: one minified IIFE, ES2020, no runtime dependencies.
import { build } from 'esbuild';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await mkdir(`${root}dist`, { recursive: true });
await build({
    entryPoints: [`${root}src/main.js`],
    outfile: `${root}dist/widget.js`,
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    legalComments: 'none',
    logLevel: 'info',
});
