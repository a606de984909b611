// The emoji picker's grid (chunk "emoji", loaded with the list the first time the picker opens):
// one tab stop; the arrow keys move, Home/End go to the row's ends, Enter or Space picks.
import { el } from './dom.js';

const COLUMNS = 8;

export function emojiGrid({ t, emoji, onPick }) {
    const cells = emoji.map((e) =>
        el('button', { type: 'button', role: 'gridcell', tabindex: '-1', onclick: () => onPick(e) }, e),
    );
    const rows = [];
    for (let i = 0; i < cells.length; i += COLUMNS) rows.push(el('div', { role: 'row' }, cells.slice(i, i + COLUMNS)));
    const grid = el('div', { role: 'grid', 'aria-label': t('emoji') }, rows);

    function move(index) {
        const next = Math.max(0, Math.min(cells.length - 1, index));
        cells.forEach((cell, i) => cell.setAttribute('tabindex', i === next ? '0' : '-1'));
        cells[next].focus();
    }

    grid.addEventListener('keydown', (e) => {
        const at = cells.indexOf(e.target);
        if (at < 0) return;
        const rowStart = at - (at % COLUMNS);
        const to = {
            ArrowRight: at + 1,
            ArrowLeft: at - 1,
            ArrowDown: at + COLUMNS < cells.length ? at + COLUMNS : at,
            ArrowUp: at - COLUMNS >= 0 ? at - COLUMNS : at,
            Home: rowStart,
            End: rowStart + COLUMNS - 1,
        }[e.key];
        if (to === undefined) return;
        e.preventDefault();
        move(to);
    });
    return { el: grid, move };
}
