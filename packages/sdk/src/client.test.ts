import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeNetwork } from '../test/fake-network.js';
import { createVitrina } from './client.js';

const endpoint = 'https://vitrina.test';
const sdkKeys = () => Object.keys(localStorage).filter((k) => k.startsWith('vitrina.'));

beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
  vi.useFakeTimers();
  // happy-dom reports itself as an automated browser; these tests play a person.
  vi.spyOn(navigator, 'webdriver', 'get').mockReturnValue(false);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('tracking', () => {
  it('sends a page view at init with page context, an anonymous id and a session id', async () => {
    const net = installFakeNetwork();
    createVitrina().init({ writeKey: 'wk_test', endpoint, renderSlots: false });
    await vi.advanceTimersByTimeAsync(500);
    const [batch] = net.batches();
    expect(batch).toMatchObject({ writeKey: 'wk_test', context: { library: { name: 'vitrina.js' }, userAgent: navigator.userAgent } });
    expect(Date.parse(batch!.sentAt)).toBeGreaterThan(0);
    const [page] = batch!.batch;
    expect(page).toMatchObject({ type: 'page', properties: { path: location.pathname, url: location.href } });
    expect(page!.messageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(page!.anonymousId).toMatch(/^[0-9a-f-]{36}$/);
    expect(page!.context.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(net.requests[0]!.url).toBe(`${endpoint}/v1/batch`);
  });

  it('sends as text/plain with keepalive, a request that needs no CORS preflight and outlives the page', async () => {
    const net = installFakeNetwork();
    createVitrina().init({ writeKey: 'wk_test', endpoint, renderSlots: false });
    await vi.advanceTimersByTimeAsync(500);
    expect(net.requests[0]).toMatchObject({ method: 'POST', keepalive: true, headers: undefined });
  });

  it('accepts an endpoint written with a trailing slash', async () => {
    const net = installFakeNetwork();
    createVitrina().init({ writeKey: 'wk_test', endpoint: endpoint + '/', renderSlots: false });
    await vi.advanceTimersByTimeAsync(500);
    expect(net.requests[0]!.url).toBe(`${endpoint}/v1/batch`);
  });

  it('names e-commerce events as Segment E-commerce v2 does', async () => {
    const net = installFakeNetwork();
    const vitrina = createVitrina();
    vitrina.init({ writeKey: 'wk_test', endpoint, renderSlots: false, autoPageViews: false });
    const kettle = { product_id: 'p-1', name: 'Kettle', price: 39 };
    vitrina.productViewed(kettle);
    vitrina.productsSearched('kettle', { results: 0 });
    vitrina.productAdded({ ...kettle, quantity: 2 });
    vitrina.productRemoved(kettle);
    vitrina.cartViewed({ products: [kettle] });
    vitrina.checkoutStarted({ value: 39, products: [kettle] });
    vitrina.orderCompleted({ order_id: 'o-1', total: 39, currency: 'EUR', email: 'ada@example.com', products: [kettle] });
    await vi.advanceTimersByTimeAsync(500);
    expect(net.events().map((e) => [e.event, e.properties])).toEqual([
      ['Product Viewed', kettle],
      ['Products Searched', { query: 'kettle', results: 0 }],
      ['Product Added', { ...kettle, quantity: 2 }],
      ['Product Removed', kettle],
      ['Cart Viewed', { products: [kettle] }],
      ['Checkout Started', { value: 39, products: [kettle] }],
      ['Order Completed', { order_id: 'o-1', total: 39, currency: 'EUR', email: 'ada@example.com', products: [kettle] }],
    ]);
  });

  it('carries the customer id on every event after identify, and forgets it on reset', async () => {
    const net = installFakeNetwork();
    const vitrina = createVitrina();
    vitrina.init({ writeKey: 'wk_test', endpoint, renderSlots: false, autoPageViews: false });
    vitrina.track('Before');
    vitrina.identify('c-00042', { email: 'ada@example.com' });
    vitrina.track('After');
    vitrina.reset();
    vitrina.track('Logged Out');
    await vi.advanceTimersByTimeAsync(500);
    const [before, identify, after, loggedOut] = net.events();
    expect(before!.userId).toBeUndefined();
    expect(identify).toMatchObject({ type: 'identify', userId: 'c-00042', traits: { email: 'ada@example.com' }, anonymousId: before!.anonymousId });
    expect(after).toMatchObject({ userId: 'c-00042', anonymousId: before!.anonymousId });
    expect(loggedOut!.userId).toBeUndefined();
    expect(loggedOut!.anonymousId).not.toBe(before!.anonymousId);
  });

  it('starts a new session after 30 minutes without activity', async () => {
    const net = installFakeNetwork();
    const vitrina = createVitrina();
    vitrina.init({ writeKey: 'wk_test', endpoint, renderSlots: false, autoPageViews: false });
    vitrina.track('One');
    await vi.advanceTimersByTimeAsync(29 * 60_000);
    vitrina.track('Two');
    await vi.advanceTimersByTimeAsync(31 * 60_000);
    vitrina.track('Three');
    await vi.advanceTimersByTimeAsync(500);
    const [one, two, three] = net.events().map((e) => e.context.sessionId);
    expect(two).toBe(one);
    expect(three).not.toBe(one);
  });

  it('sends nothing for an automated browser', async () => {
    const net = installFakeNetwork();
    vi.spyOn(navigator, 'webdriver', 'get').mockReturnValue(true);
    const vitrina = createVitrina();
    vitrina.init({ writeKey: 'wk_test', endpoint, renderSlots: false });
    vitrina.track('Anything');
    await vi.advanceTimersByTimeAsync(5000);
    expect(net.requests).toEqual([]);
  });

  it('sends a page view when a single-page app navigates', async () => {
    const net = installFakeNetwork();
    createVitrina().init({ writeKey: 'wk_test', endpoint, renderSlots: false, autoPageViews: 'history' });
    history.pushState({}, '', '/product.html?id=p-2');
    history.replaceState({}, '', '/product.html?id=p-2');
    await vi.advanceTimersByTimeAsync(500);
    expect(net.events().map((e) => e.properties.path + e.properties.search)).toEqual([expect.any(String), '/product.html?id=p-2']);
  });
});

describe('page hide', () => {
  it('sends waiting events at once when the page is hidden', async () => {
    const net = installFakeNetwork();
    const vitrina = createVitrina();
    vitrina.init({ writeKey: 'wk_test', endpoint, renderSlots: false, autoPageViews: false, flushInterval: 60_000, consent: 'opt-out' });
    vitrina.track('Product Added');
    dispatchEvent(new Event('pagehide'));
    await vi.advanceTimersByTimeAsync(0);
    // (Clients of earlier tests still listen on this window and share its storage.)
    expect(new Set(net.events().map((e) => e.event))).toEqual(new Set(['Product Added']));
    expect(net.requests[0]!.keepalive).toBe(true);
  });

  it('hands the events to sendBeacon when the keepalive fetch is refused, and keeps them until a fetch is acknowledged', async () => {
    let down = true;
    const net = installFakeNetwork((req) => (down && req.url.endsWith('/v1/batch') ? 'network-error' : Response.json({})));
    const beacons: string[] = [];
    vi.spyOn(navigator, 'sendBeacon').mockImplementation((_url, data) => (beacons.push(String(data)), true));
    const vitrina = createVitrina();
    vitrina.init({ writeKey: 'wk_test', endpoint, renderSlots: false, autoPageViews: false, flushInterval: 60_000, consent: 'opt-out' });
    vitrina.track('Cart Abandoned');
    dispatchEvent(new Event('pagehide'));
    await vi.advanceTimersByTimeAsync(0);
    // (Clients of earlier tests share this window's storage and page hide, so several may beacon the same event.)
    const beaconed = beacons.flatMap((b) => JSON.parse(b).batch).filter((e) => e.event === 'Cart Abandoned');
    expect(new Set(beaconed.map((e) => e.messageId)).size).toBe(1);
    // No answer came back from the beacon, so the event waits; the next fetch carries it and the server keeps it once by its id.
    down = false;
    await vi.advanceTimersByTimeAsync(5_000);
    const fetched = net.events().filter((e) => e.event === 'Cart Abandoned');
    expect(fetched.map((e) => e.messageId)).toContain(beaconed[0].messageId);
    expect(JSON.parse(localStorage.getItem('vitrina.q') ?? '[]').filter((e: { event?: string }) => e.event === 'Cart Abandoned')).toEqual([]);
  });
});

describe('consent', () => {
  it("follows the shop's setting when the page sets none: holds events until /v1/config says opt-out", async () => {
    const net = installFakeNetwork();
    createVitrina().init({ writeKey: 'wk_test', endpoint, renderSlots: false });
    await vi.advanceTimersByTimeAsync(500);
    expect(net.configReads.map((r) => r.url)).toEqual([`${endpoint}/v1/config?writeKey=wk_test`]);
    expect(net.events().map((e) => e.type)).toEqual(['page']);
  });

  it('with a shop that is opt-in, or a configuration that cannot be read, sends and stores nothing before consent', async () => {
    for (const config of [() => Response.json({ consent: 'opt-in' }), () => 'network-error' as const, () => new Response('oops', { status: 500 })]) {
      localStorage.clear();
      const net = installFakeNetwork(undefined, { config });
      const vitrina = createVitrina();
      vitrina.init({ writeKey: 'wk_test', endpoint, renderSlots: false });
      vitrina.track('Product Viewed');
      await vi.advanceTimersByTimeAsync(60_000);
      expect(net.requests).toEqual([]);
      expect(sdkKeys()).toEqual([]);
      vitrina.consent({ analytics: true });
      await vi.advanceTimersByTimeAsync(1_000);
      expect(net.events().map((e) => e.event ?? e.type)).toEqual(['page', 'Product Viewed', 'Consent Updated']);
    }
  });

  it('reads no configuration when the page says its consent mode', async () => {
    const net = installFakeNetwork();
    createVitrina().init({ writeKey: 'wk_test', endpoint, renderSlots: false, consent: 'opt-in' });
    await vi.advanceTimersByTimeAsync(500);
    expect(net.configReads).toEqual([]);
    expect(net.requests).toEqual([]);
  });

  it('with opt-in, sends and stores nothing before consent', async () => {
    const net = installFakeNetwork();
    const vitrina = createVitrina();
    vitrina.init({ writeKey: 'wk_test', endpoint, renderSlots: false, consent: 'opt-in' });
    vitrina.productViewed({ product_id: 'p-1' });
    await vi.advanceTimersByTimeAsync(5000);
    expect(net.requests).toEqual([]);
    expect(sdkKeys()).toEqual([]);
  });

  it('with opt-in, sends what happened on the page once the shopper agrees', async () => {
    const net = installFakeNetwork();
    const vitrina = createVitrina();
    vitrina.init({ writeKey: 'wk_test', endpoint, renderSlots: false, consent: 'opt-in' });
    vitrina.productViewed({ product_id: 'p-1' });
    vitrina.consent({ analytics: true, personalization: true });
    await vi.advanceTimersByTimeAsync(500);
    expect(net.events().map((e) => e.type + ':' + (e.event ?? ''))).toEqual(['page:', 'track:Product Viewed', 'track:Consent Updated']);
    expect(net.events()[2]!.properties).toEqual({ analytics: true, personalization: true });
    expect(sdkKeys()).toContain('vitrina.aid');
  });

  it('revoking records the refusal once, then sends nothing and deletes the identifiers and the queue', async () => {
    const net = installFakeNetwork();
    const vitrina = createVitrina();
    vitrina.init({ writeKey: 'wk_test', endpoint, renderSlots: false, flushInterval: 60_000, consent: 'opt-out' });
    vitrina.identify('c-1');
    expect(sdkKeys()).toEqual(expect.arrayContaining(['vitrina.aid', 'vitrina.uid', 'vitrina.q']));
    vitrina.consent({ analytics: false, personalization: false });
    vitrina.track('After Revoking');
    await vi.advanceTimersByTimeAsync(120_000);
    expect(net.events()).toEqual([expect.objectContaining({ event: 'Consent Updated', userId: 'c-1', properties: { analytics: false, personalization: false } })]);
    expect(sdkKeys()).toEqual(['vitrina.consent']);
  });

  it('remembers the choice on the next page', async () => {
    installFakeNetwork();
    createVitrina().init({ writeKey: 'wk_test', endpoint, renderSlots: false, consent: 'opt-in' });
    const first = createVitrina();
    first.init({ writeKey: 'wk_test', endpoint, renderSlots: false, consent: 'opt-in' });
    first.consent({ analytics: true });
    const next = createVitrina();
    next.init({ writeKey: 'wk_test', endpoint, renderSlots: false, consent: 'opt-in' });
    expect(next.consent()).toEqual({ analytics: true });
  });

  it('treats Global Privacy Control as a refusal when the shop says so', async () => {
    const net = installFakeNetwork();
    Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true });
    try {
      const vitrina = createVitrina();
      vitrina.init({ writeKey: 'wk_test', endpoint, renderSlots: false, respectGpc: true });
      vitrina.track('Anything');
      await vi.advanceTimersByTimeAsync(5000);
      expect(net.requests).toEqual([]);
    } finally {
      delete (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
    }
  });

  it('asks for recommendations without identifiers when personalization is refused', async () => {
    const net = installFakeNetwork(() => Response.json({ kind: 'showcase', items: [] }));
    const vitrina = createVitrina();
    vitrina.init({ writeKey: 'wk_test', endpoint, renderSlots: false, autoPageViews: false });
    vitrina.consent({ analytics: true, personalization: false });
    await vitrina.showcase({ limit: 3 });
    expect(net.requests[0]!.url).toBe(`${endpoint}/v1/recommendations/showcase?writeKey=wk_test&limit=3`);
  });
});

describe('recommendations', () => {
  it('asks for cross-sell of a cart with the visitor and customer ids and the signature', async () => {
    const item = { productId: 'p-2', name: 'Mug', reason: { code: 'bought_together', text: 'Bought together by 12 shoppers' }, recommendationId: 'r-1' };
    const net = installFakeNetwork(() => Response.json({ kind: 'cross-sell', items: [item] }));
    const vitrina = createVitrina();
    vitrina.init({ writeKey: 'wk_test', endpoint, renderSlots: false, autoPageViews: false });
    vitrina.identify('c-7', {}, { signature: 'abc123' });
    expect(await vitrina.crossSell(['p-1', 'p-3'], { limit: 2 })).toEqual([item]);
    const url = new URL(net.requests[0]!.url);
    expect(url.pathname).toBe('/v1/recommendations/cross-sell');
    expect(Object.fromEntries(url.searchParams)).toEqual({ writeKey: 'wk_test', limit: '2', products: 'p-1,p-3', anonymousId: expect.any(String), userId: 'c-7', signature: 'abc123' });
  });

  it('answers an empty list when the server fails or cannot be reached', async () => {
    installFakeNetwork(() => 'network-error');
    const vitrina = createVitrina();
    vitrina.init({ writeKey: 'wk_test', endpoint, renderSlots: false, autoPageViews: false });
    expect(await vitrina.reorder()).toEqual([]);
    installFakeNetwork(() => new Response('oops', { status: 500 }));
    expect(await vitrina.showcase()).toEqual([]);
    expect(await vitrina.profile()).toBeUndefined();
  });
});

describe('never breaking the page', () => {
  it('does not throw when storage and the network fail', async () => {
    installFakeNetwork(() => 'network-error');
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    const vitrina = createVitrina();
    expect(() => {
      vitrina.init({ writeKey: 'wk_test', endpoint, renderSlots: false });
      vitrina.track('Works Anyway');
      vitrina.identify('c-1');
      vitrina.consent({ analytics: false });
    }).not.toThrow();
    await vi.advanceTimersByTimeAsync(5000);
  });

  it('does nothing, and does not throw, before init', async () => {
    const net = installFakeNetwork();
    const vitrina = createVitrina();
    expect(() => vitrina.track('Too Early')).not.toThrow();
    expect(() => vitrina.flush()).not.toThrow();
    expect(await vitrina.showcase()).toEqual([]);
    expect(net.requests).toEqual([]);
  });
});
