// Reconnect delays: exponential growth capped at maxMs, with "equal jitter" so that a
// server restart is not met by every widget reconnecting in the same instant, while no
// delay ever drops below half of its exponential step.

export function backoffDelay(attempt, { baseMs = 500, maxMs = 30000, factor = 2, random = Math.random } = {}) {
    const step = Math.min(maxMs, baseMs * factor ** Math.max(0, attempt));
    return Math.round(step / 2 + random() * (step / 2));
}

export class Backoff {
    constructor(options = {}) {
        this.options = options;
        this.attempt = 0;
    }

    /** Delay before the next attempt; each call counts one more failure. */
    next() {
        return backoffDelay(this.attempt++, this.options);
    }

    reset() {
        this.attempt = 0;
    }
}
