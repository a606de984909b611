// Carries the message log's scroll position to the next page (page-memory.js): recorded as the
// log scrolls, put back once after the history is rendered. A log that was at its newest line
// is put at its newest line again, also when messages came in meanwhile.
import { isNearEnd } from './message-log.js';
import { scrollAnchor } from '../page-memory.js';

export function keepLogPosition(log, memory) {
    let restored = false;
    let frame = 0;
    log.addEventListener(
        'scroll',
        () => {
            if (!restored || frame) return;
            frame = requestAnimationFrame(() => {
                frame = 0;
                if (log.clientHeight) memory.setScroll(positionOf(log));
            });
        },
        { passive: true },
    );
    return {
        /** After each render of the log; `ready` once the history is in: restores the first time. */
        rendered(ready) {
            if (restored || !ready || !log.clientHeight) return;
            restored = true;
            restore(log, memory.scroll);
        },
        /** The visitor opened the chat on this page, which shows the newest line: nothing to restore. */
        skip() {
            restored = true;
        },
    };
}

function* rows(log) {
    for (const node of log.querySelectorAll('.msg[data-seq]')) {
        const { top, bottom } = node.getBoundingClientRect();
        yield { seq: Number(node.dataset.seq), top, bottom };
    }
}

function positionOf(log) {
    return scrollAnchor(rows(log), log.getBoundingClientRect().top, isNearEnd(log));
}

function restore(log, saved) {
    const node = saved.seq && log.querySelector(`.msg[data-seq="${saved.seq}"]`);
    if (!node) {
        log.scrollTop = log.scrollHeight;
        return;
    }
    log.scrollTop += node.getBoundingClientRect().top - log.getBoundingClientRect().top - saved.offset;
}
