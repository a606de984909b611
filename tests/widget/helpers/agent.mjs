// A scripted support agent: a real chat.v1 client on /ws/agent (npm `ws`). It logs in,
// goes online and lets a test wait for server events and answer them.
import { WebSocket } from './deps.mjs';

const WAIT_MS = 15000;

export class ScriptedAgent {
    constructor(socket) {
        this.socket = socket;
        this.received = [];
        this.waiters = [];
        this.nextId = 1;
        this.closed = new Promise((resolve) => socket.once('close', resolve));
        socket.on('message', (data) => {
            const msg = JSON.parse(String(data));
            this.received.push(msg);
            for (const w of [...this.waiters]) {
                if (w.predicate(msg)) w.resolve(msg);
            }
        });
    }

    static async login(baseUrl, { email, password }, { online = true } = {}) {
        const url = `${baseUrl.replace(/^http/, 'ws')}/ws/agent`;
        const socket = new WebSocket(url, 'chat.v1');
        await new Promise((resolve, reject) => {
            socket.once('open', resolve);
            socket.once('error', reject);
        });
        const agent = new ScriptedAgent(socket);
        const ok = await agent.request({ type: 'auth.login', email, password });
        agent.me = ok.agent;
        agent.sessionToken = ok.sessionToken;
        agent.snapshot = await agent.waitFor((m) => m.type === 'agent.snapshot');
        if (online) await agent.setPresence('online');
        return agent;
    }

    /** Resolves with the first received message (earlier or later) that matches. */
    waitFor(predicate, { timeoutMs = WAIT_MS, since = 0, what = predicate.toString() } = {}) {
        const earlier = this.received.slice(since).find(predicate);
        if (earlier) return Promise.resolve(earlier);
        return new Promise((resolve, reject) => {
            const waiter = {
                predicate,
                resolve: (msg) => {
                    clearTimeout(timer);
                    this.waiters.splice(this.waiters.indexOf(waiter), 1);
                    resolve(msg);
                },
            };
            const timer = setTimeout(() => {
                this.waiters.splice(this.waiters.indexOf(waiter), 1);
                reject(
                    new Error(
                        `agent waited ${timeoutMs} ms for ${what}; got types: ${this.received.map((m) => m.type).join(',')}`,
                    ),
                );
            }, timeoutMs);
            this.waiters.push(waiter);
        });
    }

    /** Index to pass as `since` to wait only for what arrives after this point. */
    mark() {
        return this.received.length;
    }

    send(obj) {
        this.socket.send(JSON.stringify(obj));
    }

    async request(obj) {
        const rid = `a${this.nextId++}`;
        const since = this.mark();
        this.send({ ...obj, rid });
        const reply = await this.waitFor((m) => m.rid === rid, { since, what: `reply to ${obj.type}` });
        if (reply.type === 'error') throw new Error(`${obj.type} failed: ${reply.code} ${reply.message || ''}`);
        return reply;
    }

    async setPresence(status) {
        const since = this.mark();
        this.send({ type: 'presence.set', status });
        await this.waitFor(
            (m) => m.type === 'presence' && m.agent && m.agent.id === this.me.id && m.agent.status === status,
            {
                since,
                what: `presence ${status}`,
            },
        );
    }

    /** The first conversation (queued or assigned to me) with a message, or any update, matching. */
    waitForConversation(predicate = () => true, options) {
        return this.waitFor(
            (m) => m.type === 'conversation.updated' && m.conversation && predicate(m.conversation),
            options,
        ).then((m) => m.conversation);
    }

    waitForMessage(body, options) {
        return this.waitFor((m) => m.type === 'message' && m.body === body, { what: `message "${body}"`, ...options });
    }

    sendMessage(conversationId, body) {
        return this.request({
            type: 'message.send',
            conversationId,
            clientId: `agent-${Date.now()}-${this.nextId++}`,
            body,
        });
    }

    /** An internal note: stored in the conversation for agents only. */
    sendNote(conversationId, body) {
        return this.request({
            type: 'message.send',
            conversationId,
            clientId: `note-${Date.now()}-${this.nextId++}`,
            body,
            internal: true,
        });
    }

    transfer(conversationId, toAgentId, note) {
        return this.request({ type: 'conversation.transfer', conversationId, toAgentId, ...(note ? { note } : {}) });
    }

    claimOffline(conversationId) {
        return this.request({ type: 'offline.claim', conversationId });
    }

    /** The visitor's conversations as agents see them (newest first). */
    async visitorConversations(visitorId) {
        return (await this.request({ type: 'visitor.conversations', visitorId })).conversations;
    }

    /** GET an admin HTTP route of the server with this agent's session token. */
    async getJson(baseUrl, path) {
        const response = await fetch(`${baseUrl}${path}`, {
            headers: { Authorization: `Bearer ${this.sessionToken}` },
        });
        if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
        return response.json();
    }

    typing(conversationId, active) {
        this.send({ type: 'typing', conversationId, active });
    }

    closeConversation(conversationId) {
        return this.request({ type: 'conversation.close', conversationId });
    }

    /** Every stored message of a conversation, from the server. */
    async history(conversationId) {
        const messages = [];
        let afterSeq = 0;
        for (;;) {
            const page = await this.request({ type: 'history.fetch', conversationId, afterSeq, limit: 200 });
            messages.push(...page.messages);
            if (!page.hasMore || !page.messages.length) return messages;
            afterSeq = page.messages[page.messages.length - 1].seq;
        }
    }

    async close() {
        if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
            this.socket.close();
            await this.closed;
        }
    }
}
