// Runs the real chat-server binary ($CHAT_SERVER_BIN) through its CLI contract:
// `site add|set`, `agent add`, and `serve --listen 127.0.0.1:PORT`, which prints
// "listening on http://127.0.0.1:PORT" once it accepts connections.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { widgetDir, widgetDistDir } from './deps.mjs';

const STARTUP_TIMEOUT_MS = 20000;

/**
 * The chat-server binary the browser suites run ($CHAT_SERVER_BIN) and, when a suite cannot
 * run, why (each test is skipped with the reason, so the runner reports them). In CI
 * (CHAT_REQUIRE_SERVER=1) a missing server or widget build is a failure, not a skip.
 */
export function serverUnderTest() {
    const bin = process.env.CHAT_SERVER_BIN;
    const skip = !bin
        ? 'CHAT_SERVER_BIN is not set: build the C++ server and run with CHAT_SERVER_BIN=path/to/chat-server'
        : !existsSync(`${widgetDistDir}/widget.js`)
          ? 'widget/dist/widget.js is missing: run "npm run build" in widget/ first'
          : false;
    if (skip && process.env.CHAT_REQUIRE_SERVER === '1') throw new Error(skip);
    return { bin, skip };
}

/** A loopback port the OS considers free right now (the server is told to use it). */
export function freePort() {
    return new Promise((resolve, reject) => {
        const srv = createServer();
        srv.unref();
        srv.on('error', reject);
        srv.listen(0, '127.0.0.1', () => {
            const { port } = srv.address();
            srv.close(() => resolve(port));
        });
    });
}

/** Runs one CLI command to completion; resolves with trimmed stdout, rejects with stderr. */
export function runCli(bin, args, { input } = {}) {
    return new Promise((resolve, reject) => {
        const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err += d));
        child.on('error', reject);
        child.on('close', (code) => {
            if (code === 0) resolve(out.trim());
            else reject(new Error(`${bin} ${args.join(' ')} exited with ${code}: ${err.trim()}`));
        });
        child.stdin.end(input ?? '');
    });
}

export class ServerProcess {
    constructor({ bin, db, port, graceSeconds = 2, visitorGraceSeconds }) {
        this.bin = bin;
        this.db = db;
        this.port = port;
        this.graceSeconds = graceSeconds;
        this.visitorGraceSeconds = visitorGraceSeconds; // the server's default (60 s) when unset
        this.child = null;
        this.log = '';
    }

    get baseUrl() {
        return `http://127.0.0.1:${this.port}`;
    }

    start() {
        const args = [
            'serve',
            '--db',
            this.db,
            '--listen',
            `127.0.0.1:${this.port}`,
            '--agent-grace-seconds',
            String(this.graceSeconds),
        ];
        if (this.visitorGraceSeconds !== undefined)
            args.push('--visitor-grace-seconds', String(this.visitorGraceSeconds));
        const child = spawn(this.bin, args, {
            stdio: ['ignore', 'pipe', 'pipe'],
            // CHAT_WIDGET_DIR is the widget folder: the server reads dist/widget.js and demo.html in it
            env: { ...process.env, CHAT_WIDGET_DIR: process.env.CHAT_WIDGET_DIR || widgetDir },
        });
        this.child = child;
        child.stderr.on('data', (d) => (this.log += d));
        return new Promise((resolve, reject) => {
            let buffer = '';
            const timer = setTimeout(
                () => fail(new Error(`server did not print "listening on" within ${STARTUP_TIMEOUT_MS} ms`)),
                STARTUP_TIMEOUT_MS,
            );
            const fail = (error) => {
                clearTimeout(timer);
                reject(new Error(`${error.message}\n--- server output ---\n${this.log}`));
            };
            child.on('error', fail);
            child.once('exit', (code) => fail(new Error(`server exited with ${code} before listening`)));
            child.stdout.on('data', (d) => {
                buffer += d;
                this.log += d;
                const match = buffer.match(/listening on (http:\/\/\S+)/);
                if (match) {
                    clearTimeout(timer);
                    child.removeAllListeners('exit');
                    buffer = '';
                    resolve(match[1]);
                }
            });
        });
    }

    /** Stops the server; SIGKILL models a crash (nothing flushed at exit). */
    stop(signal = 'SIGTERM') {
        const child = this.child;
        this.child = null;
        if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
        return new Promise((resolve) => {
            child.once('exit', () => resolve());
            child.kill(signal);
        });
    }
}

/** Creates the site (with `site set` options) and the agents through the CLI. */
async function populate(bin, db, origin, site, agents) {
    const added = await runCli(bin, [
        'site',
        'add',
        '--db',
        db,
        '--name',
        site.name || 'Demo shop',
        '--origin',
        origin,
    ]);
    const siteKey = added.split('\n')[0].trim();
    const flags = {
        title: '--title',
        greeting: '--greeting',
        color: '--color',
        position: '--position',
        preChat: '--prechat',
        offlineForm: '--offline-form',
        language: '--language',
        launcherOffset: '--launcher-offset',
        emojiShortcuts: '--emoji-shortcuts',
    };
    const setArgs = [];
    for (const [key, flag] of Object.entries(flags)) {
        if (site[key] === undefined) continue;
        const value = typeof site[key] === 'boolean' ? (site[key] ? 'on' : 'off') : site[key];
        setArgs.push(flag, String(value));
    }
    if (setArgs.length) await runCli(bin, ['site', 'set', '--db', db, '--key', siteKey, ...setArgs]);
    const departments = {};
    for (const name of site.departments || []) {
        const out = await runCli(bin, ['department', 'add', '--db', db, '--site', siteKey, '--name', name]);
        departments[name] = out.split('\n')[0].trim();
    }
    const accounts = [];
    for (const [i, a] of agents.entries()) {
        const email = a.email || `agent${i + 1}@example.com`;
        const password = a.password || `correct horse ${i + 1}`;
        const name = a.name || `Agent ${i + 1}`;
        const args = ['agent', 'add', '--db', db, '--email', email, '--name', name];
        if (a.maxChats) args.push('--max-chats', String(a.maxChats));
        if (a.role) args.push('--role', a.role);
        for (const d of a.departments || []) args.push('--department', departments[d]);
        const id = (await runCli(bin, args, { input: `${password}\n` })).split('\n')[0].trim();
        accounts.push({ id, email, password, name });
    }
    return { siteKey, accounts, departments };
}

/**
 * A fresh database with one site (origin = the port the server will listen on) and the
 * given agents, and the server running on it; returns what a test needs.
 */
export async function createWorld({ bin, site = {}, agents = [], visitorGraceSeconds }) {
    const dir = await mkdtemp(join(tmpdir(), 'chat-widget-e2e-'));
    const db = join(dir, 'chat.db');
    const server = new ServerProcess({ bin, db, port: await freePort(), visitorGraceSeconds });
    const dispose = async () => {
        await server.stop();
        await rm(dir, { recursive: true, force: true });
    };
    try {
        const { siteKey, accounts, departments } = await populate(bin, db, server.baseUrl, site, agents);
        await server.start();
        return {
            server,
            siteKey,
            agents: accounts,
            departments, // name -> id
            baseUrl: server.baseUrl,
            demoUrl: `${server.baseUrl}/demo?site=${encodeURIComponent(siteKey)}`,
            dispose,
        };
    } catch (error) {
        await dispose();
        throw error;
    }
}
