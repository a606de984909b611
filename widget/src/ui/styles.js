// All widget styles, inside the shadow root: nothing leaks out, and `all: initial` on the
// host stops the page's inherited styles from leaking in. --accent comes from the site, --on-accent
// is the text colour chosen for it by contrast (contrast.js). Below 600 px the open panel
// fills the screen; inputs are 16 px everywhere so iOS does not zoom in on focus. Sides inside
// the widget are logical (inline-start/end), so dir=rtl mirrors it; text takes its own direction.
export const CSS = `
:host{all:initial}
*{box-sizing:border-box}
[hidden]{display:none!important}
.root{--accent:#1f6feb;--on-accent:#fff;--fg:#1c2128;--muted:#57606a;--bg:#fff;--line:#d0d7de;--ob:0px;--os:0px;position:fixed;bottom:calc(20px + var(--ob));right:calc(20px + var(--os));z-index:2147483000;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg)}
.root.left{right:auto;left:calc(20px + var(--os))}
button,input,textarea,select{font:inherit;color:inherit}
input,textarea,select{font-size:16px}
button{cursor:pointer}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.launcher{position:relative;width:56px;height:56px;border-radius:50%;border:0;background:var(--accent);color:var(--on-accent);box-shadow:0 4px 14px rgba(0,0,0,.25);display:grid;place-items:center}
.root.open .launcher{display:none}
.badge{position:absolute;top:-4px;inset-inline-end:-4px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#cf222e;color:#fff;font-size:12px;font-weight:700;line-height:22px;text-align:center}
.preview-live{position:absolute;bottom:68px;right:0;width:max-content;max-width:min(280px,calc(100vw - 40px - var(--os)))}
.left .preview-live{right:auto;left:0}
.root.open .preview-live{display:none}
.preview{position:relative;background:var(--bg);border:1px solid var(--line);border-radius:12px;box-shadow:0 4px 14px rgba(0,0,0,.2)}
.preview-open{display:block;width:100%;border:0;background:none;border-radius:12px;padding:10px;padding-inline:12px 34px;text-align:start;overflow-wrap:anywhere}
.preview-open strong{display:block;font-size:13px}
.preview-close{position:absolute;top:4px;inset-inline-end:4px;border:0;background:none;border-radius:6px;padding:4px;display:grid;color:var(--muted)}
.panel{position:relative;display:none;flex-direction:column;width:min(370px,calc(100vw - 24px - var(--os)));height:min(560px,calc(100vh - 40px - var(--ob)));background:var(--bg);border-radius:14px;box-shadow:0 10px 40px rgba(0,0,0,.3);overflow:hidden}
.root.open .panel{display:flex}
header{display:flex;align-items:center;gap:8px;padding:12px;padding-inline-start:16px;background:var(--accent);color:var(--on-accent)}
header h2{flex:1;margin:0;font-size:16px;font-weight:600}
header .sub{display:block;font-size:12px;font-weight:400}
.hbtn{border:0;background:transparent;color:inherit;border-radius:6px;padding:4px 8px;display:inline-flex;align-items:center}
.hbtn:hover{background:rgba(127,127,127,.25)}
.status{padding:6px 12px;background:#fff8c5;border-bottom:1px solid var(--line);font-size:13px}
.status:empty{display:none}
.body{flex:1;display:flex;flex-direction:column;min-height:0}
.log{flex:1;overflow-y:auto;overscroll-behavior:contain;padding:12px;display:flex;flex-direction:column;gap:8px}
.msg{max-width:82%;padding:8px 12px;border-radius:14px;background:#f1f3f5;white-space:pre-wrap;overflow-wrap:anywhere;align-self:flex-start}
.msg.visitor{align-self:flex-end;background:var(--accent);color:var(--on-accent)}
.msg.visitor .meta{opacity:1}
.msg.system,.note{align-self:center;background:none;color:var(--muted);font-size:12px;text-align:center}
.msg.system{flex-shrink:0;max-width:100%;padding:2px 8px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.meta{display:block;font-size:11px;opacity:.75;margin-top:2px}
.msg.failed{background:#ffebe9;color:#82071e}
.text:empty{display:none}
.att{display:flex;flex-direction:column;gap:4px;color:inherit;margin-bottom:2px}
.att.file{flex-direction:row;align-items:center;gap:6px;margin:0}
.att .name{font-weight:600;overflow-wrap:anywhere}
.att .row{display:flex;gap:6px}
.att progress{flex:1;min-width:120px;accent-color:currentColor}
.clip,.cancel{border:0;background:none;color:inherit;display:grid;place-items:center;border-radius:8px}
.msg .secondary{margin-top:6px;color:var(--fg)}
.drop{position:absolute;inset:0;z-index:1;display:grid;place-items:center;padding:24px;text-align:center;font-weight:600;background:rgba(255,255,255,.94);border:3px dashed var(--accent);border-radius:inherit}
.typing{min-height:20px;padding:0 14px;color:var(--muted);font-size:12px;font-style:italic}
.dept{padding:8px 12px;border-bottom:1px solid var(--line)}
.queue{padding:8px 12px;background:#ddf4ff;border-bottom:1px solid var(--line);font-size:13px}
.composer{position:relative;display:flex;gap:8px;padding:10px;border-top:1px solid var(--line)}
.emoji-btn{border:0;background:none;border-radius:10px;width:36px;padding:0;display:grid;place-items:center;color:var(--muted)}
.emoji{position:absolute;bottom:100%;inset-inline-end:8px;width:324px;max-width:calc(100% - 16px);max-height:232px;overflow:hidden auto;padding:8px;background:var(--bg);border:1px solid var(--line);border-radius:12px;box-shadow:0 4px 14px rgba(0,0,0,.2)}
.emoji [role=row]{display:flex}
.emoji button{width:36px;height:36px;flex:none;border:0;background:none;border-radius:8px;padding:0;font-size:22px}
.emoji button:hover,.emoji button:focus{background:#eaeef2}
.emoji p{margin:0;color:var(--muted)}
.composer textarea{flex:1;resize:none;height:44px;max-height:120px;padding:9px 10px;border:1px solid var(--line);border-radius:10px}
.send,.primary{border:0;border-radius:10px;background:var(--accent);color:var(--on-accent);padding:0 14px;min-height:40px;font-weight:600}
.send{width:44px;padding:0;display:grid;place-items:center}
[dir=rtl] .send svg{transform:scaleX(-1)}
.msg,textarea,input{unicode-bidi:plaintext}
.clip{width:36px;color:var(--muted)}
.form{padding:16px;display:flex;flex-direction:column;gap:12px;overflow-y:auto}
.form p{margin:0}
label{display:flex;flex-direction:column;gap:4px;font-weight:600;font-size:13px}
label select{background:#fff}
label input,label textarea,label select{font-weight:400;padding:8px 10px;border:1px solid var(--line);border-radius:8px}
.secondary{border:1px solid var(--line);border-radius:10px;background:#fff;padding:8px 12px}
.closed{border-top:1px solid var(--line);flex-shrink:0;max-height:38%;overflow-y:auto;padding:8px 14px 12px;display:flex;flex-direction:column;gap:8px}
.confirm{padding:10px 12px;border-top:1px solid var(--line);display:flex;flex-direction:column;gap:8px}
.confirm p{margin:0;font-weight:600}
.choices{display:flex;gap:8px}
.choices button{flex:1}
.closed .note{margin:0}
.center{margin:auto;padding:24px;text-align:center;color:var(--muted)}
@media (max-width:599.98px){.root.open{inset:0 0 auto}.open .panel{width:100%;height:100vh;height:100dvh;border-radius:0;padding-bottom:env(safe-area-inset-bottom)}}
@media (prefers-reduced-motion:no-preference){.panel{animation:pop .16s ease-out}@keyframes pop{from{opacity:0;transform:translateY(8px)}}}
`;
