// Code the widget needs only when it is used (the emoji grid, the upload code) is not in
// widget.js: each such part is a chunk, dist/chunks/<name>.js, a classic script from the server
// widget.js came from (GET <server>/widget/chunks/<name>.js?v=<build id>, so a cached chunk of
// another build is never run with this one). It registers what it exports on a private global
// this loader sets up (`window.__chatWidgetChunks.define(name, exports)`, see src/chunks/).
// A chunk that cannot be had (offline, blocked, a 404, a damaged file) rejects its promise and
// is asked for again on the next load(); nothing throws.

export const REGISTRY = '__chatWidgetChunks';
export const LOAD_TIMEOUT_MS = 20000;

/**
 * `url(name)`: where a chunk is; `doc`: the document to add its <script> to; `global`: where the
 * registry lives (window); `timers`: setTimeout/clearTimeout.
 */
export function chunkLoader({ url, doc, global, timers = globalThis, timeoutMs = LOAD_TIMEOUT_MS }) {
    const have = new Map(); // name -> exports
    const loading = new Map(); // name -> Promise<exports>
    global[REGISTRY] = { define: (name, exports) => have.set(name, exports) };

    function fetchChunk(name) {
        return new Promise((resolve, reject) => {
            const script = doc.createElement('script');
            let timer = null;
            const settle = (problem) => {
                timers.clearTimeout(timer);
                script.onload = script.onerror = null;
                script.remove();
                if (have.has(name)) return resolve(have.get(name));
                loading.delete(name); // the next load() tries again
                reject(new Error(`chat widget: chunk "${name}" ${problem}`));
            };
            script.onload = () => settle('did not register');
            script.onerror = () => settle('could not be loaded');
            timer = timers.setTimeout(() => settle('took too long'), timeoutMs);
            script.async = true;
            script.src = url(name);
            (doc.head || doc.documentElement).append(script);
        });
    }

    return {
        /** The exports of `name` if it is here already, else null. */
        loaded: (name) => have.get(name) || null,
        /** Resolves with the exports of chunk `name`; rejects when it cannot be had. */
        load(name) {
            if (have.has(name)) return Promise.resolve(have.get(name));
            if (!loading.has(name)) loading.set(name, fetchChunk(name));
            return loading.get(name);
        },
    };
}

/** In a chunk: hands its exports to the widget that asked for it. */
export function defineChunk(name, exports) {
    const registry = globalThis[REGISTRY];
    if (registry && registry.define) registry.define(name, exports);
}
