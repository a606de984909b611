// The visitor's chat, independent of any DOM: which site and conversation we are in, the
// message list, the outbox and typing state, kept consistent with the server through a
// ProtocolClient. The UI reads its fields and calls its methods; 'change' tells it to
// re-render.

import { Emitter } from './emitter.js';
import { MessageList } from './message-list.js';
import { Outbox } from './outbox.js';
import { TypingSender, TypingWatcher } from './typing.js';
import { randomId } from './ids.js';
import { LIMITS, isEmail, messageBodyError } from './validation.js';
import { RequestError } from './protocol-client.js';
import { cachedSite } from './site-look.js';

const RETRYABLE = new Set(['storage_error', 'internal', 'disconnected', 'timeout', 'rate_limited']);
const RETRY_MS = 3000;

/** How long to wait before asking again after a retryable error: as long as the server said. */
function retryDelay(error) {
    return error.code === 'rate_limited' ? Math.max(error.retryAfterMs || 0, 500) : RETRY_MS;
}
const HISTORY_PAGE = 200;
// how long a browser that left an offline message keeps connecting at page load to look for the answer
const OFFLINE_WATCH_MS = 30 * 24 * 3600 * 1000;

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
        this.preview = null; // the newest unread agent message: {n, author, body}, for the launcher
        this.previewCount = 0;
        this.panelOpen = false;
        this.departmentId = null; // chosen before the conversation starts, if the site has departments

        this.messages = new MessageList();
        // resume cursor of the shown conversation and whether catch-up on this connection is
        // done (docs/protocol.md, "Delivery guarantee" 5): only these say what to fetch after
        this.cursor = 0;
        this.caughtUp = false;
        // the server database's epoch the cursor and the seq numbers shown belong to
        this.epoch = null;
        this.identity = null; // {name?, email?} from identify(), sent once connected
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

    /**
     * A returning visitor with an open conversation, unsent messages or an offline message
     * that may have been answered reconnects at once.
     */
    get hasResumableChat() {
        if (!this.storage.get('token')) return false;
        const watching = Object.values(this.offlineSeen()).some((e) => e.at > this.now() - OFFLINE_WATCH_MS);
        return !!this.storage.get('conv') || this.outbox.size > 0 || watching;
    }

    connect() {
        this.client.start();
    }

    setPanelOpen(open) {
        this.panelOpen = open;
        if (open) {
            this.unread = 0;
            this.preview = null;
        }
        this.changed();
    }

    /**
     * Queue a message; it shows as pending at once and is sent when possible. With an uploaded
     * `file` the text is its caption and may be empty (uploads.js passes the clientId it showed).
     */
    sendMessage(text, file = null, clientId = this.newId()) {
        const error = file && !text.trim() ? null : messageBodyError(text);
        if (error) return error;
        if (this.conversation && !isOpenConversation(this.conversation)) return { key: 'closedNotice' };
        const conversationId = this.conversation ? this.conversation.id : null;
        this.outbox.add({ clientId, conversationId, body: text, file, createdAt: this.now() });
        this.messages.addLocal({ clientId, body: text, file, at: this.now() });
        this.typingOut.stop();
        if (conversationId) this.sendEntry({ clientId, conversationId, body: text, file });
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
        const reply = await this.client.request(request);
        if (typeof reply.conversationId === 'string') this.setOfflineSeen(reply.conversationId, 0);
        this.offlineSent = true;
        this.changed();
    }

    /**
     * Tell agents who the visitor is (visitor.update). Sent now when connected, else after
     * the next welcome; resolves with the stored Visitor.
     */
    identify(details = {}) {
        const fields = {};
        for (const key of ['name', 'email']) {
            const value = typeof details[key] === 'string' ? details[key].trim() : '';
            if (value) fields[key] = value.slice(0, LIMITS[key]);
        }
        if (fields.email && !isEmail(fields.email)) return Promise.reject(new Error('identify: invalid email'));
        if (!Object.keys(fields).length) return Promise.reject(new Error('identify: give a name or an email'));
        const pending = { fields };
        pending.done = new Promise((resolve, reject) => Object.assign(pending, { resolve, reject }));
        if (this.identity) this.identity.resolve(pending.done); // the newer details win
        this.identity = pending;
        if (this.client.ready) this.sendIdentity();
        return pending.done;
    }

    sendIdentity() {
        const pending = this.identity;
        if (!pending) return;
        this.client.request({ type: 'visitor.update', ...pending.fields }).then(
            (reply) => {
                if (this.identity === pending) this.identity = null;
                pending.resolve(reply.visitor);
            },
            (error) => {
                // a dropped link sends it again after the next welcome
                if (error.code === 'disconnected' || this.identity !== pending) return;
                this.identity = null;
                pending.reject(error);
            },
        );
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
        this.forgetMessages();
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
            this.caughtUp = false;
            this.typingOut.active = false;
            this.typingIn.clear();
        }
        this.changed();
    }

    onWelcome(w) {
        if (typeof w.visitorToken === 'string') this.storage.set('token', w.visitorToken);
        this.adoptEpoch(w.epoch);
        this.site = w.site || {};
        this.agentsOnline = w.agentsOnline !== false;
        this.storage.setJson('site', cachedSite(this.site));
        const conversations = Array.isArray(w.conversations) ? w.conversations : [];
        this.sendIdentity();
        const open = conversations.find(isOpenConversation) || null;
        const known = this.conversation && conversations.find((c) => c.id === this.conversation.id);
        if (known && (isOpenConversation(known) || !open)) this.setConversation(known);
        else if (open) this.setConversation(open);
        else if (this.conversation && isOpenConversation(this.conversation)) {
            // the server no longer knows us under this token: our chat is gone
            this.conversation = null;
            this.forgetMessages();
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
        } else {
            this.lookForOfflineAnswer(conversations);
        }
        this.changed();
    }

    onEvent(msg) {
        switch (msg.type) {
            case 'message':
                if (!this.isCurrent(msg.conversationId)) this.offlineAnswerArrived(msg);
                if (this.isCurrent(msg.conversationId)) {
                    this.advanceCursor(msg.seq);
                    this.receiveMessage(msg, true);
                    this.changed();
                }
                break;
            case 'message.ack':
                this.sendRids.delete(msg.rid);
                if (this.isCurrent(msg.conversationId)) this.advanceCursor(msg.seq);
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
        if (!c || typeof c.id !== 'string') return;
        const current = this.conversation;
        const isCurrent = this.isCurrent(c.id);
        // a newly opened conversation replaces a closed one; stray updates are ignored
        if (!isCurrent && !(isOpenConversation(c) && !isOpenConversation(current))) return;
        this.setConversation(c);
        if (!isCurrent) {
            // one that already has messages is caught up; later ones all come live on this link
            if (c.lastSeq > 0) this.catchUp();
            else this.caughtUp = this.client.ready;
            this.flush();
        }
        this.changed();
    }

    /**
     * seq numbers hold within one epoch of the server's database (docs/protocol.md, "Delivery
     * guarantee" 8). A restored backup comes with a new epoch and hands out seq numbers this
     * browser has seen already: what it knows by seq is dropped, and catch-up refetches the
     * conversation from the start. Unsent messages stay and are sent again.
     */
    adoptEpoch(epoch) {
        if (typeof epoch !== 'string' || !epoch) return; // a server without epochs
        const known = this.epoch || this.storage.get('epoch');
        this.epoch = epoch;
        this.storage.set('epoch', epoch);
        if (!known || known === epoch) return;
        this.forgetMessages();
        this.restoreOutbox();
        const offline = this.offlineSeen();
        for (const id of Object.keys(offline)) offline[id] = { ...offline[id], seen: 0 };
        this.storage.setJson('offline', offline);
    }

    forgetMessages() {
        this.messages.clear();
        this.cursor = 0;
        this.caughtUp = false;
    }

    isCurrent(conversationId) {
        return !!this.conversation && this.conversation.id === conversationId;
    }

    setConversation(c) {
        if (!this.isCurrent(c.id)) {
            // the visitor's first messages, written before the conversation existed, stay
            if (this.conversation) this.messages.clear();
            this.cursor = 0;
            this.caughtUp = false;
        }
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

    /** Only agents' messages are unread; system lines (joined, transferred, closed) are not. */
    receiveMessage(msg, countUnread) {
        const { added } = this.messages.merge(msg);
        if (typeof msg.clientId === 'string') this.outbox.remove(msg.clientId);
        if (added && msg.author && msg.author.role === 'agent') {
            this.typingIn.clear();
            if (countUnread && !this.panelOpen) {
                this.unread++;
                this.showPreview(msg);
            }
        }
    }

    /** The launcher previews the newest unread agent message; `n` tells a newer one apart. */
    showPreview(msg) {
        if (typeof msg.body !== 'string') return;
        this.preview = { n: ++this.previewCount, author: msg.author, body: msg.body, file: msg.file };
    }

    /** A live message or ack moves the cursor once catch-up is done, or when it is the next seq. */
    advanceCursor(seq) {
        if (!Number.isInteger(seq)) return;
        if ((this.caughtUp && seq > this.cursor) || seq === this.cursor + 1) this.cursor = seq;
    }

    /**
     * Fetch what was missed while the link was down: pages after the resume cursor, until
     * the server says there is no more. One loop at a time; a dropped link ends it, and the
     * next welcome starts it again.
     */
    catchUp() {
        const conversationId = this.conversation && this.conversation.id;
        if (this.catchUpRunning && this.catchUpFor === conversationId) return this.catchUpRunning;
        if (!conversationId || !this.client.ready) return Promise.resolve();
        const restoring = this.messages.stored().length === 0; // history after a reload is not unread
        const run = (async () => {
            for (;;) {
                const reply = await this.client.request({
                    type: 'history.fetch',
                    conversationId,
                    afterSeq: this.cursor,
                    limit: HISTORY_PAGE,
                });
                if (!this.isCurrent(conversationId)) return;
                const page = Array.isArray(reply.messages) ? reply.messages : [];
                for (const m of page) this.receiveMessage({ ...m, conversationId }, !restoring);
                const last = page.length ? page[page.length - 1].seq : null;
                if (Number.isInteger(last) && last > this.cursor) this.cursor = last;
                const done = !reply.hasMore || !page.length;
                if (done && this.client.ready) this.caughtUp = true;
                this.changed();
                if (done) return;
            }
        })()
            .catch(() => {})
            .finally(() => {
                if (this.catchUpRunning === run) this.catchUpRunning = null;
            });
        this.catchUpRunning = run;
        this.catchUpFor = conversationId;
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

    sendEntry({ clientId, conversationId, body, file }) {
        if (!this.client.ready) return;
        const rid = this.client.newRid();
        const frame = { type: 'message.send', rid, conversationId, clientId, body };
        if (file) frame.fileId = file.id;
        if (this.client.send(frame)) {
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
            // still in the outbox, shown as sending: nothing typed is lost
            this.timers.clearTimeout(this.retryTimer);
            this.retryTimer = this.timers.setTimeout(() => this.flush(), retryDelay(error));
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
                    }, retryDelay(e));
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

    // ---- answers to offline messages ----

    /** {conversationId: {seen: highest seq the visitor saw, at: when it was left}} */
    offlineSeen() {
        const map = this.storage.getJson('offline', {});
        return map && typeof map === 'object' ? map : {};
    }

    setOfflineSeen(conversationId, seen) {
        const map = this.offlineSeen();
        const entry = map[conversationId] || { seen: 0, at: this.now() };
        if (entry.seen === seen && map[conversationId]) return;
        map[conversationId] = { ...entry, seen };
        this.storage.setJson('offline', map);
    }

    /**
     * After welcome with nothing open: an offline message whose lastSeq grew past what this
     * browser saw is shown (as a closed conversation) if an agent answered in it.
     */
    async lookForOfflineAnswer(conversations) {
        const seenMap = this.offlineSeen();
        const seenOf = (c) => (seenMap[c.id] ? seenMap[c.id].seen : 0);
        const candidate = conversations.find((c) => c && c.offline && c.lastSeq > seenOf(c));
        if (!candidate) return;
        const seen = seenOf(candidate);
        let reply;
        try {
            reply = await this.client.request({
                type: 'history.fetch',
                conversationId: candidate.id,
                afterSeq: seen,
                limit: HISTORY_PAGE,
            });
        } catch {
            return; // asked again at the next welcome
        }
        const page = Array.isArray(reply.messages) ? reply.messages : [];
        const answers = page.filter((m) => m.author && m.author.role === 'agent');
        if (!answers.length) {
            this.setOfflineSeen(candidate.id, candidate.lastSeq);
            return;
        }
        if (this.conversation || this.outbox.hasUnassigned()) return; // the visitor started a chat meanwhile
        this.setConversation(candidate);
        this.unread = this.panelOpen ? 0 : answers.length;
        if (!this.panelOpen) this.showPreview(answers[answers.length - 1]);
        this.catchUp();
        this.changed();
    }

    /** A live agent's message in an offline conversation of this browser: show the answer. */
    offlineAnswerArrived(msg) {
        if (!msg.author || msg.author.role !== 'agent' || !(msg.conversationId in this.offlineSeen())) return;
        if (this.outbox.hasUnassigned()) return;
        if (this.conversation && !this.conversation.offline) return; // a chat, open or just closed, stays
        this.setConversation({ id: msg.conversationId, status: 'closed', offline: true, lastSeq: msg.seq });
        this.catchUp(); // the visitor's own message and anything before this one
    }

    restoreOutbox() {
        const conv = this.storage.get('conv');
        for (const e of this.outbox.entries()) {
            if (e.conversationId !== null && e.conversationId !== conv) this.outbox.remove(e.clientId);
            else this.messages.addLocal({ clientId: e.clientId, body: e.body, file: e.file, at: e.createdAt });
        }
    }

    changed() {
        const c = this.conversation;
        if (this.panelOpen && c && c.offline && this.messages.lastSeq) this.setOfflineSeen(c.id, this.messages.lastSeq);
        this.emit('change', this);
    }
}
