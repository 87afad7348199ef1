/**
 * The widget's styles, inside its shadow root. Theme it from the page with
 * custom properties on the element, e.g.
 * `vitrina-service-center { --vsc-accent: #0a7d4f; --vsc-radius: 4px; }`.
 */
export const styles = `
:host{--a:var(--vsc-accent,#3451b2);--fg:var(--vsc-fg,#1d1f24);--bg:var(--vsc-bg,#fff);--mu:var(--vsc-muted,#5c6370);--bd:var(--vsc-border,#d5d9e0);--er:var(--vsc-danger,#b42318);--ok:var(--vsc-success,#1a7f37);--r:var(--vsc-radius,10px);
display:block;font:var(--vsc-font,15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);color:var(--fg);max-width:var(--vsc-max-width,40rem)}
*{box-sizing:border-box}
.w{background:var(--bg);border:1px solid var(--bd);border-radius:var(--r);padding:1rem 1.25rem}
header{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;justify-content:space-between;margin-bottom:.5rem}
header b{font-size:1.05em}
nav{display:flex;flex-wrap:wrap;gap:.25rem}
h2{font-size:1.25em;margin:.25rem 0 .75rem;outline:none}
h3{font-size:1em;margin:1rem 0 .5rem}
p{margin:.25rem 0 .75rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input,textarea,select{width:100%;font:inherit;color:inherit;background:var(--bg);border:1px solid var(--bd);border-radius:calc(var(--r) / 2);padding:.55rem .65rem}
textarea{min-height:6rem;resize:vertical}
input[type=radio]{width:auto;margin:0 .35rem 0 0}
fieldset{border:0;padding:0;margin:.75rem 0 0;display:flex;flex-wrap:wrap;gap:1rem}
legend{font-weight:600;padding:0;margin-bottom:.25rem;width:100%}
fieldset label{display:flex;align-items:center;font-weight:400;margin:0}
[aria-invalid=true]{border-color:var(--er)}
button,.btn{display:inline-flex;align-items:center;justify-content:center;min-height:2.5rem;font:inherit;font-weight:600;border-radius:calc(var(--r) / 2);border:1px solid var(--a);background:var(--a);color:#fff;padding:.45rem 1rem;cursor:pointer;text-decoration:none}
button.l,.btn.l{background:transparent;color:var(--a)}
button:disabled{opacity:.6;cursor:progress}
:focus-visible{outline:3px solid var(--a);outline-offset:2px}
.hint{color:var(--mu);font-size:.9em}
.err{color:var(--er);font-weight:600}
.acts{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:1rem}
ul,ol{list-style:none;padding:0;margin:0}
.card{border:1px solid var(--bd);border-radius:calc(var(--r) / 1.5);padding:.75rem;margin:.5rem 0}
.rows button{width:100%;justify-content:space-between;text-align:left;background:transparent;color:var(--fg);border-color:var(--bd);gap:1rem;flex-wrap:wrap;padding:.75rem}
.badge{display:inline-block;border-radius:1rem;padding:.05rem .6rem;font-size:.85em;font-weight:600;background:color-mix(in srgb,var(--a) 12%,transparent);color:var(--a)}
.badge.ok{background:color-mix(in srgb,var(--ok) 12%,transparent);color:var(--ok)}
.badge.no{background:color-mix(in srgb,var(--mu) 14%,transparent);color:var(--mu)}
.tl li{position:relative;padding:0 0 .75rem 1.5rem;color:var(--mu)}
.tl li::before{content:"";position:absolute;left:.25rem;top:.4rem;width:.6rem;height:.6rem;border-radius:50%;border:2px solid var(--bd);background:var(--bg)}
.tl li.d{color:var(--fg)}
.tl li.d::before{background:var(--a);border-color:var(--a)}
.tl li[aria-current]{font-weight:700}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.5rem 0}
dt{color:var(--mu)}dd{margin:0}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:30rem){.w{padding:.75rem}dl{grid-template-columns:1fr}dt{margin-top:.25rem}.acts>*{flex:1 1 100%}}
`;
