import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertProducts } from '../catalog/products.repository.js';
import type { NewProduct } from '../catalog/products.table.js';
import { insertCustomers } from '../customers/customers.repository.js';
import { recordOrders } from '../orders/orders.service.js';
import type { RunningServer } from '../server.js';
import { signCustomerId } from '../shops/customer-signature.js';
import { findShopById } from '../shops/shops.repository.js';
import { createShop, type CreatedShop } from '../shops/shops.service.js';
import { readJson, startTestServer } from '../test-support/test-database.js';
import { rebuildShopModels } from './model-builder.service.js';

let server: RunningServer;
let shop: CreatedShop;
let signingSecret: string;
const DAY = 86_400_000;
const now = Date.now();

const product = (id: string, over: Partial<NewProduct> = {}): NewProduct => ({
  shop_id: '',
  id,
  name: id.replace('p-', '').replace(/^./, (c) => c.toUpperCase()),
  category: 'Home',
  brand: 'Acme',
  price: 10,
  ...over,
});

/** A shop's own order (as the importer brings it), through the orders domain. */
async function order(id: string, customer: string, daysAgo: number, items: string[], shipTo?: string) {
  await recordOrders(server.database.db, [
    {
      order: { shop_id: shop.shop_id, id, customer_id: customer, anonymous_id: `anon-${customer}`, email: `${customer}@example.com`, status: 'delivered', placed_at: new Date(now - daysAgo * DAY), total: 10 * items.length, currency: 'EUR', delivery_method: null, payment_type: null, shipping_address: shipTo ? { name: shipTo } : null, carrier: null, tracking_number: null, delivered_at: null, source: 'import' },
      items: items.map((p, i) => ({ shop_id: shop.shop_id, order_id: id, line_no: i + 1, product_id: p, name: p, quantity: 1, unit_price: 10, serial_numbers: [] })),
    },
  ]);
}

beforeAll(async () => {
  server = await startTestServer({ env: { VITRINA_MODEL_INTERVAL_MINUTES: '0' } });
  shop = await createShop(server.database.db, { name: 'Recs Test Shop', settings: { defaultRegion: 'FR' } });
  signingSecret = (await findShopById(server.database.db, shop.shop_id))!.signing_secret;
  const s = shop.shop_id;
  await insertProducts(server.database.db, [
    product('p-lantern', { category: 'Lighting' }),
    product('p-candle', { category: 'Lighting' }),
    product('p-matches', { category: 'Home' }),
    product('p-coffee', { category: 'Coffee', consumable: true, repurchase_days: 30 }),
    product('p-grinder', { category: 'Kitchen', warranty_months: 24, price: 80 }),
    product('p-grinder-pro', { category: 'Kitchen', warranty_months: 24, price: 110 }),
    product('p-de-only', { category: 'Lighting', regions: ['DE'] }),
    product('p-sold-out', { category: 'Lighting', in_stock: false }),
  ].map((p) => ({ ...p, shop_id: s })));
  // Lanterns sell with candles; the DE-only and sold-out lights sell with them too.
  for (let i = 0; i < 6; i++) await order(`L${i}`, `buyer-${i}`, 40 - i, ['p-lantern', 'p-candle', 'p-de-only', 'p-sold-out']);
  for (let i = 0; i < 3; i++) await order(`M${i}`, `buyer-${i}`, 20 - i, ['p-candle', 'p-matches']);
  // A regular: coffee every 30 days, last 27 days ago; owns a grinder.
  await order('R1', 'regular', 87, ['p-coffee', 'p-grinder']);
  await order('R2', 'regular', 57, ['p-coffee']);
  await order('R3', 'regular', 27, ['p-coffee']);
  // Jon sent a lantern to Marie last winter.
  await insertCustomers(server.database.db, [{ shop_id: s, id: 'gifter', email: 'jon@example.com', first_name: 'Jon', last_name: 'Doe', region: 'FR', city: null, postal_code: null, address: null }]);
  await order('G1', 'gifter', 300, ['p-lantern'], 'Marie Doe');
  await order('G2', 'gifter', 200, ['p-coffee'], 'Jon Doe');
  await rebuildShopModels(server.database.db, s, { trigger: 'test' });
});
afterAll(() => server?.close());

const get = async (path: string, params: Record<string, string>) => {
  const res = await fetch(`${server.url}${path}?${new URLSearchParams({ writeKey: shop.write_key, ...params })}`);
  return { status: res.status, body: await readJson(res) };
};

describe('GET /v1/recommendations/cross-sell', () => {
  it('offers what is bought together with the product, with a reason naming it', async () => {
    const { status, body } = await get('/v1/recommendations/cross-sell', { products: 'p-lantern', limit: '3' });
    expect(status).toBe(200);
    expect(body.items[0].productId).toBe('p-candle');
    expect(body.items[0].reason).toEqual({ code: 'bought_together', text: 'Bought together with Lantern by 6 shoppers' });
    expect(body.items[0].recommendationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never offers the cart’s own items, nor what is sold out or not sold in the region', async () => {
    const { body } = await get('/v1/recommendations/cross-sell', { products: 'p-lantern,p-candle', region: 'FR', limit: '10' });
    const ids = body.items.map((i: { productId: string }) => i.productId);
    expect(ids).toContain('p-matches');
    expect(ids).not.toContain('p-lantern');
    expect(ids).not.toContain('p-candle');
    expect(ids).not.toContain('p-sold-out');
    expect(ids).not.toContain('p-de-only');
    const de = await get('/v1/recommendations/cross-sell', { products: 'p-lantern', region: 'DE', limit: '10' });
    expect(de.body.items.map((i: { productId: string }) => i.productId)).toContain('p-de-only');
  });

  it('answers a bad limit with 400 and the field in error', async () => {
    const { status, body } = await get('/v1/recommendations/cross-sell', { products: 'p-lantern', limit: '5000' });
    expect(status).toBe(400);
    expect(body.error.issues[0].path).toBe('limit');
  });
});

describe('the recommendation routes over HTTP', () => {
  it('answer a page from any origin and are never cached as anyone else’s', async () => {
    const res = await fetch(`${server.url}/v1/recommendations/cross-sell?writeKey=${shop.write_key}&products=p-lantern`, { headers: { Origin: 'https://shop.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect((await readJson(res)).kind).toBe('cross-sell');
  });

  it('match the path in any case, with a trailing slash or in absolute form, and answer HEAD', async () => {
    const q = `?writeKey=${shop.write_key}&products=p-lantern`;
    expect((await readJson(await fetch(`${server.url}/v1/Recommendations/Cross-Sell/${q}`))).items[0].productId).toBe('p-candle');
    const head = await fetch(`${server.url}/v1/recommendations/cross-sell${q}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('application/json; charset=utf-8');
    // HTTP/1.1 lets a client name the whole URL as the request target.
    const { port } = new URL(server.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.end(`GET ${server.url}/v1/recommendations/cross-sell${q} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
      );
      let text = '';
      socket.on('data', (d) => (text += d));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 200/);
    expect(raw).toContain('"productId":"p-candle"');
  });

  it('refuse a missing or wrong write key with 401, CORS headers and a JSON reason', async () => {
    const missing = await fetch(`${server.url}/v1/recommendations/showcase?anonymousId=a1`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('access-control-allow-origin')).toBe('*');
    expect((await readJson(missing)).error.code).toBe('missing_write_key');
    const wrong = await fetch(`${server.url}/v1/recommendations/showcase?writeKey=wk_nope&anonymousId=a1`);
    expect(wrong.status).toBe(401);
    expect((await readJson(wrong)).error.code).toBe('invalid_write_key');
  });

  it('leave other methods and unknown kinds to the rest of the server', async () => {
    expect((await fetch(`${server.url}/v1/recommendations/showcase?writeKey=${shop.write_key}`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${server.url}/v1/recommendations/everything?writeKey=${shop.write_key}`)).status).toBe(404);
    const preflight = await fetch(`${server.url}/v1/recommendations/showcase`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
  });
});

describe('GET /v1/recommendations/reorder', () => {
  it('puts a due consumable first for a verified customer, with their rhythm in words', async () => {
    const signature = signCustomerId({ signing_secret: signingSecret }, 'regular');
    const { body } = await get('/v1/recommendations/reorder', { userId: 'regular', signature });
    expect(body.items[0].productId).toBe('p-coffee');
    expect(body.items[0].reason.text).toBe('You buy this about every 30 days; last time 27 days ago');
  });

  it("says a consumable bought once follows the shop's rhythm, not the shopper's own", async () => {
    const signature = signCustomerId({ signing_secret: signingSecret }, 'gifter');
    const { body } = await get('/v1/recommendations/reorder', { userId: 'gifter', signature });
    const coffee = body.items.find((i: { productId: string }) => i.productId === 'p-coffee');
    expect(coffee.reason.text).toBe('Shoppers rebuy this about every 30 days; last time 200 days ago');
  });

  it('ignores a customer id that the shop did not sign, so no one reads another shopper’s purchases', async () => {
    const unsigned = await get('/v1/recommendations/reorder', { userId: 'regular' });
    expect(unsigned.body.items).toEqual([]);
    const forged = await get('/v1/recommendations/reorder', { userId: 'regular', signature: 'a'.repeat(64) });
    expect(forged.body.items).toEqual([]);
  });
});

describe('GET /v1/recommendations/showcase', () => {
  it('offers the regular their coffee again but never a second grinder', async () => {
    const signature = signCustomerId({ signing_secret: signingSecret }, 'regular');
    const { body } = await get('/v1/recommendations/showcase', { userId: 'regular', signature, limit: '10' });
    const ids = body.items.map((i: { productId: string }) => i.productId);
    expect(body.items[0]).toMatchObject({ productId: 'p-coffee', reason: { code: 'buy_again' } });
    expect(ids).not.toContain('p-grinder');
  });

  it('shows what a visitor just viewed within a second of the event', async () => {
    const anonymousId = randomUUID();
    const before = await get('/v1/recommendations/showcase', { anonymousId, limit: '3' });
    expect(before.body.items.map((i: { productId: string }) => i.productId)).not.toContain('p-grinder-pro');
    const sent = await fetch(`${server.url}/v1/batch`, {
      method: 'POST',
      body: JSON.stringify({ writeKey: shop.write_key, batch: [{ type: 'track', event: 'Product Viewed', messageId: randomUUID(), anonymousId, properties: { product_id: 'p-grinder-pro' } }] }),
    });
    expect(sent.status).toBe(200);
    const started = Date.now();
    const after = await get('/v1/recommendations/showcase', { anonymousId, limit: '3' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(after.body.items[0]).toMatchObject({ productId: 'p-grinder-pro', reason: { code: 'recently_viewed' } });
  });

  it("keeps showing a device what it viewed after an unsigned identify, but not what the customer viewed on another device", async () => {
    const phone = randomUUID();
    const laptop = randomUUID();
    const send = (batch: Record<string, unknown>[]) =>
      fetch(`${server.url}/v1/batch`, { method: 'POST', body: JSON.stringify({ writeKey: shop.write_key, batch: batch.map((e) => ({ messageId: randomUUID(), ...e })) }) });
    await send([{ type: 'track', event: 'Product Viewed', anonymousId: phone, properties: { product_id: 'p-grinder-pro' } }]);
    await send([{ type: 'identify', anonymousId: phone, userId: 'two-devices' }]);
    await send([{ type: 'track', event: 'Product Viewed', anonymousId: laptop, userId: 'two-devices', properties: { product_id: 'p-lantern' } }]);
    const visible = async (anonymousId: string) =>
      (await get('/v1/recommendations/showcase', { anonymousId, limit: '10' })).body.items.filter((i: { reason: { code: string } }) => i.reason.code === 'recently_viewed').map((i: { productId: string }) => i.productId);
    // The phone's history moved into the customer's profile and is still the phone's to see; the laptop's is not.
    expect(await visible(phone)).toEqual(['p-grinder-pro']);
    expect(await visible(laptop)).toEqual(['p-lantern']);
    // The customer, signed, sees both.
    const signature = signCustomerId({ signing_secret: signingSecret }, 'two-devices');
    const both = (await get('/v1/recommendations/showcase', { userId: 'two-devices', signature, limit: '10' })).body.items.map((i: { productId: string }) => i.productId);
    expect(both).toEqual(expect.arrayContaining(['p-grinder-pro', 'p-lantern']));
  });
});

describe('GET /v1/recommendations/up-sell', () => {
  it('offers a step up in the same category within the shopper’s price band', async () => {
    const { body } = await get('/v1/recommendations/up-sell', { products: 'p-grinder', limit: '3' });
    expect(body.items.map((i: { productId: string }) => i.productId)).toEqual(['p-grinder-pro']);
    expect(body.items[0].reason).toEqual({ code: 'step_up', text: 'A step up from Grinder' });
  });
});

describe('merchant rules and previews', () => {
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${shop.admin_key}`, 'content-type': 'application/json', ...init.headers } });

  it('refuses a preview without the admin key', async () => {
    const res = await fetch(`${server.url}/v1/admin/customers/regular/recommendations`);
    expect(res.status).toBe(401);
  });

  it('previews a customer’s reorder list for staff', async () => {
    const res = await admin('/v1/admin/customers/regular/recommendations?kind=reorder');
    expect(res.status).toBe(200);
    expect((await readJson(res)).items[0].productId).toBe('p-coffee');
  });

  it('excludes and pins products as the merchant says', async () => {
    const exclude = await admin('/v1/admin/recommendations/rules', { method: 'POST', body: JSON.stringify({ action: 'exclude', target: 'product', value: 'p-candle' }) });
    expect(exclude.status).toBe(201);
    const pin = await admin('/v1/admin/recommendations/rules', { method: 'POST', body: JSON.stringify({ action: 'pin', target: 'product', value: 'p-grinder-pro', placement: 'cross-sell' }) });
    expect(pin.status).toBe(201);
    const { body } = await get('/v1/recommendations/cross-sell', { products: 'p-lantern', limit: '5' });
    const ids = body.items.map((i: { productId: string }) => i.productId);
    expect(ids[0]).toBe('p-grinder-pro');
    expect(ids).not.toContain('p-candle');
    await admin(`/v1/admin/recommendations/rules/${(await readJson(exclude)).id}`, { method: 'DELETE' });
    await admin(`/v1/admin/recommendations/rules/${(await readJson(pin)).id}`, { method: 'DELETE' });
    const again = await get('/v1/recommendations/cross-sell', { products: 'p-lantern', limit: '5' });
    expect(again.body.items[0].productId).toBe('p-candle');
  });

  it('ranks gift ideas for the people a customer sent orders to, not what they already gave', async () => {
    const body = await readJson(await admin('/v1/admin/customers/gifter/recommendations?kind=gifts&limit=3'));
    expect(body.items[0]).toMatchObject({ productId: 'p-candle', reason: { code: 'gift_for_recipient', text: 'For Marie: popular in Lighting, like the gift you sent before' } });
    expect(body.items.map((i: { productId: string }) => i.productId)).not.toContain('p-lantern');
  });

  it('reports what recommendations earn per list and per reason: impressions, clicks, click-through, cart adds and the orders that followed a click', async () => {
    const anonymousId = `clicker-${randomUUID()}`;
    const clickedAt = new Date(now - 2 * DAY).toISOString();
    const addedAt = new Date(now - 2 * DAY + 60_000).toISOString();
    const event = (name: string, properties: Record<string, unknown>, timestamp = clickedAt) => ({ type: 'track', event: name, messageId: randomUUID(), anonymousId, timestamp, properties });
    const batch = [
      // An older list view and click without reasons (sent before the sdk sent them).
      event('Product List Viewed', { list_id: 'cross-sell', products: [{ product_id: 'p-matches' }] }),
      event('Product Clicked', { list_id: 'cross-sell', product_id: 'p-matches', recommendation_id: randomUUID(), position: 1 }),
      // A showcase of three, two of them trending; one trending item clicked and added to the cart.
      event('Product List Viewed', { list_id: 'showcase', products: [{ product_id: 'p-candle', reason: 'trending' }, { product_id: 'p-lantern', reason: 'trending' }, { product_id: 'p-coffee', reason: 'bought_together' }] }),
      event('Product Clicked', { list_id: 'showcase', product_id: 'p-candle', recommendation_id: randomUUID(), reason: 'trending', position: 1 }),
      event('Product Added', { product_id: 'p-candle', quantity: 1 }, addedAt),
      // A list view without items counts as a view of its list only.
      event('Product List Viewed', { list_id: 'showcase' }),
    ];
    await fetch(`${server.url}/v1/batch`, { method: 'POST', body: JSON.stringify({ writeKey: shop.write_key, batch }) });
    await recordOrders(server.database.db, [
      {
        order: { shop_id: shop.shop_id, id: 'AFTER-CLICK', customer_id: null, anonymous_id: anonymousId, email: null, status: 'paid', placed_at: new Date(now - DAY), total: 20, currency: 'EUR', delivery_method: null, payment_type: null, shipping_address: null, carrier: null, tracking_number: null, delivered_at: null, source: 'import' },
        items: [{ shop_id: shop.shop_id, order_id: 'AFTER-CLICK', line_no: 1, product_id: 'p-matches', name: 'Matches', quantity: 2, unit_price: 10, serial_numbers: [] }],
      },
    ]);
    const body = await readJson(await admin('/v1/admin/recommendations/performance?days=30'));
    expect(body.lists).toContainEqual({ list: 'cross-sell', views: 1, items: 1, clicks: 1, ctr: 1, cartAdds: 0, orders: 1, revenue: 20 });
    expect(body.lists).toContainEqual({ list: 'showcase', views: 2, items: 3, clicks: 1, ctr: 0.3333, cartAdds: 1, orders: 0, revenue: 0 });
    expect(body.reasons).toContainEqual({ reason: 'unknown', views: 1, items: 1, clicks: 1, ctr: 1, cartAdds: 0, orders: 1, revenue: 20 });
    expect(body.reasons).toContainEqual({ reason: 'trending', views: 1, items: 2, clicks: 1, ctr: 0.5, cartAdds: 1, orders: 0, revenue: 0 });
    expect(body.reasons).toContainEqual({ reason: 'bought_together', views: 1, items: 1, clicks: 0, ctr: 0, cartAdds: 0, orders: 0, revenue: 0 });
  });

  it('applies a rule only within its dates, and refuses dates that end before they start', async () => {
    const pin = (period: Record<string, string>) => admin('/v1/admin/recommendations/rules', { method: 'POST', body: JSON.stringify({ action: 'pin', target: 'product', value: 'p-grinder-pro', placement: 'cross-sell', ...period }) });
    const first = async () => (await get('/v1/recommendations/cross-sell', { products: 'p-lantern', limit: '5' })).body.items[0].productId;
    const before = await first();
    expect(before).not.toBe('p-grinder-pro');
    const ended = await readJson(await pin({ startsAt: new Date(now - 3 * DAY).toISOString(), endsAt: new Date(now - DAY).toISOString() }));
    const future = await readJson(await pin({ startsAt: new Date(now + DAY).toISOString() }));
    expect(future).toMatchObject({ starts_at: new Date(now + DAY).toISOString(), ends_at: null });
    expect(await first()).toBe(before);
    const current = await readJson(await pin({ startsAt: new Date(now - DAY).toISOString().slice(0, 10), endsAt: new Date(now + DAY).toISOString() }));
    expect(await first()).toBe('p-grinder-pro');
    for (const r of [ended, future, current]) await admin(`/v1/admin/recommendations/rules/${r.id}`, { method: 'DELETE' });
    expect(await first()).toBe(before);
    const backwards = await pin({ startsAt: '2026-12-10', endsAt: '2026-12-01' });
    expect(backwards.status).toBe(400);
    expect((await readJson(backwards)).error.issues[0].path).toBe('endsAt');
  });

  it('rejects a rule with an unknown action', async () => {
    const res = await admin('/v1/admin/recommendations/rules', { method: 'POST', body: JSON.stringify({ action: 'promote', target: 'product', value: 'x' }) });
    expect(res.status).toBe(400);
  });

  it('tells the merchant when the models were last built and when next', async () => {
    const body = await readJson(await admin('/v1/admin/recommendations/models'));
    // Seven of the eight products have sales; a product nobody bought has no model row.
    expect(body.lastRun).toMatchObject({ trigger: 'test', products: 7 });
    expect(body.intervalMinutes).toBe(0);
  });
});
