// What the widget carries from one page of the site to the next, and over a reload: whether
// the chat is open and where its log was scrolled belong to the tab (sessionStorage: a new
// tab starts closed); the composer's unsent draft belongs to the visitor (localStorage: kept
// until it is sent, also in another tab). Both stores are namespaced per site (storage.js).

export function createPageMemory({ tab, lasting }) {
    return {
        wasOpen: tab.get('open') === '1',
        draft: lasting.get('draft') || '',
        scroll: readScroll(tab.getJson('scroll', null)),
        setOpen(open) {
            if (open) tab.set('open', '1');
            else tab.remove('open');
        },
        setDraft(text) {
            if (text) lasting.set('draft', text);
            else lasting.remove('draft');
        },
        setScroll(position) {
            tab.setJson('scroll', position);
        },
    };
}

/** A stored scroll position: {end: true}, {seq, offset}, or {end: true} for anything else. */
export function readScroll(value) {
    if (value && Number.isInteger(value.seq) && value.seq > 0 && Number.isFinite(value.offset)) {
        return { seq: value.seq, offset: value.offset };
    }
    return { end: true };
}

/**
 * Where the log is: at its end, or the first stored message (one with a seq) that is at least
 * partly in view, with its top's distance from the log's top (negative when cut off above).
 * `rows` (any iterable, read only as far as needed) are {seq, top, bottom} in document order,
 * `viewTop` the log's top, all measured in one frame.
 */
export function scrollAnchor(rows, viewTop, atEnd) {
    if (atEnd) return { end: true };
    for (const row of rows) {
        if (Number.isInteger(row.seq) && row.bottom > viewTop)
            return { seq: row.seq, offset: Math.round(row.top - viewTop) };
    }
    return { end: true };
}
