// Element construction without HTML parsing: text always goes in through text nodes, so
// nothing a visitor or agent writes can become markup.

/**
 * el('button', {class: 'x', type: 'button', onclick: fn, 'aria-label': 'Close'}, 'text', child)
 * Attributes with value false/null/undefined are skipped; `on*` keys add listeners.
 */
export function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
        if (value === false || value === null || value === undefined) continue;
        if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
        else if (name === 'value') node.value = value;
        else node.setAttribute(name, value === true ? '' : String(value));
    }
    append(node, children);
    return node;
}

function append(node, children) {
    for (const child of children.flat()) {
        if (child === null || child === undefined || child === false) continue;
        node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
}

export function replaceChildren(node, ...children) {
    node.textContent = '';
    append(node, children);
}

// widget.js and each chunk have their own copy of this module: a tag of its own keeps ids unique
const copy = Math.random().toString(36).slice(2, 6);
let idCounter = 0;
export function uid(prefix) {
    return `${prefix}-${copy}${++idCounter}`;
}

/** SVG icons from fixed path data (never from data), filled, or drawn as 2 px lines with `stroke`. */
export function icon(pathData, size = 24, stroke = false) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', size);
    svg.setAttribute('height', size);
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', pathData);
    if (stroke) {
        path.setAttribute('fill', 'none');
        path.setAttribute('stroke', 'currentColor');
        path.setAttribute('stroke-width', '2');
        path.setAttribute('stroke-linecap', 'round');
        path.setAttribute('stroke-linejoin', 'round');
    } else path.setAttribute('fill', 'currentColor');
    svg.append(path);
    return svg;
}

export const ICONS = {
    chat: 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z',
    close: 'M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z',
    send: 'M2 21 23 12 2 3v7l15 2-15 2z',
    smile: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16zM8.5 11a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3zm7 0a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3zM12 17.5c2.3 0 4.3-1.4 5.1-3.5H6.9c.8 2.1 2.8 3.5 5.1 3.5z',
    // line icons (stroke): a paper clip, a page with a folded corner
    clip: 'M17 7.5v8.5a5 5 0 0 1-10 0V6a3.5 3.5 0 0 1 7 0v9.5a2 2 0 0 1-4 0V8',
    file: 'M14 3H6v18h12V7zm0 0v4h4',
    up: 'M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6c-.4.4-.6.9-.6 1.4v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z',
    down: 'M22 3h-4v12h4V3zM2 14a2 2 0 0 0 2 2h6.3l-1 4.6v.3c0 .4.2.8.4 1.1l1.1 1 6.6-6.6c.4-.4.6-.9.6-1.4V5a2 2 0 0 0-2-2H7c-.8 0-1.5.5-1.8 1.2l-3 7.1c-.1.2-.2.5-.2.7v2z',
};
