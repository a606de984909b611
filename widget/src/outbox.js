// Messages the server has not acknowledged yet. Persisted so that a reload or a crash of
// the tab loses nothing; each entry keeps the clientId it was first sent with, because the
// server de-duplicates resends by (conversation, clientId). An attachment is in here once its
// upload is done: the entry then carries the server's File, whose id goes with every resend.

const MAX_ENTRIES = 100;

function isEntry(e) {
    return (
        e &&
        typeof e.clientId === 'string' &&
        typeof e.body === 'string' &&
        (e.conversationId === null || typeof e.conversationId === 'string') &&
        (!e.file || typeof e.file.id === 'string')
    );
}

export class Outbox {
    constructor(storage, key = 'outbox') {
        this.storage = storage;
        this.key = key;
        const saved = storage.getJson(key, []);
        this.items = Array.isArray(saved) ? saved.filter(isEntry).slice(-MAX_ENTRIES) : [];
    }

    get size() {
        return this.items.length;
    }

    /** Entries in the order they were written; those of one conversation if an id is given. */
    entries(conversationId) {
        if (conversationId === undefined) return this.items.slice();
        return this.items.filter((e) => e.conversationId === conversationId);
    }

    has(clientId) {
        return this.items.some((e) => e.clientId === clientId);
    }

    add({ clientId, conversationId = null, body, file, createdAt = Date.now() }) {
        if (this.has(clientId)) return false;
        this.items.push(
            file ? { clientId, conversationId, body, file, createdAt } : { clientId, conversationId, body, createdAt },
        );
        if (this.items.length > MAX_ENTRIES) this.items.shift();
        this.save();
        return true;
    }

    /** Forget an entry once the server acknowledged (or definitively refused) it. */
    remove(clientId) {
        const before = this.items.length;
        this.items = this.items.filter((e) => e.clientId !== clientId);
        if (this.items.length === before) return false;
        this.save();
        return true;
    }

    /** Messages written before the conversation existed belong to it once it is started. */
    assignConversation(conversationId) {
        let changed = false;
        for (const e of this.items) {
            if (e.conversationId === null) {
                e.conversationId = conversationId;
                changed = true;
            }
        }
        if (changed) this.save();
        return changed;
    }

    hasUnassigned() {
        return this.items.some((e) => e.conversationId === null);
    }

    save() {
        if (this.items.length) this.storage.setJson(this.key, this.items);
        else this.storage.remove(this.key);
    }
}
