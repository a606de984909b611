// A namespaced, exception-safe view of localStorage: storage can be disabled, full or
// throwing (private modes, sandboxed frames); the widget then simply forgets across reloads.

export function namespacedStorage(backend, prefix) {
    const safe = (fn, fallback) => {
        try {
            return fn();
        } catch {
            return fallback;
        }
    };
    return {
        get: (key) => safe(() => backend.getItem(prefix + key), null),
        set: (key, value) => safe(() => (backend.setItem(prefix + key, value), true), false),
        remove: (key) => safe(() => backend.removeItem(prefix + key), undefined),
        getJson(key, fallback) {
            const raw = this.get(key);
            if (raw == null) return fallback;
            return safe(() => JSON.parse(raw), fallback);
        },
        setJson(key, value) {
            return this.set(key, JSON.stringify(value));
        },
    };
}

/** In-memory stand-in with the localStorage interface (tests, storage-less browsers). */
export function memoryBackend() {
    const map = new Map();
    return {
        getItem: (k) => (map.has(k) ? map.get(k) : null),
        setItem: (k, v) => void map.set(k, String(v)),
        removeItem: (k) => void map.delete(k),
        get length() {
            return map.size;
        },
    };
}

export function storagePrefix(siteKey) {
    return `chatw:${siteKey}:`;
}
