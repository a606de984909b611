// Deterministic stand-ins for timers, storage and WebSocket used by the unit tests.
import { namespacedStorage, memoryBackend } from '../../src/storage.js';

export function fakeTimers() {
    let now = 0;
    let nextId = 1;
    const pending = new Map();
    return {
        setTimeout(fn, ms = 0) {
            const id = nextId++;
            pending.set(id, { fn, at: now + ms });
            return id;
        },
        clearTimeout(id) {
            pending.delete(id);
        },
        now: () => now,
        /** Advance the clock, running due timers in time order. */
        tick(ms) {
            const end = now + ms;
            for (;;) {
                let next = null;
                for (const [id, t] of pending) if (t.at <= end && (!next || t.at < next[1].at)) next = [id, t];
                if (!next) break;
                pending.delete(next[0]);
                now = next[1].at;
                next[1].fn();
            }
            now = end;
        },
        get size() {
            return pending.size;
        },
    };
}

export function testStorage(prefix = 'chatw:test:') {
    const backend = memoryBackend();
    return { backend, storage: namespacedStorage(backend, prefix) };
}

/** A WebSocket double: tests open/close it and push server frames; sent frames are recorded. */
export function fakeWebSocketClass() {
    const sockets = [];
    class FakeWebSocket {
        constructor(url, protocol) {
            this.url = url;
            this.protocol = protocol;
            this.readyState = 0;
            this.sent = [];
            sockets.push(this);
        }
        send(data) {
            this.sent.push(JSON.parse(data));
        }
        close() {
            if (this.readyState === 3) return;
            this.readyState = 3;
            this.onclose?.({ code: 1000 });
        }
        // test side
        serverOpen() {
            this.readyState = 1;
            this.onopen?.();
        }
        serverSend(obj) {
            this.onmessage?.({ data: JSON.stringify(obj) });
        }
        serverDrop() {
            this.readyState = 3;
            this.onclose?.({ code: 1006 });
        }
        last(type) {
            return this.sent.filter((m) => m.type === type).at(-1);
        }
        all(type) {
            return this.sent.filter((m) => m.type === type);
        }
    }
    FakeWebSocket.sockets = sockets;
    FakeWebSocket.latest = () => sockets.at(-1);
    return FakeWebSocket;
}
