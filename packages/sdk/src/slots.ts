import type { ProfileResponse, RecommendedItem } from '@vitrina/protocol';
import type { Properties } from './types.js';

export interface SlotDeps {
  recommend(kind: string, productIds: string[], limit: number): Promise<RecommendedItem[]>;
  profile(): Promise<ProfileResponse | undefined>;
  track(event: string, properties: Properties): void;
  flush(): void;
}

const el = (tag: string, parent: Node, field?: string, className?: string) => {
  const node = parent.appendChild(document.createElement(tag));
  if (field) node.dataset.field = field;
  node.className = className || (field ? 'vitrina-' + field : '');
  return node;
};

/** The markup of one item when the shop gives no `<template>`: a link with picture and name, the price, the reason. */
function defaultItem(): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const li = el('li', fragment, '', 'vitrina-item');
  const link = el('a', li, 'url', 'vitrina-link');
  el('img', link, 'imageUrl', 'vitrina-image');
  el('span', link, 'name');
  el('span', li, 'price');
  el('small', li, 'reason');
  return fragment;
}

function fillItem(fragment: DocumentFragment, item: RecommendedItem): void {
  fragment.querySelectorAll<HTMLElement>('[data-field]').forEach((node) => {
    const field = node.dataset.field!;
    const value =
      field == 'reason'
        ? item.reason.text
        : field == 'price'
          ? new Intl.NumberFormat(document.documentElement.lang || undefined, { style: 'currency', currency: item.currency }).format(item.price)
          : String(item[field as keyof RecommendedItem] ?? '');
    if (node instanceof HTMLImageElement) {
      node.src = value;
      node.alt = '';
      node.loading = 'lazy';
    } else if (node instanceof HTMLAnchorElement) node.href = value;
    else node.textContent = value;
  });
}

/**
 * Fills every `data-vitrina` element under `root`: `showcase`, `cross-sell`
 * (products from `data-products="p-1,p-2"`), `reorder` with recommended items
 * (the element's own `<template>` with `data-field` holes, or an accessible
 * default list), and `greeting` with the shopper's first name (`data-text`,
 * default "Hello, {firstName}!"). Items carry their recommendation id: a
 * click is tracked as `Product Clicked` and showing them as `Product List Viewed`,
 * each item with its reason code (the merchant's report counts per reason).
 * An element with nothing to show gets `data-vitrina-state="empty"`.
 * @example
 * // <section data-vitrina="cross-sell" data-products="p-0001" data-limit="4"></section>
 * await renderSlots(document, deps)
 */
export async function renderSlots(root: ParentNode, deps: SlotDeps): Promise<void> {
  const slots = [...root.querySelectorAll<HTMLElement>('[data-vitrina]')];
  await Promise.all(
    slots.map(async (slot) => {
      const kind = slot.dataset.vitrina!;
      slot.setAttribute('aria-busy', 'true');
      let state = 'empty';
      if (kind == 'greeting') {
        const name = (await deps.profile())?.firstName;
        if (name) {
          slot.textContent = (slot.dataset.text || 'Hello, {firstName}!').replace('{firstName}', name);
          state = 'ready';
        }
      } else {
        const ids = (slot.dataset.products || '').split(',').filter(Boolean);
        const items = await deps.recommend(kind, ids, +slot.dataset.limit! || 4);
        const template = slot.querySelector('template');
        const list: Node = template ? document.createDocumentFragment() : document.createElement('ul');
        if (!template) {
          (list as HTMLElement).className = 'vitrina-items';
          // list-style: none drops list semantics in Safari; the role keeps them.
          (list as HTMLElement).setAttribute('role', 'list');
        }
        items.forEach((item, index) => {
          const fragment = template ? (template.content.cloneNode(true) as DocumentFragment) : defaultItem();
          fillItem(fragment, item);
          const props = { product_id: item.productId, recommendation_id: item.recommendationId, reason: item.reason.code, list_id: kind, position: index + 1 };
          for (const child of fragment.children) {
            child.addEventListener('click', () => {
              deps.track('Product Clicked', { ...props, name: item.name, price: item.price, currency: item.currency, url: item.url });
              // The click may navigate away: send now, with keepalive.
              deps.flush();
            });
          }
          list.appendChild(fragment);
        });
        slot.replaceChildren(...(template ? [template] : []), list);
        if (items.length) {
          state = 'ready';
          deps.track('Product List Viewed', {
            list_id: kind,
            products: items.map((item, index) => ({ product_id: item.productId, recommendation_id: item.recommendationId, reason: item.reason.code, position: index + 1 })),
          });
        }
      }
      slot.dataset.vitrinaState = state;
      slot.removeAttribute('aria-busy');
    }),
  );
}
