// Entry point of widget.js. Reads the embedding <script> (site key, server origin), wires
// storage, connection, session and view, and stays light until the visitor opens the
// chat — unless a conversation is already going on, when it reconnects at once.
import { ProtocolClient } from './protocol-client.js';
import { ChatSession } from './chat-session.js';
import { namespacedStorage, memoryBackend, storagePrefix } from './storage.js';
import { createTranslator, en, pickLanguage } from './i18n.js';
import { catalogLoader } from './catalog-loader.js';
import { helloFields, identityFromDataset, pageInfo } from './format.js';
import { WidgetApp } from './ui/app.js';
import { createPageMemory } from './page-memory.js';
import { emojiList } from './emoji.js';
import { fileLinks, createUploads } from './uploads.js';
import { chunkLoader } from './chunk-loader.js';

// The build's id (scripts/build.mjs): a language file or chunk of another build is fetched anew.
const BUILD = typeof __WIDGET_BUILD__ === 'string' ? __WIDGET_BUILD__ : '';
const script = document.currentScript || document.querySelector('script[data-site][src*="widget"]');

// The site key goes in the URL too, so the server checks this page's origin against the
// site's before it accepts the upgrade.
function socketUrl(src, siteKey) {
    const url = new URL(src, location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.pathname = '/ws/visitor';
    url.search = url.hash = '';
    url.searchParams.set('site', siteKey);
    return url.href;
}

// Where the server keeps what the widget loads only when used, beside widget.js: data under
// /widget/data/ (languages, the emoji list), code under /widget/chunks/ (src/chunk-loader.js).
function servedUrl(src, path) {
    const url = new URL(`/widget/${path}`, new URL(src, location.href));
    if (BUILD) url.searchParams.set('v', BUILD);
    return url.href;
}

function sessionStorageOrNull() {
    try {
        return window.sessionStorage;
    } catch {
        return null;
    }
}

// Data loaded only when used (the emoji list) comes from the server the widget came from.
async function loadData(src, name) {
    const response = await fetch(servedUrl(src, `data/${name}.json`), { credentials: 'omit' });
    if (!response.ok) throw new Error(`${name}.json: HTTP ${response.status}`);
    return response.json();
}

function storageOrMemory(name) {
    try {
        return window[name] || memoryBackend();
    } catch {
        return memoryBackend(); // access itself throws when storage is blocked
    }
}

function start() {
    if (window.__chatWidgetLoaded) return; // embedded twice
    window.__chatWidgetLoaded = true;
    const siteKey = script && script.dataset.site;
    if (!siteKey) {
        console.warn('chat widget: the <script> tag needs a data-site attribute');
        return;
    }
    const storage = namespacedStorage(storageOrMemory('localStorage'), storagePrefix(siteKey));
    const tab = namespacedStorage(storageOrMemory('sessionStorage'), storagePrefix(siteKey));
    const memory = createPageMemory({ tab, lasting: storage });
    const cachedSite = storage.getJson('site', {});
    const choose = (forced) =>
        pickLanguage({
            forced,
            browser: navigator.languages || [navigator.language],
            page: document.documentElement.lang,
        });
    const lang = choose(cachedSite.language);
    const catalogs = catalogLoader({
        builtIn: { en },
        url: (code) => servedUrl(script.src, `data/lang-${code}.json`),
        fetchFn: (...args) => window.fetch(...args),
        session: sessionStorageOrNull(),
        version: BUILD,
    });
    // English until the chosen language's strings are here (at once when this session has them)
    const ready = catalogs.cached(lang);

    const identity = identityFromDataset(script.dataset);
    const client = new ProtocolClient({
        url: socketUrl(script.src, siteKey),
        hello: () =>
            helloFields({
                siteKey,
                token: storage.get('token'),
                loc: location,
                doc: document,
                nav: navigator,
                fallbackLanguage: lang,
                timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
                identity,
            }),
    });
    const session = new ChatSession({ client, storage, page: () => pageInfo(location, document) });
    const chunks = chunkLoader({
        url: (name) => servedUrl(script.src, `chunks/${name}.js`),
        doc: document,
        global: window,
    });
    // files go over HTTP to the server the script came from
    const base = new URL(script.src, location.href).origin;
    let app = null;
    const uploads = createUploads({ session, base, lang: () => app.lang, load: () => chunks.load('uploads') });
    const links = fileLinks({ base, token: () => storage.get('token') });
    const shown = ready ? lang : 'en';
    app = new WidgetApp({
        session,
        uploads,
        links,
        chunks,
        t: createTranslator(shown, ready || en),
        lang: shown,
        memory,
        loadEmoji: () => Promise.all([chunks.load('emoji'), loadData(script.src, 'emoji').then(emojiList)]),
        cachedSite,
    });

    // Switch in place to the language wanted now: the site's forced one once the server says so.
    let wanted = null;
    const want = (code) => {
        if (code === wanted) return;
        wanted = code;
        catalogs.load(code).then((catalog) => {
            if (catalog && code === wanted) app.setLanguage(code, createTranslator(code, catalog));
        });
    };
    want(lang);
    session.on('change', () => session.site && want(choose(session.site.language)));

    const wake = () => client.wake();
    window.addEventListener('online', wake);
    // Offline: an open socket may be gone, so ask it now rather than in 10 s; no new attempt.
    window.addEventListener('offline', () => client.probe());
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && wake());

    if (session.hasResumableChat) session.connect();
    if (memory.wasOpen) app.open({ restore: true }); // open on the previous page of this tab
    window.ChatWidget = {
        open: () => app.open(),
        close: () => app.close(),
        identify: (details) => session.identify(details),
    };
    window.dispatchEvent(new Event('chatwidget:ready')); // for pages that call the API before we load
}

if (document.body) start();
else document.addEventListener('DOMContentLoaded', start);
