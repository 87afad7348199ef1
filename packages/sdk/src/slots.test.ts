import type { RecommendedItem } from '@vitrina/protocol';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderSlots, type SlotDeps } from './slots.js';

const item = (n: number): RecommendedItem => ({
  productId: `p-${n}`,
  name: `Product ${n}`,
  price: 12.5,
  currency: 'EUR',
  url: `/product.html?id=p-${n}`,
  imageUrl: `/demo/img/p-${n}.svg`,
  category: 'Tea',
  brand: 'Chaya',
  score: 1,
  reason: { code: 'bought_together', text: `Bought together with your cart by ${n} shoppers` },
  recommendationId: `r-${n}`,
});

function fakeDeps(items: RecommendedItem[], firstName?: string) {
  const asked: { kind: string; ids: string[]; limit: number }[] = [];
  const tracked: { event: string; properties: Record<string, unknown> }[] = [];
  let flushed = 0;
  const deps: SlotDeps = {
    recommend: async (kind, ids, limit) => (asked.push({ kind, ids, limit }), items.slice(0, limit)),
    profile: async () => (firstName ? { known: true, verified: false, firstName } : undefined),
    track: (event, properties) => tracked.push({ event, properties }),
    flush: () => flushed++,
  };
  return { deps, asked, tracked, flushed: () => flushed };
}

beforeEach(() => {
  document.body.innerHTML = '';
  document.documentElement.lang = 'en';
});

describe('recommendation slots', () => {
  it('fills a showcase with an accessible list of links, prices and reasons', async () => {
    document.body.innerHTML = '<section data-vitrina="showcase" data-limit="2"></section>';
    const { deps, asked } = fakeDeps([item(1), item(2), item(3)]);
    await renderSlots(document, deps);
    expect(asked).toEqual([{ kind: 'showcase', ids: [], limit: 2 }]);
    const slot = document.querySelector<HTMLElement>('[data-vitrina]')!;
    expect(slot.dataset.vitrinaState).toBe('ready');
    expect(slot.getAttribute('aria-busy')).toBeNull();
    expect(slot.querySelector('ul')!.className).toBe('vitrina-items');
    expect(slot.querySelector('ul')!.getAttribute('role')).toBe('list');
    const links = [...slot.querySelectorAll('ul > li a')] as HTMLAnchorElement[];
    expect(links.map((a) => [a.getAttribute('href'), a.textContent])).toEqual([
      ['/product.html?id=p-1', 'Product 1'],
      ['/product.html?id=p-2', 'Product 2'],
    ]);
    expect(slot.querySelector('img')!.getAttribute('alt')).toBe('');
    expect(slot.querySelector('.vitrina-price')!.textContent).toBe('€12.50');
    expect(slot.querySelector('.vitrina-reason')!.textContent).toBe('Bought together with your cart by 1 shoppers');
  });

  it("uses the shop's own template and asks cross-sell for the slot's products", async () => {
    document.body.innerHTML = `
      <div data-vitrina="cross-sell" data-products="p-7,p-8">
        <template><article class="card"><h3 data-field="name"></h3><a data-field="url">See it</a><p data-field="reason"></p></article></template>
      </div>`;
    const { deps, asked } = fakeDeps([item(1)]);
    await renderSlots(document, deps);
    expect(asked).toEqual([{ kind: 'cross-sell', ids: ['p-7', 'p-8'], limit: 4 }]);
    const card = document.querySelector('article.card')!;
    expect(card.querySelector('h3')!.textContent).toBe('Product 1');
    expect(card.querySelector('a')!.getAttribute('href')).toBe('/product.html?id=p-1');
    expect(document.querySelector('template')).not.toBeNull();
  });

  it('tracks a click on a recommended item with its recommendation id and reason, and sends it at once', async () => {
    document.body.innerHTML = '<div data-vitrina="reorder"></div>';
    const fake = fakeDeps([item(1), item(2)]);
    await renderSlots(document, fake.deps);
    expect(fake.tracked[0]).toEqual({
      event: 'Product List Viewed',
      properties: {
        list_id: 'reorder',
        products: [
          { product_id: 'p-1', recommendation_id: 'r-1', reason: 'bought_together', position: 1 },
          { product_id: 'p-2', recommendation_id: 'r-2', reason: 'bought_together', position: 2 },
        ],
      },
    });
    document.querySelectorAll<HTMLElement>('.vitrina-item')[1]!.querySelector('span')!.click();
    expect(fake.tracked[1]).toEqual({
      event: 'Product Clicked',
      properties: expect.objectContaining({ product_id: 'p-2', recommendation_id: 'r-2', reason: 'bought_together', list_id: 'reorder', position: 2 }),
    });
    expect(fake.flushed()).toBe(1);
  });

  it('marks a slot with nothing to show as empty, so the page can hide it', async () => {
    document.body.innerHTML = '<div data-vitrina="reorder"></div>';
    const fake = fakeDeps([]);
    await renderSlots(document, fake.deps);
    expect(document.querySelector<HTMLElement>('[data-vitrina]')!.dataset.vitrinaState).toBe('empty');
    expect(fake.tracked).toEqual([]);
  });
});

describe('greeting slot', () => {
  it("greets a known shopper by first name with the shop's words", async () => {
    document.body.innerHTML = '<h1 data-vitrina="greeting" data-text="Welcome back, {firstName}!">Welcome</h1>';
    await renderSlots(document, fakeDeps([], 'Ada').deps);
    expect(document.querySelector('h1')!.textContent).toBe('Welcome back, Ada!');
  });

  it('keeps the default words for a shopper it does not know', async () => {
    document.body.innerHTML = '<h1 data-vitrina="greeting">Welcome</h1>';
    await renderSlots(document, fakeDeps([]).deps);
    expect(document.querySelector('h1')!.textContent).toBe('Welcome');
  });
});
