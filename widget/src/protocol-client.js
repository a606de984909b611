// One visitor connection to /ws/visitor speaking chat.v1: opens the socket, says hello,
// matches replies to requests by rid, keeps the link alive with app-level pings, and
// reconnects with backoff when the link drops. It knows nothing about conversations.
//
// Events: 'state' (connecting | ready | reconnecting | failed), 'welcome' (object),
// 'event' (every other server object), 'fatal' (error object that stops retrying).

import { Emitter } from './emitter.js';
import { Backoff } from './backoff.js';

export const SUBPROTOCOL = 'chat.v1';
/** Refusals of `hello` after which the client stops reconnecting. */
export const FATAL_HELLO_ERRORS = ['unknown_site', 'identity_invalid', 'identity_required'];

export class RequestError extends Error {
    constructor(reply) {
        super(reply.message || reply.code || 'request failed');
        this.code = reply.code || 'disconnected';
        this.field = reply.field;
        this.retryAfterMs = reply.retryAfterMs || 0; // rate_limited: when to try again
    }
}

export class ProtocolClient extends Emitter {
    constructor({
        url,
        hello,
        WebSocketImpl = globalThis.WebSocket,
        backoff = new Backoff(),
        timers = globalThis,
        // A silent server is noticed within pingIntervalMs + pongTimeoutMs (15 s) when idle, and
        // within pongTimeoutMs of a request sent after probeAfterQuietMs of silence: the visitor
        // who writes into a dead link sees "Reconnecting…" in seconds, not when TCP gives up.
        pingIntervalMs = 10000,
        pongTimeoutMs = 5000,
        probeAfterQuietMs = 2000,
        connectTimeoutMs = 15000,
        requestTimeoutMs = 15000,
        now = () => performance.now(), // monotonic: a clock change is not silence
    }) {
        super();
        this.url = url;
        this.hello = hello; // () => hello fields, read at every (re)connect
        this.WebSocketImpl = WebSocketImpl;
        this.backoff = backoff;
        this.timers = timers;
        this.pingIntervalMs = pingIntervalMs;
        this.pongTimeoutMs = pongTimeoutMs;
        this.probeAfterQuietMs = probeAfterQuietMs;
        this.connectTimeoutMs = connectTimeoutMs;
        this.requestTimeoutMs = requestTimeoutMs;
        this.now = now;
        this.lastHeardAt = 0;
        this.state = 'idle';
        this.socket = null;
        this.pending = new Map(); // rid -> {resolve, reject, timer}
        this.nextRid = 1;
        this.reconnectTimer = null;
        this.pingTimer = null;
        this.pongTimer = null;
        this.stopped = false;
    }

    get ready() {
        return this.state === 'ready';
    }

    start() {
        this.stopped = false;
        if (this.state === 'idle' || this.state === 'failed') this.open();
    }

    stop() {
        this.stopped = true;
        this.timers.clearTimeout(this.reconnectTimer);
        this.drop();
        this.setState('idle');
    }

    /** Skip the remaining backoff wait (e.g. the browser reports it is online again). */
    reconnectNow() {
        if (this.state !== 'reconnecting' || this.socket) return;
        this.timers.clearTimeout(this.reconnectTimer);
        this.open();
    }

    /**
     * The page is visible again or the network came back: a socket that may have died meanwhile
     * (a laptop lid, a changed Wi-Fi) is asked at once; no socket skips the backoff wait.
     */
    wake() {
        if (this.socket) this.probe();
        else this.reconnectNow();
    }

    /** Send a frame if the session is ready; returns whether it was handed to the socket. */
    send(obj) {
        if (!this.ready) return false;
        const written = this.write(obj);
        if (written) this.probeIfQuiet();
        return written;
    }

    /** Send a request and wait for the reply carrying its rid (an `error` reply rejects). */
    request(obj) {
        if (!this.ready) return Promise.reject(new RequestError({ code: 'disconnected' }));
        const rid = obj.rid || this.newRid();
        return new Promise((resolve, reject) => {
            const timer = this.timers.setTimeout(() => {
                this.pending.delete(rid);
                reject(new RequestError({ code: 'timeout' }));
            }, this.requestTimeoutMs);
            this.pending.set(rid, { resolve, reject, timer });
            if (!this.write({ ...obj, rid })) this.settle(rid, { type: 'error', code: 'disconnected' });
            else this.probeIfQuiet();
        });
    }

    newRid() {
        return `r${this.nextRid++}`;
    }

    open() {
        this.setState(this.backoff.attempt === 0 ? 'connecting' : 'reconnecting');
        let socket;
        try {
            socket = new this.WebSocketImpl(this.url, SUBPROTOCOL);
        } catch {
            this.scheduleReconnect();
            return;
        }
        this.socket = socket;
        // A server that accepts the connection but never completes the handshake (hung, or
        // stopped with its port still open) must not leave the visitor waiting forever.
        this.timers.clearTimeout(this.pingTimer);
        this.pingTimer = this.timers.setTimeout(() => this.lost(socket), this.connectTimeoutMs);
        socket.onopen = () => {
            // The connect deadline runs on until the first frame: a server that opens the
            // socket but never answers hello is a dead link too.
            this.write({ ...this.hello(), type: 'hello', rid: 'hello' });
        };
        socket.onmessage = (ev) => this.receive(socket, ev.data);
        socket.onclose = () => this.lost(socket);
        socket.onerror = () => {}; // onclose follows
    }

    receive(socket, data) {
        if (socket !== this.socket) return;
        let msg;
        try {
            msg = JSON.parse(data);
        } catch {
            return;
        }
        if (!msg || typeof msg.type !== 'string') return;
        this.lastHeardAt = this.now();
        this.armPing(); // any frame proves the link is alive
        if (msg.type === 'welcome') {
            this.backoff.reset();
            this.setState('ready');
            this.emit('welcome', msg);
            return;
        }
        if (msg.type === 'error' && msg.rid === 'hello') {
            // Retrying cannot help: the site is gone, or the page's signed identity is wrong,
            // expired or missing (only a new page from the site's backend can fix that).
            if (FATAL_HELLO_ERRORS.includes(msg.code)) {
                this.stopped = true;
                this.emit('fatal', msg);
                this.drop();
                this.setState('failed');
            } else {
                this.drop();
                this.scheduleReconnect();
            }
            return;
        }
        if (msg.type === 'pong') return;
        if (msg.rid && this.pending.has(msg.rid)) {
            this.emit('event', msg); // replies such as conversation.updated are also state changes
            this.settle(msg.rid, msg);
            return;
        }
        this.emit('event', msg);
    }

    settle(rid, msg) {
        const p = this.pending.get(rid);
        if (!p) return;
        this.pending.delete(rid);
        this.timers.clearTimeout(p.timer);
        if (msg.type === 'error') p.reject(new RequestError(msg));
        else p.resolve(msg);
    }

    lost(socket) {
        if (socket !== this.socket) return;
        this.drop();
        if (!this.stopped) this.scheduleReconnect();
    }

    /** Forget the current socket, its timers and its outstanding requests. */
    drop() {
        const socket = this.socket;
        this.socket = null;
        this.timers.clearTimeout(this.pingTimer);
        this.timers.clearTimeout(this.pongTimer);
        this.pongTimer = null;
        if (socket) {
            socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
            try {
                socket.close();
            } catch {
                /* already closed */
            }
        }
        for (const rid of [...this.pending.keys()]) this.settle(rid, { type: 'error', code: 'disconnected' });
    }

    scheduleReconnect() {
        this.setState('reconnecting');
        this.timers.clearTimeout(this.reconnectTimer);
        this.reconnectTimer = this.timers.setTimeout(() => this.open(), this.backoff.next());
    }

    /** Ping after pingIntervalMs of silence. */
    armPing() {
        this.timers.clearTimeout(this.pingTimer);
        this.timers.clearTimeout(this.pongTimer);
        this.pongTimer = null;
        this.pingTimer = this.timers.setTimeout(() => this.probe(), this.pingIntervalMs);
    }

    /**
     * Ask the server now: no frame at all within pongTimeoutMs means a dead link. Only an open
     * socket is asked; one still connecting has its own deadline.
     */
    probe() {
        if (this.pongTimer || !this.socket || this.socket.readyState !== 1) return; // one at a time
        const socket = this.socket;
        if (!this.write({ type: 'ping', rid: `p${this.nextRid++}` })) return;
        this.pongTimer = this.timers.setTimeout(() => this.lost(socket), this.pongTimeoutMs);
    }

    /** Something was sent after a quiet spell: make sure somebody is still listening. */
    probeIfQuiet() {
        if (this.now() - this.lastHeardAt >= this.probeAfterQuietMs) this.probe();
    }

    write(obj) {
        const socket = this.socket;
        if (!socket || socket.readyState !== 1) return false;
        try {
            socket.send(JSON.stringify(obj));
            return true;
        } catch {
            return false;
        }
    }

    setState(state) {
        if (state === this.state) return;
        this.state = state;
        this.emit('state', state);
    }
}
