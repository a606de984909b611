// The widget's view: a shadow root on a host element holding the launcher and, built on
// first open, the chat dialog. It renders a ChatSession and forwards the visitor's actions.
import { el, icon, ICONS, replaceChildren, uid } from './dom.js';
import { CSS } from './styles.js';
import { createLauncher } from './launcher.js';
import { createMessageLog } from './message-log.js';
import { createComposer } from './composer.js';
import { departmentOptions } from './forms.js';
import { formatWait } from '../format.js';
import { isOpenConversation } from '../chat-session.js';
import { textColorOn } from '../contrast.js';
import { launcherOffset } from '../site-look.js';
import { replaceShortcuts } from '../emoji.js';
import { pageScrollLock } from './page-scroll.js';
import { directionOf } from '../i18n.js';
import { keepLogPosition } from './log-position.js';
import { dropZone, fileChip } from './attachment-view.js';

const HEX_COLOR = /^#[0-9a-f]{3}([0-9a-f]{3})?$/i;

// A constructed style sheet is not inline style, so pages whose Content-Security-Policy
// forbids inline styles (the server's demo page among them) still show the widget styled.
// Browsers without one get a <style> element.
// A chunk's styles are added the same way, after these, when it is first used.
function adoptStyles(shadow, doc, css) {
    const View = doc.defaultView;
    if (View && 'adoptedStyleSheets' in shadow && 'replaceSync' in View.CSSStyleSheet.prototype) {
        const sheet = new View.CSSStyleSheet();
        sheet.replaceSync(css);
        shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
    } else {
        shadow.append(el('style', {}, css));
    }
}

export class WidgetApp {
    constructor({ session, uploads, links, chunks, t, lang, memory, loadEmoji, cachedSite = {}, doc = document }) {
        this.session = session;
        this.chunks = chunks; // code loaded when used: forms, closed view, stored files (chunk-loader.js)
        this.uploads = uploads; // add(files, caption): send files (uploads.js)
        this.links = links; // (fileId) => promise of a file's signed links
        this.memory = memory; // open state, draft and scroll position across pages (page-memory.js)
        this.loadEmoji = loadEmoji; // () => promise of the picker's emoji
        this.t = t;
        this.lang = lang;
        this.doc = doc;
        this.isOpen = false;
        this.panel = null;
        this.renderedKey = null;

        this.host = el('div', { id: 'chat-widget-host', 'data-chat-widget': '' });
        this.shadow = this.host.attachShadow({ mode: 'open' });
        this.root = el('div', { class: 'root', lang, dir: directionOf(lang) });
        this.launcher = createLauncher({ t, onClick: () => this.open() });
        this.root.append(this.launcher.preview, this.launcher.el);
        adoptStyles(this.shadow, doc, CSS);
        this.styled = new Set(); // the chunks whose styles are in
        this.shadow.append(this.root);
        this.applySite(cachedSite);
        this.pageScroll = pageScrollLock(doc);
        doc.body.append(this.host);
        session.on('change', () => this.render());
    }

    applySite(site) {
        if (!site) return;
        if (typeof site.color === 'string' && HEX_COLOR.test(site.color)) {
            this.root.style.setProperty('--accent', site.color);
            this.root.style.setProperty('--on-accent', textColorOn(site.color));
        }
        this.root.classList.toggle('left', site.position === 'left');
        const offset = launcherOffset(site);
        this.root.style.setProperty('--ob', `${offset.bottom}px`);
        this.root.style.setProperty('--os', `${offset.side}px`);
        if (this.title) this.title.firstChild.textContent = site.title || this.t('defaultTitle');
    }

    /**
     * From now on in `lang` with translator `t`: the launcher and the panel are built again in
     * place, keeping what the visitor typed, where focus was and whether the chat is open.
     */
    setLanguage(lang, t) {
        if (lang === this.lang) return;
        this.lang = lang;
        this.t = t;
        this.root.lang = lang;
        this.root.dir = directionOf(lang);
        const focused = this.shadow.activeElement;
        const launcher = createLauncher({ t, onClick: () => this.open() });
        launcher.setExpanded(this.isOpen);
        this.launcher.preview.replaceWith(launcher.preview);
        this.launcher.el.replaceWith(launcher.el);
        if (focused === this.launcher.el) launcher.el.focus();
        this.launcher = launcher;
        if (!this.panel) return this.render();

        const draft = this.composer.value();
        const typed = {};
        for (const field of this.body.querySelectorAll('[name]')) typed[field.name] = field.value;
        this.panel.remove();
        this.panel = null;
        this.renderedKey = null;
        this.buildPanel(); // renders
        this.composer.setValue(draft);
        for (const field of this.body.querySelectorAll('[name]'))
            if (field.name in typed) field.value = typed[field.name];
        this.panel.hidden = !this.isOpen;
        this.log.el.scrollTop = this.log.el.scrollHeight;
        if (this.isOpen && focused && !focused.isConnected) this.focusView(); // it was in the old panel
    }

    /** Opens the panel; `restore` (the chat was open on the previous page) moves no focus. */
    open({ restore = false } = {}) {
        if (this.isOpen) return;
        this.isOpen = true;
        this.memory.setOpen(true);
        this.session.connect();
        this.chunks.load('forms').catch(() => {}); // the pre-chat and offline forms, while it connects
        this.buildPanel();
        this.root.classList.add('open');
        this.panel.hidden = false;
        // a hidden log could not follow what arrived meanwhile: open on the newest message
        this.log.el.scrollTop = this.log.el.scrollHeight;
        this.launcher.setExpanded(true);
        this.pageScroll.hold(true);
        this.session.setPanelOpen(true);
        if (restore) return;
        this.engaged = true;
        this.logPosition.skip();
        this.focusView();
    }

    close() {
        if (!this.isOpen) return;
        this.isOpen = false;
        this.memory.setOpen(false);
        this.root.classList.remove('open');
        this.panel.hidden = true;
        this.launcher.setExpanded(false);
        this.pageScroll.hold(false);
        this.session.setPanelOpen(false);
        this.launcher.el.focus();
    }

    buildPanel() {
        if (this.panel) return;
        const t = this.t;
        const titleId = uid('chatw-title');
        this.subtitle = el('span', { class: 'sub' });
        this.title = el('h2', { id: titleId }, t('defaultTitle'), this.subtitle);
        this.endButton = el(
            'button',
            { type: 'button', class: 'hbtn end', onclick: () => this.askEnd() },
            t('endChat'),
        );
        const closeButton = el(
            'button',
            { type: 'button', class: 'hbtn close', 'aria-label': t('closeChat'), onclick: () => this.close() },
            icon(ICONS.close, 20),
        );
        this.status = el('div', { class: 'status', role: 'status' });
        this.body = el('div', { class: 'body' });
        this.panel = el(
            'div',
            { class: 'panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': titleId, hidden: true },
            el('header', {}, this.title, this.endButton, closeButton),
            this.status,
            this.body,
        );
        // focus in the panel means the visitor is in it: views may move focus from now on
        this.panel.addEventListener('focusin', () => (this.engaged = true));
        this.panel.addEventListener('keydown', (e) => {
            if (e.key === 'Escape') {
                e.stopPropagation();
                this.close();
            }
        });
        this.log = createMessageLog({ t, lang: this.lang, fileView: (file) => this.fileView(file) });
        this.logPosition = keepLogPosition(this.log.el, this.memory);
        this.queue = el('div', { class: 'queue', role: 'status' });
        this.typing = el('div', { class: 'typing', 'aria-live': 'polite' });
        this.composer = createComposer({
            t,
            loadEmoji: this.loadEmoji,
            // shortcuts become emoji as the message leaves, never while the visitor types
            onSend: (text) => {
                const site = this.session.site;
                return this.session.sendMessage(site && site.emojiShortcuts ? replaceShortcuts(text) : text);
            },
            draft: this.memory.draft,
            onInput: (draft) => {
                this.session.typingInput(draft);
                this.memory.setDraft(draft);
            },
            onFiles: (files, caption) => this.uploads.add(files, caption),
        });
        dropZone(this.panel, {
            t,
            accepts: () => this.composer.el.isConnected && !this.composer.el.hidden,
            onFiles: (files) => this.composer.sendFiles(files),
        });
        this.confirm = this.endConfirmation();
        this.root.append(this.panel);
        this.render();
    }

    /**
     * "End chat" asks first, in place of the composer (whose draft stays): "End chat" or
     * "Keep chatting"; Escape keeps chatting. Focus starts on the choice that loses nothing.
     */
    endConfirmation() {
        const t = this.t;
        const questionId = uid('chatw-end');
        this.keepButton = el(
            'button',
            { type: 'button', class: 'secondary keep', onclick: () => this.hideConfirm(this.endButton) },
            t('keepChatting'),
        );
        const confirm = el(
            'div',
            { class: 'confirm', role: 'group', 'aria-labelledby': questionId, hidden: true },
            el('p', { id: questionId }, t('endConfirm')),
            el(
                'div',
                { class: 'choices' },
                el(
                    'button',
                    {
                        type: 'button',
                        class: 'primary confirm-end',
                        onclick: () => {
                            // focus waits in the chat view, which the closed view then replaces
                            this.hideConfirm(this.composer);
                            this.session.closeConversation();
                        },
                    },
                    t('endChat'),
                ),
                this.keepButton,
            ),
        );
        confirm.addEventListener('keydown', (e) => {
            if (e.key !== 'Escape') return;
            e.stopPropagation(); // not the panel's Escape, which would close it
            this.hideConfirm(this.endButton);
        });
        return confirm;
    }

    askEnd() {
        this.log.keepEnd(() => {
            this.composer.el.hidden = true;
            this.confirm.hidden = false;
        });
        this.keepButton.focus();
    }

    /** Back to the composer; `focusTarget` (an element or a view) gets focus if given. */
    hideConfirm(focusTarget) {
        this.confirm.hidden = true;
        this.composer.el.hidden = false;
        if (focusTarget) focusTarget.focus();
    }

    render() {
        const s = this.session;
        this.launcher.setUnread(s.unread);
        this.launcher.setPreview(this.isOpen ? null : s.preview);
        if (s.site) this.applySite(s.site);
        if (!this.panel) return;
        const t = this.t;

        const conv = s.conversation;
        this.subtitle.textContent = conv && conv.status === 'assigned' && conv.agent ? conv.agent.name || '' : '';
        this.endButton.hidden = !isOpenConversation(conv);
        if (this.endButton.hidden && !this.confirm.hidden) {
            // the agent ended it first: the question is moot
            this.hideConfirm(this.confirm.contains(this.shadow.activeElement) ? this.current : null);
        }
        this.status.textContent = s.connection === 'reconnecting' ? t('reconnecting') : '';

        const view = s.view;
        // the closed view is rebuilt once the rating is in, to thank instead of ask
        // and the chat view loses its department picker once the conversation exists
        let key = view;
        if (view === 'closed') key = `closed:${s.ratingSent}:${!!conv.offline}`;
        else if (view === 'chat' && !s.conversation && s.departments.length) key = 'chat:pick-department';
        if (key !== this.renderedKey) this.showView(view, key);

        if (view === 'chat' || view === 'closed') {
            this.log.setGreeting((s.site && s.site.greeting) || t('defaultGreeting'));
            this.log.render(s.messages.items);
            this.logPosition.rendered(s.caughtUp || !conv);
        }
        if (view === 'chat') {
            const queued = conv && conv.status === 'queued';
            this.queue.hidden = !queued;
            if (queued) {
                const position = Number.isInteger(conv.queuePosition)
                    ? t('queuePosition', { n: conv.queuePosition })
                    : '';
                this.queue.textContent = `${position} ${formatWait(conv.estimatedWaitSeconds, t)}`.trim();
            }
            const who = s.remoteTyping;
            this.typing.textContent = who ? (who.name ? t('typing', { name: who.name }) : t('someoneTyping')) : '';
        }
    }

    showView(view, key) {
        const t = this.t;
        const s = this.session;
        // focus was in the old view, or dropped to <body> (a disabled submit button blurs); a
        // panel restored on page load takes no focus until the visitor opens it or goes into it
        const active = this.shadow.activeElement;
        const inBody = !this.doc.activeElement || this.doc.activeElement === this.doc.body;
        const hadFocus = this.isOpen && (active ? this.body.contains(active) : this.engaged && inBody);
        const previous = this.renderedKey;
        this.renderedKey = key;
        this.current = null;
        if (view === 'chat') {
            this.hideConfirm();
            replaceChildren(
                this.body,
                this.departmentPicker(),
                this.queue,
                this.log.el,
                this.typing,
                this.composer.el,
                this.confirm,
            );
            this.current = this.composer;
            // the view after the chat's end, fetched while the visitor chats
            this.chunks.load('closed').catch(() => {});
        } else if (view === 'closed') {
            const closed = this.lazyView('closed', key, (code) =>
                code.createClosedView({
                    t,
                    rated: s.ratingSent,
                    offline: !!s.conversation.offline,
                    onRate: (rating, comment) => s.rate(rating, comment),
                    onTranscript: () => code.downloadTranscript({ session: s, t, lang: this.lang, into: this.shadow }),
                    onNewChat: () => s.newChat(),
                }),
            );
            this.log.keepEnd(() => replaceChildren(this.body, this.log.el, closed.el));
            this.current = closed;
        } else if (view === 'prechat') {
            this.current = this.lazyView('forms', key, (code) =>
                code.createPreChatForm({
                    t,
                    departments: s.departments,
                    onSubmit: (values) => s.startConversation(values),
                }),
            );
            replaceChildren(this.body, this.current.el);
        } else if (view === 'offline') {
            this.current = this.lazyView('forms', key, (code) =>
                code.createOfflineForm({ t, onSubmit: (values) => s.sendOfflineMessage(values) }),
            );
            replaceChildren(this.body, this.current.el);
        } else {
            const text = { 'offline-thanks': 'offlineThanks', unavailable: 'unavailable', connecting: 'connecting' }[
                view
            ];
            replaceChildren(this.body, el('p', { class: `center ${view}`, role: 'status' }, t(text)));
        }
        // Keep keyboard users in the panel: focus follows a view change they caused, and
        // the first real view after "connecting" gets focus as opening the panel would.
        if (
            this.isOpen &&
            (hadFocus || (this.engaged && (previous === 'connecting' || !previous || /:loading$/.test(previous))))
        )
            this.focusView();
    }

    /** Before a chat starts without a pre-chat form, the visitor may pick a department. */
    departmentPicker() {
        const s = this.session;
        if (s.conversation || !s.departments.length) return null;
        const id = uid('chatw-dept');
        const select = el(
            'select',
            { id, onchange: () => (s.departmentId = select.value || null) },
            departmentOptions(this.t, s.departments).map((o) =>
                el('option', { value: o.value, selected: o.value === (s.departmentId || '') }, o.label),
            ),
        );
        return el('div', { class: 'dept' }, el('label', { for: id }, this.t('department'), select));
    }

    focusView() {
        if (this.current) this.current.focus();
        else this.panel.querySelector('.close').focus();
    }

    /** The exports of chunk `name` if it is here (its styles are added on first use), else null. */
    chunk(name) {
        const code = this.chunks.loaded(name);
        if (code && code.css && !this.styled.has(name)) {
            this.styled.add(name);
            adoptStyles(this.shadow, this.doc, code.css);
        }
        return code;
    }

    /** A stored file in the log, drawn by chunk "files"; null until that is here. */
    fileView(file) {
        const code = this.chunk('files');
        if (code) return code.attachmentView(file, { lang: this.lang, links: this.links });
        if (this.filesFailed) return el('span', {}, fileChip(file, this.lang), ` ${this.t('errLoadFailed')}`);
        this.chunks.load('files').then(
            () => this.render(),
            () => ((this.filesFailed = true), this.render()),
        );
        return null;
    }

    /**
     * The view `make(code)` builds from chunk `name`, or, until that code is here, a stand-in that
     * says what is going on; once it is, the next render shows the view. If the code cannot be
     * had, the stand-in says so (the closed view's keeps a way to start a new chat).
     */
    lazyView(name, key, make) {
        const code = this.chunk(name);
        if (code) return make(code);
        const t = this.t;
        const closed = name === 'closed';
        const note = el(
            'p',
            { class: closed ? 'note' : 'center', role: 'status' },
            t(closed ? 'closedNotice' : 'connecting'),
        );
        const box = closed ? el('div', { class: 'closed' }, note) : note;
        const pending = (this.renderedKey = `${key}:loading`);
        this.chunks.load(name).then(
            () => this.renderedKey === pending && this.render(),
            () => {
                if (this.renderedKey !== pending) return;
                this.renderedKey = key;
                note.textContent = closed ? `${t('closedNotice')} ${t('errLoadFailed')}` : t('errLoadFailed');
                const s = this.session;
                if (closed)
                    box.append(
                        el(
                            'button',
                            { type: 'button', class: 'secondary new-chat', onclick: () => s.newChat() },
                            t('newChat'),
                        ),
                    );
            },
        );
        return { el: box, focus: () => this.panel.querySelector('.close').focus() };
    }
}
