// The language files (src/lang/<code>.json) checked against English before they are built:
// the build and the unit tests both run catalogProblems() on every file.
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { en } from '../src/i18n.js';

export const langDir = fileURLToPath(new URL('../src/lang/', import.meta.url));

/** { code: catalog } of every file in src/lang/. */
export async function readCatalogs() {
    const catalogs = {};
    for (const file of (await readdir(langDir)).filter((f) => f.endsWith('.json')).sort()) {
        catalogs[file.slice(0, -5)] = JSON.parse(await readFile(langDir + file, 'utf8'));
    }
    return catalogs;
}

const PLURAL = /^(.*)_(zero|one|two|few|many|other)$/;
const placeholders = (text) => new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
const sameSet = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));

/**
 * What is wrong with `catalog` as the strings of `code`, as sentences (none: it is complete).
 * Each English string must be there, a plural one as its plain key or with a form for each
 * plural category of the language (Intl.PluralRules); nothing else may be; each string must use
 * the placeholders of its English one (a plural form may leave {n} out: "one minute").
 */
export function catalogProblems(code, catalog) {
    const problems = [];
    const families = new Map(); // base key -> English placeholders
    for (const [key, text] of Object.entries(en)) {
        const base = key.match(PLURAL)?.[1] ?? key;
        families.set(base, new Set([...(families.get(base) || []), ...placeholders(text)]));
    }
    const plural = new Set(
        Object.keys(en)
            .filter((k) => PLURAL.test(k))
            .map((k) => k.match(PLURAL)[1]),
    );
    const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
    for (const [key, text] of Object.entries(catalog)) {
        const match = key.match(PLURAL);
        const base = match && plural.has(match[1]) ? match[1] : key;
        if (!families.has(base)) {
            problems.push(`${code}: "${key}" is not an English key`);
            continue;
        }
        if (typeof text !== 'string' || !text.trim()) {
            problems.push(`${code}: "${key}" is empty`);
            continue;
        }
        const wanted = new Set(families.get(base));
        const used = placeholders(text);
        if (key !== base) {
            wanted.delete('n'); // a plural form may leave the number out: "one minute"
            used.delete('n');
        }
        if (!sameSet(wanted, used)) {
            problems.push(`${code}: "${key}" uses {${[...used]}} where English uses {${[...wanted]}}`);
        }
    }
    for (const base of families.keys()) {
        if (base in catalog) continue;
        if (!plural.has(base)) {
            problems.push(`${code}: "${base}" is missing`);
            continue;
        }
        const missing = categories.filter((c) => !(`${base}_${c}` in catalog));
        if (missing.length) problems.push(`${code}: "${base}" has no form for ${missing.join(', ')}`);
    }
    return problems;
}
