// Keeps the host page from scrolling behind the full-screen panel on a phone: while `hold(true)`
// and the viewport is narrower than 600 px, the page's <html> gets `overflow: hidden`; the
// page's own inline value comes back as it was on `hold(false)` or when the viewport widens.
export const PHONE_QUERY = '(max-width: 599.98px)';

export function pageScrollLock(doc) {
    const phone = doc.defaultView.matchMedia(PHONE_QUERY);
    const html = doc.documentElement;
    let held = false;
    let saved = null; // [value, priority] of the page's inline overflow while locked

    function update() {
        const lock = held && phone.matches;
        if (lock && !saved) {
            saved = [html.style.getPropertyValue('overflow'), html.style.getPropertyPriority('overflow')];
            html.style.setProperty('overflow', 'hidden', 'important');
        } else if (!lock && saved) {
            html.style.setProperty('overflow', ...saved);
            if (!saved[0]) html.style.removeProperty('overflow');
            if (!html.getAttribute('style')) html.removeAttribute('style');
            saved = null;
        }
    }
    phone.addEventListener('change', update);
    return {
        hold(on) {
            held = on;
            update();
        },
    };
}
