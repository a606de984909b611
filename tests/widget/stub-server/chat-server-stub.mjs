#!/usr/bin/env node
// A small stand-in for the C++ chat-server, used only to develop and self-check the widget
// browser tests before the real server exists. It implements the CLI contract the tests
// use (site add|set, agent add, serve) and the chat.v1 subset the widget and the scripted
// agent exercise, with a JSON file as database. It is NOT the product and NOT a reference:
// docs/protocol.md and the real server decide. Run the suite against the real binary.
import { createServer } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(new URL('../../../widget/package.json', import.meta.url));
const { WebSocketServer } = require('ws');
const widgetDir = fileURLToPath(new URL('../../../widget/', import.meta.url));

const [command, sub, ...rest] = process.argv.slice(2);
const argv = command === 'serve' ? [sub, ...rest] : rest;
const opt = (name, fallback) => {
    const i = argv.indexOf(`--${name}`);
    return i === -1 ? fallback : argv[i + 1];
};
const token = () => randomBytes(24).toString('base64url');
const id = () => randomBytes(8).toString('hex');
const sha = (s) => createHash('sha256').update(s).digest('hex');

const dbPath = opt('db');
if (!dbPath) fail('--db is required');
const db = existsSync(dbPath)
    ? JSON.parse(readFileSync(dbPath, 'utf8'))
    : { sites: [], agents: [], visitors: [], conversations: [], messages: [], sessions: [] };
function save() {
    writeFileSync(`${dbPath}.tmp`, JSON.stringify(db));
    renameSync(`${dbPath}.tmp`, dbPath);
}
function fail(message) {
    process.stderr.write(`chat-server-stub: ${message}\n`);
    process.exit(2);
}

if (command === 'site' && sub === 'add') {
    const site = {
        id: id(),
        key: `sk_${token().slice(0, 20)}`,
        name: opt('name', 'Site'),
        origin: opt('origin'),
        title: '',
        greeting: '',
        color: '#1f6feb',
        position: 'right',
        preChatForm: false,
        offlineForm: true,
    };
    db.sites.push(site);
    save();
    console.log(site.key);
} else if (command === 'site' && sub === 'set') {
    const site = db.sites.find((s) => s.key === opt('key')) || fail('unknown site');
    for (const [flag, field] of [
        ['title', 'title'],
        ['greeting', 'greeting'],
        ['color', 'color'],
        ['position', 'position'],
    ]) {
        if (opt(flag) !== undefined) site[field] = opt(flag);
    }
    if (opt('prechat') !== undefined) site.preChatForm = opt('prechat') === 'on';
    if (opt('offline-form') !== undefined) site.offlineForm = opt('offline-form') === 'on';
    save();
} else if (command === 'agent' && sub === 'add') {
    const password = readFileSync(0, 'utf8').split('\n')[0];
    const agent = {
        id: id(),
        email: opt('email'),
        name: opt('name'),
        passwordHash: sha(password),
        maxChats: Number(opt('max-chats', 3)),
        role: 'admin',
        status: 'offline',
        lastSeenAt: null,
    };
    db.agents.push(agent);
    save();
    console.log(agent.id);
} else if (command === 'serve') {
    serve();
} else {
    fail(`unknown command ${command} ${sub}`);
}

function serve() {
    const [host, port] = opt('listen', '127.0.0.1:8080').split(':');
    const graceMs = Number(opt('agent-grace-seconds', 60)) * 1000;
    const widgetFolder = process.env.CHAT_WIDGET_DIR || widgetDir; // holds dist/widget.js and demo.html
    const visitorSockets = new Set(); // ws with .visitor, .site
    const agentSockets = new Set(); // ws with .agent
    const graceTimers = new Map();
    const lastAssignedAt = new Map();
    for (const a of db.agents) a.status = 'offline';

    const http = createServer((req, res) => {
        const url = new URL(req.url, 'http://x');
        if (url.pathname === '/widget.js') {
            res.writeHead(200, { 'content-type': 'text/javascript' });
            res.end(readFileSync(join(widgetFolder, 'dist', 'widget.js')));
        } else if (url.pathname === '/demo') {
            const key = url.searchParams.get('site') || db.sites[0]?.key || '';
            const html = readFileSync(join(widgetFolder, 'demo.html'), 'utf8').replaceAll('{{SITE_KEY}}', key);
            res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
            res.end(html);
        } else if (url.pathname === '/healthz') {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ status: 'ok', version: 'stub', database: 'ok' }));
        } else {
            res.writeHead(404).end();
        }
    });
    const wss = new WebSocketServer({
        noServer: true,
        maxPayload: 64 * 1024,
        handleProtocols: (p) => (p.has('chat.v1') ? 'chat.v1' : false),
    });
    http.on('upgrade', (req, socket, head) => {
        const path = new URL(req.url, 'http://x').pathname;
        const protocols = String(req.headers['sec-websocket-protocol'] || '')
            .split(',')
            .map((s) => s.trim());
        if (!['/ws/visitor', '/ws/agent'].includes(path) || !protocols.includes('chat.v1')) {
            socket.end(
                'HTTP/1.1 426 Upgrade Required\r\ncontent-type: application/json\r\n\r\n{"error":"unsupported_protocol"}',
            );
            return;
        }
        wss.handleUpgrade(req, socket, head, (ws) =>
            path === '/ws/visitor' ? visitorConnection(ws) : agentConnection(ws),
        );
    });
    http.listen(Number(port), host, () => console.log(`listening on http://${host}:${http.address().port}`));

    // ---- helpers ----
    const send = (ws, obj) => ws.readyState === 1 && ws.send(JSON.stringify(obj));
    const error = (ws, rid, code, message, field) => send(ws, { type: 'error', rid, code, message, field });
    const agentRef = (agentId) => {
        const a = db.agents.find((x) => x.id === agentId);
        return a ? { id: a.id, name: a.name } : null;
    };
    const openAssigned = (agentId) => db.conversations.filter((c) => c.status === 'assigned' && c.agentId === agentId);
    const online = () => db.agents.filter((a) => a.status === 'online');
    const agentsOnline = () => online().length > 0;
    const agentView = (a) => ({
        id: a.id,
        name: a.name,
        email: a.email,
        role: a.role,
        maxChats: a.maxChats,
        status: a.status,
        activeChats: openAssigned(a.id).length,
        lastSeenAt: a.lastSeenAt,
    });
    const queue = (siteId) =>
        db.conversations
            .filter((c) => c.status === 'queued' && (!siteId || c.siteId === siteId))
            .sort((a, b) => a.queuedAt - b.queuedAt);
    function estimate(c, position) {
        const agents = online();
        if (!agents.length) return null;
        const free = agents.reduce((n, a) => n + Math.max(0, a.maxChats - openAssigned(a.id).length), 0);
        if (position <= free) return 0;
        return Math.ceil((position - free) / Math.max(1, agents.length)) * 300;
    }
    function conversationView(c) {
        const v = db.visitors.find((x) => x.id === c.visitorId) || {};
        const out = {
            id: c.id,
            siteId: c.siteId,
            status: c.status,
            visitor: {
                id: v.id,
                name: v.name || null,
                email: v.email || null,
                page: v.page || null,
                userAgent: v.userAgent || null,
                language: v.language || null,
            },
            agent: c.agentId ? agentRef(c.agentId) : null,
            createdAt: c.createdAt,
            queuedAt: c.queuedAt,
            assignedAt: c.assignedAt,
            closedAt: c.closedAt,
            lastSeq: c.lastSeq,
        };
        if (c.offline) out.offline = true;
        if (c.rating) out.rating = c.rating;
        if (c.status === 'queued') {
            out.queuePosition = queue(c.siteId).indexOf(c) + 1;
            out.estimatedWaitSeconds = estimate(c, out.queuePosition);
        }
        return out;
    }
    function notifyConversation(c, { rid, to, lostAgentId } = {}) {
        const view = conversationView(c);
        for (const ws of visitorSockets)
            if (ws.visitor.id === c.visitorId)
                send(ws, { type: 'conversation.updated', ...(ws === to ? { rid } : {}), conversation: view });
        for (const ws of agentSockets) {
            if (c.status === 'queued' || c.agentId === ws.agent.id || ws.agent.id === lostAgentId) {
                send(ws, { type: 'conversation.updated', ...(ws === to ? { rid } : {}), conversation: view });
            }
        }
    }
    function notifyQueue() {
        for (const c of queue()) notifyConversation(c);
    }
    function assignNext() {
        for (const c of queue()) {
            const candidates = online().filter((a) => openAssigned(a.id).length < a.maxChats);
            if (!candidates.length) return;
            candidates.sort(
                (a, b) =>
                    openAssigned(a.id).length - openAssigned(b.id).length ||
                    (lastAssignedAt.get(a.id) || 0) - (lastAssignedAt.get(b.id) || 0),
            );
            c.status = 'assigned';
            c.agentId = candidates[0].id;
            c.assignedAt = Date.now();
            lastAssignedAt.set(c.agentId, c.assignedAt);
            save();
            notifyConversation(c);
        }
    }
    function broadcastPresence(agent) {
        for (const ws of agentSockets) send(ws, { type: 'presence', agent: agentView(agent) });
        for (const ws of visitorSockets) send(ws, { type: 'availability', agentsOnline: agentsOnline() });
    }
    function scheduleGrace(agent) {
        clearTimeout(graceTimers.get(agent.id));
        graceTimers.set(
            agent.id,
            setTimeout(() => {
                if ([...agentSockets].some((ws) => ws.agent.id === agent.id)) return;
                agent.status = 'offline';
                for (const c of openAssigned(agent.id)) {
                    c.status = 'queued';
                    c.agentId = null;
                    c.queuedAt = 0; // front of the queue
                    notifyConversation(c, { lostAgentId: agent.id });
                }
                save();
                broadcastPresence(agent);
                assignNext();
            }, graceMs),
        );
    }
    function storeMessage(c, clientId, author, body) {
        const existing = db.messages.find((m) => m.conversationId === c.id && m.clientId === clientId);
        if (existing) return { message: existing, duplicate: true };
        const message = { conversationId: c.id, seq: c.lastSeq + 1, clientId, author, body, at: Date.now() };
        c.lastSeq = message.seq;
        db.messages.push(message);
        save();
        return { message, duplicate: false };
    }
    function deliver(c, message) {
        const event = { type: 'message', ...message };
        for (const ws of visitorSockets) if (ws.visitor.id === c.visitorId) send(ws, event);
        for (const ws of agentSockets) if (ws.agent.id === c.agentId) send(ws, event);
    }
    function history(ws, msg, c) {
        const limit = Math.min(200, msg.limit || 50);
        let list = db.messages.filter((m) => m.conversationId === c.id);
        let hasMore;
        if (msg.afterSeq !== undefined) {
            list = list.filter((m) => m.seq > msg.afterSeq);
            hasMore = list.length > limit;
            list = list.slice(0, limit);
        } else {
            if (msg.beforeSeq !== undefined) list = list.filter((m) => m.seq < msg.beforeSeq);
            hasMore = list.length > limit;
            list = list.slice(-limit);
        }
        send(ws, {
            type: 'history',
            rid: msg.rid,
            conversationId: c.id,
            messages: list.map(({ conversationId, ...m }) => m),
            hasMore,
        });
    }
    function validBody(body) {
        return typeof body === 'string' && body.trim() && body.length <= 4000;
    }
    function parse(ws, data) {
        try {
            const msg = JSON.parse(String(data));
            if (msg && typeof msg === 'object' && typeof msg.type === 'string') return msg;
        } catch {
            /* fall through */
        }
        error(ws, undefined, 'bad_json', 'not a JSON object');
        return null;
    }
    function closeConversation(c, ws, rid) {
        if (c.status !== 'closed') {
            c.status = 'closed';
            c.closedAt = Date.now();
            save();
        }
        notifyConversation(c, { rid, to: ws });
        assignNext();
        notifyQueue();
    }

    // chats of agents that do not come back after a restart return to the queue
    for (const a of db.agents) if (openAssigned(a.id).length) scheduleGrace(a);

    // ---- visitors ----
    function visitorConnection(ws) {
        ws.on('message', (data) => {
            const msg = parse(ws, data);
            if (!msg) return;
            if (msg.type === 'ping') return send(ws, { type: 'pong', rid: msg.rid });
            if (!ws.visitor) {
                if (msg.type !== 'hello') return error(ws, msg.rid, 'not_authenticated', 'hello first');
                const site = db.sites.find((s) => s.key === msg.siteKey);
                if (!site) return error(ws, msg.rid, 'unknown_site', 'unknown site');
                let visitor = db.visitors.find((v) => v.token === msg.visitorToken && v.siteId === site.id);
                if (!visitor) {
                    visitor = { id: id(), token: token(), siteId: site.id };
                    db.visitors.push(visitor);
                }
                Object.assign(visitor, {
                    page: msg.page || visitor.page,
                    userAgent: msg.userAgent,
                    language: msg.language,
                });
                save();
                ws.visitor = visitor;
                ws.site = site;
                visitorSockets.add(ws);
                const mine = db.conversations.filter((c) => c.visitorId === visitor.id && !c.offline);
                const open = mine.filter((c) => c.status !== 'closed');
                const closed = mine.filter((c) => c.status === 'closed').slice(-5);
                const { key, origin, ...siteView } = site;
                return send(ws, {
                    type: 'welcome',
                    visitorId: visitor.id,
                    visitorToken: visitor.token,
                    site: siteView,
                    agentsOnline: agentsOnline(),
                    conversations: [...open, ...closed].map(conversationView),
                });
            }
            const own = (cid) => db.conversations.find((c) => c.id === cid && c.visitorId === ws.visitor.id);
            switch (msg.type) {
                case 'conversation.start': {
                    if (msg.email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(msg.email))
                        return error(ws, msg.rid, 'invalid_field', 'email must look like local@domain', 'email');
                    if (msg.name) ws.visitor.name = msg.name;
                    if (msg.email) ws.visitor.email = msg.email;
                    let c = db.conversations.find(
                        (x) => x.visitorId === ws.visitor.id && x.status !== 'closed' && !x.offline,
                    );
                    if (!c) {
                        const now = Date.now();
                        c = {
                            id: id(),
                            siteId: ws.site.id,
                            visitorId: ws.visitor.id,
                            status: 'queued',
                            agentId: null,
                            createdAt: now,
                            queuedAt: now,
                            assignedAt: null,
                            closedAt: null,
                            lastSeq: 0,
                        };
                        db.conversations.push(c);
                    }
                    save();
                    send(ws, { type: 'conversation.started', rid: msg.rid, conversation: conversationView(c) });
                    notifyConversation(c);
                    return assignNext();
                }
                case 'message.send': {
                    const c = own(msg.conversationId);
                    if (!c) return error(ws, msg.rid, 'not_found', 'no such conversation');
                    if (c.status === 'closed') return error(ws, msg.rid, 'conversation_closed', 'closed');
                    if (!validBody(msg.body)) return error(ws, msg.rid, 'invalid_field', 'body', 'body');
                    const { message, duplicate } = storeMessage(
                        c,
                        msg.clientId,
                        { role: 'visitor', id: ws.visitor.id, name: ws.visitor.name || null },
                        msg.body,
                    );
                    send(ws, {
                        type: 'message.ack',
                        rid: msg.rid,
                        conversationId: c.id,
                        clientId: msg.clientId,
                        seq: message.seq,
                        at: message.at,
                        duplicate,
                    });
                    if (!duplicate) deliver(c, message);
                    return;
                }
                case 'typing': {
                    const c = own(msg.conversationId);
                    if (!c) return;
                    for (const a of agentSockets)
                        if (a.agent.id === c.agentId)
                            send(a, {
                                type: 'typing',
                                conversationId: c.id,
                                role: 'visitor',
                                name: ws.visitor.name || null,
                                active: !!msg.active,
                            });
                    return;
                }
                case 'history.fetch': {
                    const c = own(msg.conversationId);
                    return c ? history(ws, msg, c) : error(ws, msg.rid, 'not_found', 'no such conversation');
                }
                case 'conversation.close': {
                    const c = own(msg.conversationId);
                    return c
                        ? closeConversation(c, ws, msg.rid)
                        : error(ws, msg.rid, 'not_found', 'no such conversation');
                }
                case 'conversation.rate': {
                    const c = own(msg.conversationId);
                    if (!c) return error(ws, msg.rid, 'not_found', 'no such conversation');
                    if (c.status !== 'closed') return error(ws, msg.rid, 'conflict', 'not closed');
                    c.rating = { value: msg.rating, comment: msg.comment || '' };
                    save();
                    return notifyConversation(c, { rid: msg.rid, to: ws });
                }
                case 'offline.message': {
                    if (!/^[^\s@]+@[^\s@]+$/.test(msg.email || ''))
                        return error(ws, msg.rid, 'invalid_field', 'email', 'email');
                    if (!validBody(msg.body)) return error(ws, msg.rid, 'invalid_field', 'body', 'body');
                    const now = Date.now();
                    const c = {
                        id: id(),
                        siteId: ws.site.id,
                        visitorId: ws.visitor.id,
                        status: 'closed',
                        offline: true,
                        agentId: null,
                        createdAt: now,
                        queuedAt: null,
                        assignedAt: null,
                        closedAt: now,
                        lastSeq: 0,
                    };
                    db.conversations.push(c);
                    storeMessage(c, id(), { role: 'visitor', id: ws.visitor.id, name: msg.name || null }, msg.body);
                    return send(ws, { type: 'offline.received', rid: msg.rid, conversationId: c.id });
                }
                case 'visitor.page': {
                    ws.visitor.page = msg.page;
                    save();
                    for (const c of db.conversations.filter(
                        (x) => x.visitorId === ws.visitor.id && x.status === 'assigned',
                    )) {
                        for (const a of agentSockets)
                            if (a.agent.id === c.agentId)
                                send(a, { type: 'conversation.updated', conversation: conversationView(c) });
                    }
                    return;
                }
                default:
                    return error(ws, msg.rid, 'unknown_type', `unknown type ${msg.type}`);
            }
        });
        ws.on('close', () => visitorSockets.delete(ws));
    }

    // ---- agents ----
    function agentConnection(ws) {
        ws.on('message', (data) => {
            const msg = parse(ws, data);
            if (!msg) return;
            if (msg.type === 'ping') return send(ws, { type: 'pong', rid: msg.rid });
            if (!ws.agent) {
                let agent;
                if (msg.type === 'auth.login')
                    agent = db.agents.find((a) => a.email === msg.email && a.passwordHash === sha(msg.password || ''));
                else if (msg.type === 'auth.resume')
                    agent = db.agents.find(
                        (a) => a.id === db.sessions.find((s) => s.hash === sha(msg.sessionToken || ''))?.agentId,
                    );
                else return error(ws, msg.rid, 'not_authenticated', 'auth first');
                if (!agent) return error(ws, msg.rid, 'auth_failed', 'wrong email or password');
                const sessionToken = token();
                db.sessions.push({ hash: sha(sessionToken), agentId: agent.id });
                save();
                ws.agent = agent;
                agentSockets.add(ws);
                clearTimeout(graceTimers.get(agent.id));
                send(ws, {
                    type: 'auth.ok',
                    rid: msg.rid,
                    sessionToken,
                    agent: agentView(agent),
                    serverVersion: 'stub',
                });
                return send(ws, {
                    type: 'agent.snapshot',
                    queue: queue().map(conversationView),
                    mine: openAssigned(agent.id).map(conversationView),
                    agents: db.agents.map(agentView),
                });
            }
            const conv = (cid) => db.conversations.find((c) => c.id === cid);
            switch (msg.type) {
                case 'presence.set':
                    ws.agent.status = msg.status;
                    ws.agent.lastSeenAt = Date.now();
                    save();
                    broadcastPresence(ws.agent);
                    assignNext();
                    return notifyQueue();
                case 'message.send': {
                    const c = conv(msg.conversationId);
                    if (!c) return error(ws, msg.rid, 'not_found', 'no such conversation');
                    if (c.status === 'closed') return error(ws, msg.rid, 'conversation_closed', 'closed');
                    const { message, duplicate } = storeMessage(
                        c,
                        msg.clientId,
                        { role: 'agent', id: ws.agent.id, name: ws.agent.name },
                        msg.body,
                    );
                    send(ws, {
                        type: 'message.ack',
                        rid: msg.rid,
                        conversationId: c.id,
                        clientId: msg.clientId,
                        seq: message.seq,
                        at: message.at,
                        duplicate,
                    });
                    if (!duplicate) deliver(c, message);
                    return;
                }
                case 'typing': {
                    const c = conv(msg.conversationId);
                    if (!c) return;
                    for (const v of visitorSockets)
                        if (v.visitor.id === c.visitorId)
                            send(v, {
                                type: 'typing',
                                conversationId: c.id,
                                role: 'agent',
                                name: ws.agent.name,
                                active: !!msg.active,
                            });
                    return;
                }
                case 'history.fetch': {
                    const c = conv(msg.conversationId);
                    return c ? history(ws, msg, c) : error(ws, msg.rid, 'not_found', 'no such conversation');
                }
                case 'conversation.close': {
                    const c = conv(msg.conversationId);
                    return c
                        ? closeConversation(c, ws, msg.rid)
                        : error(ws, msg.rid, 'not_found', 'no such conversation');
                }
                case 'queue.accept': {
                    const c = conv(msg.conversationId);
                    if (!c) return error(ws, msg.rid, 'not_found', 'no such conversation');
                    if (c.status !== 'queued') return error(ws, msg.rid, 'conflict', 'not queued');
                    Object.assign(c, { status: 'assigned', agentId: ws.agent.id, assignedAt: Date.now() });
                    save();
                    notifyConversation(c, { rid: msg.rid, to: ws });
                    return notifyQueue();
                }
                default:
                    return error(ws, msg.rid, 'unknown_type', `unknown type ${msg.type}`);
            }
        });
        ws.on('close', () => {
            agentSockets.delete(ws);
            if (ws.agent && ![...agentSockets].some((s) => s.agent.id === ws.agent.id)) scheduleGrace(ws.agent);
        });
    }

    process.on('SIGTERM', () => process.exit(0));
}
