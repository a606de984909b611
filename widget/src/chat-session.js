// The visitor's chat, independent of any DOM: which site and conversation we are in, the
// message list, the outbox and typing state, kept consistent with the server through a
// ProtocolClient. The UI reads its fields and calls its methods; 'change' tells it to
// re-render.

import { Emitter } from './emitter.js';
import { MessageList } from './message-list.js';
import { Outbox } from './outbox.js';
import { TypingSender, TypingWatcher } from './typing.js';
import { randomId } from './ids.js';
import { messageBodyError } from './validation.js';
import { RequestError } from './protocol-client.js';

const RETRYABLE = new Set(['storage_error', 'internal', 'disconnected', 'timeout']);
const HISTORY_PAGE = 200;

export function isOpenConversation(c) {
    return !!c && (c.status === 'queued' || c.status === 'assigned') && !c.offline;
}

/** Which screen the panel shows for a session state. */
export function currentView(s) {
    if (s.failed) return 'unavailable';
    if (!s.site) return 'connecting';
    if (s.conversation) return s.conversation.status === 'closed' ? 'closed' : 'chat';
    if (s.offlineSent) return 'offline-thanks';
    if (s.agentsOnline === false && s.site.offlineForm) return 'offline';
    if (s.site.preChatForm && !s.hasUnstartedMessages) return 'prechat';
    return 'chat';
}

export class ChatSession extends Emitter {
    constructor({ client, storage, page, timers = globalThis, now = Date.now, newId = randomId }) {
        super();
        this.client = client;
        this.storage = storage;
        this.page = page; // () => {url, title, referrer}
        this.timers = timers;
        this.now = now;
        this.newId = newId;

        this.connection = client.state;
        this.failed = false;
        this.site = null;
        this.agentsOnline = null;
        this.conversation = null;
        this.offlineSent = false;
        this.ratingSent = false;
        this.remoteTyping = null;
        this.unread = 0;
        this.panelOpen = false;
        this.departmentId = null; // chosen before the conversation starts, if the site has departments

        this.messages = new MessageList();
        this.outbox = new Outbox(storage);
        this.sendRids = new Map(); // rid of a message.send -> clientId
        this.catchUpRunning = null;
        this.retryTimer = null;
        this.pageSent = false;
        this.typingOut = new TypingSender((active) => this.sendTyping(active), { timers });
        this.typingIn = new TypingWatcher(
            (who) => {
                this.remoteTyping = who;
                this.changed();
            },
            { timers },
        );

        this.restoreOutbox();
        client.on('state', (state) => this.onState(state));
        client.on('welcome', (w) => this.onWelcome(w));
        client.on('event', (e) => this.onEvent(e));
        client.on('fatal', () => {
            this.failed = true;
            this.changed();
        });
    }

    get view() {
        return currentView(this);
    }

    /** The site's departments a visitor may choose from, or an empty list. */
    get departments() {
        const list = this.site && Array.isArray(this.site.departments) ? this.site.departments : [];
        return list.filter((d) => d && typeof d.id === 'string' && typeof d.name === 'string');
    }

    get hasUnstartedMessages() {
        return this.outbox.hasUnassigned();
    }

    /** A returning visitor with an open conversation or unsent messages reconnects at once. */
    get hasResumableChat() {
        return !!this.storage.get('token') && (!!this.storage.get('conv') || this.outbox.size > 0);
    }

    connect() {
        this.client.start();
    }

    setPanelOpen(open) {
        this.panelOpen = open;
        if (open) this.unread = 0;
        this.changed();
    }

    /** Queue a message; it shows as pending at once and is sent when possible. */
    sendMessage(text) {
        const error = messageBodyError(text);
        if (error) return error;
        if (this.conversation && !isOpenConversation(this.conversation)) return { key: 'closedNotice' };
        const clientId = this.newId();
        const conversationId = this.conversation ? this.conversation.id : null;
        this.outbox.add({ clientId, conversationId, body: text, createdAt: this.now() });
        this.messages.addLocal({ clientId, body: text, at: this.now() });
        this.typingOut.stop();
        if (conversationId) this.sendEntry({ clientId, conversationId, body: text });
        else this.requestStart();
        this.changed();
        return null;
    }

    /** Start (or get back) the open conversation, with pre-chat details if given. */
    async startConversation(details = {}) {
        const fields = {};
        if (details.name) fields.name = details.name;
        if (details.email) fields.email = details.email;
        const departmentId = details.departmentId || this.departmentId;
        if (departmentId) fields.departmentId = departmentId;
        const reply = await this.client.request({ type: 'conversation.start', ...fields });
        return reply.conversation;
    }

    typingInput(draft) {
        if (!this.conversation || !isOpenConversation(this.conversation)) return;
        if (draft && draft.trim()) this.typingOut.input();
        else this.typingOut.stop();
    }

    closeConversation() {
        if (!isOpenConversation(this.conversation)) return;
        this.typingOut.stop();
        this.client.send({
            type: 'conversation.close',
            rid: this.client.newRid(),
            conversationId: this.conversation.id,
        });
    }

    async rate(rating, comment) {
        const request = { type: 'conversation.rate', conversationId: this.conversation.id, rating };
        if (comment) request.comment = comment;
        await this.client.request(request);
        this.ratingSent = true;
        this.changed();
    }

    async sendOfflineMessage({ name, email, body }) {
        const request = { type: 'offline.message', email, body };
        if (name) request.name = name;
        await this.client.request(request);
        this.offlineSent = true;
        this.changed();
    }

    /** Every stored message of the conversation, fetched from the server in pages. */
    async fetchAllMessages() {
        const conversationId = this.conversation.id;
        const all = [];
        let afterSeq = 0;
        for (;;) {
            const reply = await this.client.request({
                type: 'history.fetch',
                conversationId,
                afterSeq,
                limit: HISTORY_PAGE,
            });
            const page = Array.isArray(reply.messages) ? reply.messages : [];
            all.push(...page);
            if (!reply.hasMore || !page.length) return all;
            afterSeq = page[page.length - 1].seq;
        }
    }

    /** Leave a closed conversation behind and show the start screen again. */
    newChat() {
        if (isOpenConversation(this.conversation)) return;
        this.conversation = null;
        this.messages.clear();
        this.ratingSent = false;
        this.offlineSent = false;
        this.typingIn.clear();
        this.changed();
    }

    // ---- server side ----

    onState(state) {
        this.connection = state;
        if (state !== 'ready') {
            this.sendRids.clear();
            this.catchUpRunning = null;
            this.typingOut.active = false;
            this.typingIn.clear();
        }
        this.changed();
    }

    onWelcome(w) {
        if (typeof w.visitorToken === 'string') this.storage.set('token', w.visitorToken);
        this.site = w.site || {};
        this.agentsOnline = w.agentsOnline !== false;
        this.storage.setJson('site', {
            title: this.site.title,
            color: this.site.color,
            position: this.site.position,
        });
        const conversations = Array.isArray(w.conversations) ? w.conversations : [];
        const open = conversations.find(isOpenConversation) || null;
        const known = this.conversation && conversations.find((c) => c.id === this.conversation.id);
        if (known && (isOpenConversation(known) || !open)) this.setConversation(known);
        else if (open) this.setConversation(open);
        else if (this.conversation && isOpenConversation(this.conversation)) {
            // the server no longer knows us under this token: our chat is gone
            this.conversation = null;
            this.messages.clear();
            this.storage.remove('conv');
        }

        if (isOpenConversation(this.conversation)) {
            if (!this.pageSent) {
                this.pageSent = true;
                this.client.send({ type: 'visitor.page', page: this.page() });
            }
            this.catchUp().then(() => this.flush());
        } else if (this.conversation) {
            // closed while we were away: fetch its last messages; what is still unsent never will be
            const closedId = this.conversation.id;
            this.catchUp().then(() => this.dropUnsendable(closedId));
        } else if (this.outbox.hasUnassigned()) {
            this.requestStart();
        }
        this.changed();
    }

    onEvent(msg) {
        switch (msg.type) {
            case 'message':
                if (this.conversation && msg.conversationId === this.conversation.id) {
                    this.receiveMessage(msg, true);
                    this.changed();
                }
                break;
            case 'message.ack':
                this.sendRids.delete(msg.rid);
                if (this.messages.acknowledge(msg)) this.changed();
                this.outbox.remove(msg.clientId);
                break;
            case 'conversation.started':
            case 'conversation.updated':
                this.receiveConversation(msg.conversation);
                break;
            case 'typing':
                if (this.conversation && msg.conversationId === this.conversation.id && msg.role !== 'visitor') {
                    this.typingIn.update(msg);
                }
                break;
            case 'availability':
                this.agentsOnline = !!msg.agentsOnline;
                this.changed();
                break;
            case 'error':
                if (this.sendRids.has(msg.rid)) this.sendFailed(this.sendRids.get(msg.rid), msg);
                break;
            default:
                break;
        }
    }

    receiveConversation(c) {
        if (!c || typeof c.id !== 'string' || c.offline) return;
        const current = this.conversation;
        const isCurrent = current && current.id === c.id;
        // a newly opened conversation replaces a closed one; stray updates are ignored
        if (!isCurrent && !(isOpenConversation(c) && !isOpenConversation(current))) return;
        this.setConversation(c);
        if (!isCurrent) this.flush();
        this.changed();
    }

    setConversation(c) {
        if (this.conversation && this.conversation.id !== c.id) this.messages.clear();
        this.conversation = c;
        if (isOpenConversation(c)) {
            this.storage.set('conv', c.id);
            this.outbox.assignConversation(c.id);
        } else {
            this.storage.remove('conv');
            this.typingOut.stop();
            this.typingIn.clear();
            if (c.rating) this.ratingSent = true;
        }
    }

    receiveMessage(msg, live) {
        const { added } = this.messages.merge(msg);
        if (typeof msg.clientId === 'string') this.outbox.remove(msg.clientId);
        const fromOtherSide = msg.author && msg.author.role !== 'visitor';
        if (added && fromOtherSide) {
            if (msg.author.role === 'agent') this.typingIn.clear();
            if (live && !this.panelOpen) this.unread++;
        }
    }

    /**
     * Fetch what was missed while the link was down: pages after the highest seq seen, until
     * the server says there is no more. One loop at a time; a dropped link ends it, and the
     * next welcome starts it again.
     */
    catchUp() {
        if (this.catchUpRunning) return this.catchUpRunning;
        const conversationId = this.conversation && this.conversation.id;
        if (!conversationId || !this.client.ready) return Promise.resolve();
        const restoring = this.messages.stored().length === 0; // history after a reload is not unread
        const run = (async () => {
            for (;;) {
                const reply = await this.client.request({
                    type: 'history.fetch',
                    conversationId,
                    afterSeq: this.messages.lastSeq,
                    limit: HISTORY_PAGE,
                });
                if (!this.conversation || this.conversation.id !== conversationId) return;
                const page = Array.isArray(reply.messages) ? reply.messages : [];
                for (const m of page) this.receiveMessage({ ...m, conversationId }, !restoring);
                this.changed();
                if (!reply.hasMore || !page.length) return;
            }
        })()
            .catch(() => {})
            .finally(() => {
                if (this.catchUpRunning === run) this.catchUpRunning = null;
            });
        this.catchUpRunning = run;
        return run;
    }

    /** (Re)send every unacknowledged message of the open conversation with its clientId. */
    flush() {
        if (!isOpenConversation(this.conversation)) return;
        for (const entry of this.outbox.entries(this.conversation.id)) {
            const inFlight = [...this.sendRids.values()].includes(entry.clientId);
            if (!inFlight) this.sendEntry(entry);
        }
    }

    sendEntry({ clientId, conversationId, body }) {
        if (!this.client.ready) return;
        const rid = this.client.newRid();
        if (this.client.send({ type: 'message.send', rid, conversationId, clientId, body })) {
            this.sendRids.set(rid, clientId);
        }
    }

    dropUnsendable(conversationId) {
        for (const entry of this.outbox.entries(conversationId)) {
            this.outbox.remove(entry.clientId);
            this.messages.markFailed(entry.clientId);
        }
        this.changed();
    }

    sendFailed(clientId, error) {
        for (const [rid, id] of this.sendRids) if (id === clientId) this.sendRids.delete(rid);
        if (RETRYABLE.has(error.code)) {
            this.timers.clearTimeout(this.retryTimer);
            this.retryTimer = this.timers.setTimeout(() => this.flush(), 3000);
            return;
        }
        this.outbox.remove(clientId);
        this.messages.markFailed(clientId);
        this.changed();
    }

    requestStart() {
        if (this.starting || !this.client.ready) return;
        this.starting = true;
        this.startConversation()
            .catch((e) => {
                // storage_error and friends: nothing was stored, so ask again a little later;
                // a dropped link asks again after the next welcome
                if (e instanceof RequestError && RETRYABLE.has(e.code) && e.code !== 'disconnected') {
                    this.timers.clearTimeout(this.startTimer);
                    this.startTimer = this.timers.setTimeout(() => {
                        if (!this.conversation && this.outbox.hasUnassigned()) this.requestStart();
                    }, 3000);
                }
            })
            .finally(() => {
                this.starting = false;
            });
    }

    sendTyping(active) {
        if (!this.conversation || !this.client.ready) return false;
        return this.client.send({ type: 'typing', conversationId: this.conversation.id, active });
    }

    restoreOutbox() {
        const conv = this.storage.get('conv');
        for (const e of this.outbox.entries()) {
            if (e.conversationId !== null && e.conversationId !== conv) this.outbox.remove(e.clientId);
            else this.messages.addLocal({ clientId: e.clientId, body: e.body, at: e.createdAt });
        }
    }

    changed() {
        this.emit('change', this);
    }
}
