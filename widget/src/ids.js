// Client-generated ids. crypto.randomUUID() exists only in secure contexts, and shop pages
// are not always served over https, so build ids from getRandomValues, which is everywhere.

export function randomId(prefix = 'c-', bytes = 16, cryptoImpl = globalThis.crypto) {
    const buf = new Uint8Array(bytes);
    cryptoImpl.getRandomValues(buf);
    let hex = '';
    for (const b of buf) hex += b.toString(16).padStart(2, '0');
    return prefix + hex;
}
