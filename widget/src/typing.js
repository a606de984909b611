// Typing indicators as the protocol asks: send active:true at most every 3 s while the
// visitor types and active:false when they stop (3 s without input) or send; show the
// other side's active:true for at most 6 s unless renewed.

export class TypingSender {
    constructor(send, { intervalMs = 3000, idleMs = 3000, now = Date.now, timers = globalThis } = {}) {
        this.send = send;
        this.intervalMs = intervalMs;
        this.idleMs = idleMs;
        this.now = now;
        this.timers = timers;
        this.active = false;
        this.lastSentAt = -Infinity;
        this.idleTimer = null;
    }

    /** Call on every keystroke that changes the draft. */
    input() {
        const now = this.now();
        if (!this.active || now - this.lastSentAt >= this.intervalMs) {
            if (this.send(true) !== false) {
                this.active = true;
                this.lastSentAt = now;
            }
        }
        this.timers.clearTimeout(this.idleTimer);
        this.idleTimer = this.timers.setTimeout(() => this.stop(), this.idleMs);
    }

    /** Call when the message is sent or the draft is emptied. */
    stop() {
        this.timers.clearTimeout(this.idleTimer);
        this.idleTimer = null;
        if (this.active) {
            this.active = false;
            this.lastSentAt = -Infinity;
            this.send(false);
        }
    }
}

export class TypingWatcher {
    constructor(onChange, { expireMs = 6000, timers = globalThis } = {}) {
        this.onChange = onChange;
        this.expireMs = expireMs;
        this.timers = timers;
        this.who = null;
        this.timer = null;
    }

    update({ active, name, role }) {
        this.timers.clearTimeout(this.timer);
        if (active) {
            this.timer = this.timers.setTimeout(() => this.clear(), this.expireMs);
            this.set({ name: name || null, role: role || null });
        } else {
            this.clear();
        }
    }

    clear() {
        this.timers.clearTimeout(this.timer);
        this.timer = null;
        this.set(null);
    }

    set(who) {
        const changed = JSON.stringify(who) !== JSON.stringify(this.who);
        this.who = who;
        if (changed) this.onChange(who);
    }
}
