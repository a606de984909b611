// The visitor's view of one conversation's messages: stored messages ordered by seq, then
// the visitor's own unacknowledged ones in the order written. A message can reach us up
// to three times (ack, live event, history page); it is shown once, keyed by seq and by
// clientId. `lastSeq` is the highest seq seen; catch-up asks after the session's resume
// cursor instead, which live events overtaking a catch-up do not move.
// Visitors legitimately see holes in seq (agents' internal notes are never sent to them),
// so a gap is reported for information only and is not a reason to fetch.

export const PENDING = 'pending';
export const SENT = 'sent';
export const FAILED = 'failed';

export class MessageList {
    constructor() {
        this.clear();
    }

    clear() {
        this.items = [];
        this.bySeq = new Map();
        this.byClientId = new Map();
        this.contiguous = 0;
        this.maxSeq = 0;
    }

    get lastSeq() {
        return this.maxSeq;
    }

    /** True when some seq below the highest one was never seen (e.g. an internal note). */
    hasGap() {
        return this.maxSeq > this.contiguous;
    }

    /** The visitor's own message, shown at once while it waits for its ack. */
    addLocal({ clientId, body, file = null, at = Date.now(), author = { role: 'visitor' }, state = PENDING }) {
        const existing = this.byClientId.get(clientId);
        if (existing) return existing;
        const item = { key: clientId, clientId, seq: null, body, file, author, at, state };
        this.byClientId.set(clientId, item);
        this.items.push(item);
        return item;
    }

    /** message.ack: the message is stored with this seq. Returns the item, or null if unknown. */
    acknowledge({ clientId, seq, at }) {
        const item = this.byClientId.get(clientId);
        if (!item) return null;
        item.state = SENT;
        if (at) item.at = at;
        if (item.seq === null && Number.isInteger(seq)) this.placeStored(item, seq);
        return item;
    }

    /** Forget a message that was never sent (a cancelled or refused upload). */
    remove(clientId) {
        const item = this.byClientId.get(clientId);
        if (!item || item.seq !== null) return false;
        this.byClientId.delete(clientId);
        this.items.splice(this.items.indexOf(item), 1);
        return true;
    }

    markFailed(clientId) {
        const item = this.byClientId.get(clientId);
        if (item && item.state === PENDING) item.state = FAILED;
        return item || null;
    }

    /**
     * A stored message from a live event or a history page.
     * Returns { item, added } — added is false when it was already shown (then item is the
     * shown one, possibly updated from pending to sent).
     */
    merge(message) {
        const seq = message.seq;
        if (!Number.isInteger(seq) || seq < 1) return { item: null, added: false };
        let item = this.bySeq.get(seq);
        if (item) return { item, added: false };
        const clientId = typeof message.clientId === 'string' ? message.clientId : null;
        item = clientId ? this.byClientId.get(clientId) : null;
        if (item) {
            item.state = SENT;
            item.at = message.at || item.at;
            if (message.file) item.file = message.file;
            if (item.seq === null) this.placeStored(item, seq);
            return { item, added: false };
        }
        item = {
            key: clientId || `s${seq}`,
            clientId,
            seq: null,
            body: String(message.body ?? ''),
            file: message.file && typeof message.file.id === 'string' ? message.file : null,
            author: message.author || { role: 'system' },
            at: message.at || 0,
            state: SENT,
        };
        if (clientId) this.byClientId.set(clientId, item);
        this.placeStored(item, seq);
        return { item, added: true };
    }

    /** Stored messages only, ascending seq (for transcripts and tests). */
    stored() {
        return this.items.filter((i) => i.seq !== null);
    }

    pending() {
        return this.items.filter((i) => i.seq === null);
    }

    placeStored(item, seq) {
        item.seq = seq;
        const at = this.items.indexOf(item);
        if (at !== -1) this.items.splice(at, 1);
        // insert before the first item with a larger seq or without one (pending stay last)
        let i = this.items.length;
        while (i > 0 && (this.items[i - 1].seq === null || this.items[i - 1].seq > seq)) i--;
        this.items.splice(i, 0, item);
        this.bySeq.set(seq, item);
        if (seq > this.maxSeq) this.maxSeq = seq;
        while (this.bySeq.has(this.contiguous + 1)) this.contiguous++;
    }
}
