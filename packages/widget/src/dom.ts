type Child = Node | string | number | false | null | undefined | Child[];
type Props = Record<string, unknown> & { on?: Record<string, (e: Event) => void> };

/**
 * Creates an element: attributes from `props` (`class`, `for`, `aria-*`...,
 * booleans as presence), listeners from `props.on`, then the children.
 * @example h('button', { type: 'button', on: { click: go } }, 'Go')
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (k === 'on') for (const [type, fn] of Object.entries(v as Record<string, (e: Event) => void>)) el.addEventListener(type, fn);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false && v != null) el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el: Node, children: Child[]) {
  for (const c of children) {
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else if (c !== false && c != null) el.appendChild(document.createTextNode(String(c)));
  }
}
