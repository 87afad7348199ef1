import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCustomers } from '../customers/customers.repository.js';
import type { RunningServer } from '../server.js';
import { signCustomerId } from '../shops/customer-signature.js';
import { findShopById } from '../shops/shops.repository.js';
import { createShop, type CreatedShop } from '../shops/shops.service.js';
import { readJson, startTestServer } from '../test-support/test-database.js';
import { recordOrdersInProfiles } from './profiles.service.js';

let server: RunningServer;
let shop: CreatedShop;

beforeAll(async () => {
  server = await startTestServer();
  shop = await createShop(server.database.db, { name: 'Profile Shop', settings: { loyalty: { minOrders: 2, withinDays: 3650 } } as never });
  // The shop's own record of Ada, as the importer brings it.
  await insertCustomers(server.database.db, [
    { shop_id: shop.shop_id, id: 'c-ada', email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', region: null, city: null, postal_code: null, address: null },
  ]);
});
afterAll(() => server?.close());

const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const ev = (e: Record<string, unknown>) => ({ messageId: randomUUID(), timestamp: new Date().toISOString(), ...e });
async function send(batch: Record<string, unknown>[]) {
  const res = await fetch(`${server.url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ writeKey: shop.write_key, batch }) });
  expect(res.status).toBe(200);
  return readJson(res);
}
const profile = (id: string) => server.database.db.selectFrom('profiles').selectAll().where('shop_id', '=', shop.shop_id).where('id', '=', id).executeTakeFirst();
/** A trusted order (the importer, a webhook): counted in the profile, its checkout kept for prefill. */
const trustedOrder = (customerId: string, orderId: string, at: string, total = 80, checkout?: Record<string, unknown>) =>
  server.database.db.transaction().execute((tx) => recordOrdersInProfiles(tx, shop.shop_id, [{ orderId, customerId, total, placedAt: new Date(at), region: 'DE', checkout: checkout ?? null }]));
const berlin = { deliveryMethod: 'pickup_point', paymentType: 'paypal', address: { name: 'Ada Lovelace', line1: '1 Rose Street', city: 'Berlin', postalCode: '10115', country: 'DE' } };
const admin = (path: string) => fetch(server.url + path, { headers: { authorization: `Bearer ${shop.admin_key}` } });

const order = (userId: string | undefined, anonymousId: string, orderId: string, at: string, extra: Record<string, unknown> = {}) =>
  ev({
    type: 'track',
    event: 'Order Completed',
    anonymousId,
    ...(userId ? { userId } : {}),
    timestamp: at,
    properties: {
      order_id: orderId,
      total: 80,
      currency: 'EUR',
      shipping_method: 'pickup_point',
      payment_method: 'paypal',
      shipping_address: { name: 'Ada Lovelace', line1: '1 Rose Street', city: 'Berlin', postalCode: '10115', country: 'DE' },
      products: [{ product_id: 'lamp-1', name: 'Lamp', price: 40, quantity: 2, category: 'Lighting', brand: 'Lumen', serial_numbers: ['SN-1', 'SN-2'] }],
      ...extra,
    },
  });

describe('identity', () => {
  it('merges the anonymous history into the customer on identify, and records the merge once', async () => {
    const anon = randomUUID();
    await send([
      ev({ type: 'page', anonymousId: anon, timestamp: ago(1) }),
      ev({ type: 'track', event: 'Product Viewed', anonymousId: anon, timestamp: ago(1), properties: { product_id: 'p1', category: 'Lighting', brand: 'Lumen' } }),
      ev({ type: 'track', event: 'Products Searched', anonymousId: anon, timestamp: ago(1), properties: { query: 'drone', results: 0 } }),
    ]);
    expect(await profile(`anon:${anon}`)).toMatchObject({ page_views: 1, product_views: 1, searches: 1, zero_result_searches: 1 });

    const identify = ev({ type: 'identify', anonymousId: anon, userId: 'c-ada', traits: { email: 'Ada@Example.com', firstName: 'Ada', lastName: 'Lovelace' } });
    await send([identify]);
    await send([{ ...identify, messageId: randomUUID() }]);
    expect(await profile(`anon:${anon}`)).toBeUndefined();
    expect(await profile('c-ada')).toMatchObject({ customer_id: 'c-ada', email: 'ada@example.com', first_name: 'Ada', page_views: 1, product_views: 1, zero_result_searches: 1 });
    const merges = await server.database.db.selectFrom('profile_merges').selectAll().where('shop_id', '=', shop.shop_id).where('into_profile_id', '=', 'c-ada').execute();
    expect(merges).toHaveLength(1);
    expect(merges[0]).toMatchObject({ from_profile_id: `anon:${anon}`, reason: 'identify' });
  });

  it('joins a second device to the same profile once the shopper logs in there', async () => {
    const phone = randomUUID();
    await send([ev({ type: 'page', anonymousId: phone }), ev({ type: 'page', anonymousId: phone })]);
    await send([ev({ type: 'track', event: 'Product Added', anonymousId: phone, userId: 'c-ada', properties: { product_id: 'p2', category: 'Garden' } })]);
    const p = await profile('c-ada');
    expect(p).toMatchObject({ page_views: 3, cart_adds: 1 });
    const ids = await server.database.db.selectFrom('profile_identities').select('value').where('shop_id', '=', shop.shop_id).where('profile_id', '=', 'c-ada').execute();
    expect(ids).toHaveLength(2);
    // Later anonymous events from the phone count for the customer.
    await send([ev({ type: 'page', anonymousId: phone })]);
    expect((await profile('c-ada'))!.page_views).toBe(4);
  });

  it('does not let an unsigned identify replace a customer\'s e-mail or name', async () => {
    await send([ev({ type: 'identify', anonymousId: randomUUID(), userId: 'c-ada', traits: { email: 'mallory@example.net', firstName: 'Mallory', lastName: 'Evil' } })]);
    expect(await profile('c-ada')).toMatchObject({ email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace' });
  });

  it('lets the shop\'s customer record replace a name an unsigned identify gave before the record existed', async () => {
    await send([ev({ type: 'identify', anonymousId: randomUUID(), userId: 'c-late', traits: { firstName: 'Mallory', email: 'mallory@example.net' } })]);
    expect(await profile('c-late')).toMatchObject({ first_name: 'Mallory', email: null });
    await insertCustomers(server.database.db, [
      { shop_id: shop.shop_id, id: 'c-late', email: 'grace@example.com', first_name: 'Grace', last_name: 'Hopper', region: null, city: null, postal_code: null, address: null },
    ]);
    await trustedOrder('c-late', 'L-1', ago(1), 10);
    expect(await profile('c-late')).toMatchObject({ first_name: 'Grace', last_name: 'Hopper', email: 'grace@example.com', orders: 1 });
  });

  it('does not let an unsigned alias fold one customer\'s profile into another\'s', async () => {
    await send([ev({ type: 'alias', anonymousId: randomUUID(), previousId: 'c-ada', userId: 'c-mallory' })]);
    expect(await profile('c-ada')).toMatchObject({ email: 'ada@example.com', page_views: 4 });
    expect((await profile('c-mallory'))?.page_views ?? 0).toBe(0);
  });
});

describe('orders', () => {
  it('stores an Order Completed as an order with lines, but counts orders in a profile only from a trusted source, once', async () => {
    const anon = randomUUID();
    const first = order('c-ada', anon, 'A-1001', ago(40));
    expect(await send([first])).toMatchObject({ accepted: 1 });
    expect(await send([first])).toMatchObject({ accepted: 0, duplicates: 1 });
    const items = await server.database.db.selectFrom('order_items').selectAll().where('shop_id', '=', shop.shop_id).where('order_id', '=', 'A-1001').execute();
    expect(items).toMatchObject([{ product_id: 'lamp-1', quantity: 2, unit_price: 40, serial_numbers: ['SN-1', 'SN-2'] }]);
    // The event is unsigned: no order, revenue or checkout in the profile.
    expect(await profile('c-ada')).toMatchObject({ orders: 0, revenue: 0, checkout: null });

    expect(await trustedOrder('c-ada', 'A-1001', ago(40), 80)).toBe(1);
    expect(await trustedOrder('c-ada', 'A-1001', ago(40), 80)).toBe(0);
    expect(await trustedOrder('c-ada', 'A-1002', ago(2), 20, berlin)).toBe(1);
    const p = await profile('c-ada');
    expect(p).toMatchObject({ orders: 2, revenue: 100 });
    expect(p!.checkout).toMatchObject(berlin);
  });

  it('does not let an unsigned Order Completed with a customer\'s e-mail change their checkout prefill, counters or devices', async () => {
    const attacker = randomUUID();
    await send([
      order(undefined, attacker, 'A-6666', new Date().toISOString(), {
        email: 'ADA@example.com',
        total: 5000,
        shipping_method: 'courier',
        shipping_address: { name: 'Mallory', line1: '9 Drop Lane', city: 'London', postalCode: 'E1 6AN', country: 'GB' },
      }),
    ]);
    const p = await profile('c-ada');
    expect(p).toMatchObject({ orders: 2, revenue: 100, email: 'ada@example.com' });
    expect(p!.checkout).toMatchObject(berlin);
    const link = await server.database.db.selectFrom('profile_identities').select('profile_id').where('shop_id', '=', shop.shop_id).where('value', '=', attacker).executeTakeFirst();
    expect(link?.profile_id).toBe(`anon:${attacker}`);
  });

  it('does not let unsigned orders under a customer id raise their orders, revenue or checkout', async () => {
    await send([order('c-ada', randomUUID(), 'A-7777', new Date().toISOString(), { total: 9000, shipping_address: { city: 'London', country: 'GB' } })]);
    const p = await profile('c-ada');
    expect(p).toMatchObject({ orders: 2, revenue: 100 });
    expect(p!.checkout).toMatchObject(berlin);
  });

  it('keeps category and brand affinities from views, carts and orders', async () => {
    const p = await profile('c-ada');
    const top = Object.entries(p!.category_affinity).sort((a, b) => b[1] - a[1]);
    expect(top.map(([k]) => k)).toEqual(['Lighting', 'Garden']);
    expect(p!.brand_affinity.Lumen).toBeGreaterThan(5);
  });
});

describe('recent products', () => {
  it('keeps the latest 30 product views, cart adds and clicks newest first, slots late events in, and carries them into the customer on identify', async () => {
    const anon = randomUUID();
    const view = (i: number, minutesAgo: number, event = 'Product Viewed') =>
      ev({ type: 'track', event, anonymousId: anon, timestamp: new Date(Date.now() - minutesAgo * 60_000).toISOString(), properties: { product_id: `rp-${i}` } });
    await send(Array.from({ length: 35 }, (_, i) => view(i, 100 - i)));
    await send([view(90, 1, 'Product Added'), view(91, 2, 'Product Clicked'), ev({ type: 'track', event: 'Product Viewed', anonymousId: anon, properties: {} })]);
    // A late event (sent from a device that was offline) lands in time order, not on top.
    await send([view(92, 80)]);
    const p = await profile(`anon:${anon}`);
    expect(p!.recent_products).toHaveLength(30);
    expect(p!.recent_products.slice(0, 3).map(([kind, id]) => [kind, id])).toEqual([['added', 'rp-90'], ['clicked', 'rp-91'], ['viewed', 'rp-34']]);
    const times = p!.recent_products.map((r) => r[2]);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(p!.recent_products.map((r) => r[1])).toContain('rp-92');
    // The oldest views fell off the end.
    expect(p!.recent_products.map((r) => r[1])).not.toContain('rp-0');

    await send([ev({ type: 'identify', anonymousId: anon, userId: 'c-recent' })]);
    expect((await profile('c-recent'))!.recent_products.slice(0, 2).map((r) => r[1])).toEqual(['rp-90', 'rp-91']);
  });
});

describe('long values', () => {
  it('keeps a product id cut at 200 characters whole, even where the cut falls inside an emoji', async () => {
    const anon = randomUUID();
    const id = 'p'.repeat(199) + '\u{1F600}tail';
    const res = await send([ev({ type: 'track', event: 'Product Viewed', anonymousId: anon, properties: { product_id: id, category: 'c'.repeat(99) + '\u{1F600}' } })]);
    expect(res).toMatchObject({ accepted: 1 });
    const p = await profile(`anon:${anon}`);
    expect(p!.recent_products[0]![1]).toBe('p'.repeat(199));
    expect(Object.keys(p!.category_affinity)).toEqual(['c'.repeat(99)]);
  });
});

describe('GET /v1/profile', () => {
  const get = (q: Record<string, string>) => fetch(`${server.url}/v1/profile?${new URLSearchParams({ writeKey: shop.write_key, ...q })}`).then(readJson);

  it('greets a verified customer and prefills their checkout', async () => {
    const s = (await findShopById(server.database.db, shop.shop_id))!;
    const body = await get({ userId: 'c-ada', signature: signCustomerId(s, 'c-ada') });
    expect(body).toMatchObject({ known: true, verified: true, firstName: 'Ada', region: 'DE', segment: 'promising', loyaltyDiscountDue: true });
    expect(body.checkout).toEqual({ deliveryMethod: 'pickup_point', paymentType: 'paypal', address: { name: 'Ada Lovelace', line1: '1 Rose Street', city: 'Berlin', postalCode: '10115', country: 'DE' } });
  });

  it('gives no checkout details and no one else\'s name for a userId without a valid signature', async () => {
    const body = await get({ userId: 'c-ada', signature: 'f'.repeat(64) });
    expect(body).toEqual({ known: false, verified: false });
  });

  it('does not release a customer\'s name or segment to an anonymous id linked by an unsigned identify', async () => {
    const mine = randomUUID();
    await send([ev({ type: 'identify', anonymousId: mine, userId: 'c-ada' })]);
    expect(await get({ anonymousId: mine })).toEqual({ known: false, verified: false });
    // Not even for Ada's own devices: the link is unsigned either way.
    const ids = await server.database.db.selectFrom('profile_identities').select('value').where('shop_id', '=', shop.shop_id).where('profile_id', '=', 'c-ada').execute();
    expect(ids.length).toBeGreaterThanOrEqual(3);
    for (const { value } of ids) expect(await get({ anonymousId: value })).toEqual({ known: false, verified: false });
  });

  it('greets the same device by name once it presents the signed customer id', async () => {
    const mine = randomUUID();
    await send([ev({ type: 'identify', anonymousId: mine, userId: 'c-ada' })]);
    const s = (await findShopById(server.database.db, shop.shop_id))!;
    expect(await get({ anonymousId: mine, userId: 'c-ada', signature: signCustomerId(s, 'c-ada') })).toMatchObject({ known: true, verified: true, firstName: 'Ada' });
  });

  it('gives an anonymous device its own segment', async () => {
    const anon = randomUUID();
    await send([ev({ type: 'page', anonymousId: anon })]);
    expect(await get({ anonymousId: anon })).toEqual({ known: false, verified: false, segment: 'prospect' });
  });
});

describe('admin customers API', () => {
  it('lists customers by segment and by search, with RFM scores', async () => {
    for (const [id, at] of [['A-2001', ago(500)], ['A-2002', ago(450)], ['A-2003', ago(400)]] as const) await trustedOrder('c-old', id, at);
    const atRisk = await readJson(await admin('/v1/admin/customers?segment=at_risk'));
    expect(atRisk.customers.map((c: { id: string }) => c.id)).toEqual(['c-old']);
    expect(atRisk.customers[0]).toMatchObject({ orders: 3, revenue: 240, rfm: { recency: 1, frequency: 3 } });
    const found = await readJson(await admin('/v1/admin/customers?q=lovelace'));
    expect(found.customers.map((c: { id: string }) => c.id)).toEqual(['c-ada']);
  });

  it('shows one customer with profile, timeline, orders and identities', async () => {
    const res = await admin('/v1/admin/customers/c-ada');
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body.customer).toMatchObject({ id: 'c-ada', email: 'ada@example.com', orders: 2, counters: { zeroResultSearches: 1 } });
    const orders = body.orders.map((o: { id: string }) => o.id);
    expect(orders).toContain('A-1001');
    // The guest order that only named Ada's e-mail is not hers.
    expect(orders).not.toContain('A-6666');
    expect(body.orders.find((o: { id: string }) => o.id === 'A-1001').items[0]).toMatchObject({ productId: 'lamp-1', serialNumbers: ['SN-1', 'SN-2'] });
    // The unsigned order placed under her id is listed, marked unverified, and counted apart from her orders and revenue.
    const unverified = body.orders.filter((o: { verified: boolean }) => !o.verified);
    expect(unverified.map((o: { id: string }) => o.id)).toContain('A-7777');
    expect(body.customer.unverifiedOrders.count).toBe(unverified.length);
    expect(body.customer.unverifiedOrders.revenue).toBeGreaterThanOrEqual(9000);
    expect(body.customer.revenue).toBe(100);
    expect(body.identities.length).toBeGreaterThanOrEqual(2);
    expect(body.merges.length).toBeGreaterThanOrEqual(1);
    expect(body.timeline.map((e: { event: string | null }) => e.event)).toContain('Products Searched');
  });

  it('answers an unknown customer with 404 and a missing admin key with 401', async () => {
    expect((await admin('/v1/admin/customers/nobody')).status).toBe(404);
    expect((await fetch(`${server.url}/v1/admin/customers`)).status).toBe(401);
  });
});
