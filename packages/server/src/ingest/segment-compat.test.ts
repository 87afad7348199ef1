import { randomUUID } from 'node:crypto';
import { Analytics } from '@segment/analytics-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server.js';
import { createShop, type CreatedShop } from '../shops/shops.service.js';
import { readJson, startTestServer } from '../test-support/test-database.js';

let server: RunningServer;
let shop: CreatedShop;

beforeAll(async () => {
  server = await startTestServer();
  shop = await createShop(server.database.db, { name: 'Segment Shop' });
});
afterAll(() => server?.close());

const basic = () => 'Basic ' + Buffer.from(`${shop.write_key}:`).toString('base64');
const eventsOf = (shopId: string) => server.database.db.selectFrom('events').selectAll().where('shop_id', '=', shopId);

describe('Segment compatibility', () => {
  it('stores what the real @segment/analytics-node client sends', async () => {
    const analytics = new Analytics({ writeKey: shop.write_key, host: server.url, flushAt: 3, flushInterval: 50, maxRetries: 1 });
    const userId = `seg-${randomUUID()}`;
    analytics.identify({ userId, traits: { email: 'ada@example.com', firstName: 'Ada' } });
    analytics.track({ userId, event: 'Product Viewed', properties: { product_id: 'p-1', category: 'Lamps' } });
    analytics.page({ userId, name: 'Home', properties: { path: '/' } });
    await analytics.closeAndFlush({ timeout: 10_000 });
    const rows = await eventsOf(shop.shop_id).where('user_id', '=', userId).orderBy('type').execute();
    expect(rows.map((r) => r.type)).toEqual(['identify', 'page', 'track']);
    expect(rows.find((r) => r.type === 'track')).toMatchObject({ event: 'Product Viewed', properties: { product_id: 'p-1', category: 'Lamps' } });
    const profile = await server.database.db.selectFrom('profiles').selectAll().where('shop_id', '=', shop.shop_id).where('id', '=', userId).executeTakeFirstOrThrow();
    // An unsigned identify names the profile but does not give it an e-mail (docs/profiles.md, Trust).
    expect(profile).toMatchObject({ first_name: 'Ada', email: null, product_views: 1, page_views: 1 });
  });

  it('takes single events on the full and the short paths, as text/plain with Basic auth', async () => {
    const anonymousId = randomUUID();
    const calls: [string, Record<string, unknown>][] = [
      ['/v1/track', { event: 'Products Searched', properties: { query: 'lamp', results: 0 } }],
      ['/v1/t', { event: 'Product Added', properties: { product_id: 'p-2' } }],
      ['/v1/p', { name: 'Search' }],
      ['/v1/screen', { name: 'Cart' }],
      ['/v1/g', { groupId: 'wholesale' }],
      ['/v1/i', { traits: { firstName: 'Bo' } }],
    ];
    for (const [path, body] of calls) {
      const res = await fetch(server.url + path, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization: basic() },
        body: JSON.stringify({ ...body, anonymousId, messageId: randomUUID(), sentAt: new Date().toISOString() }),
      });
      expect(res.status, path).toBe(200);
      expect(await readJson(res), path).toMatchObject({ success: true, accepted: 1 });
    }
    const rows = await eventsOf(shop.shop_id).where('anonymous_id', '=', anonymousId).execute();
    expect(rows.map((r) => r.type).sort()).toEqual(['group', 'identify', 'page', 'screen', 'track', 'track']);
  });

  it('merges the anonymous history into the customer on /v1/alias', async () => {
    const anonymousId = randomUUID();
    const post = (path: string, body: object) =>
      fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ writeKey: shop.write_key, messageId: randomUUID(), ...body }) });
    expect((await post('/v1/page', { anonymousId, name: 'Home' })).status).toBe(200);
    expect((await post('/v1/alias', { previousId: anonymousId, userId: 'alias-user' })).status).toBe(200);
    const p = await server.database.db.selectFrom('profiles').selectAll().where('shop_id', '=', shop.shop_id).where('id', '=', 'alias-user').executeTakeFirstOrThrow();
    expect(p.page_views).toBe(1);
  });

  it('takes the write key from the body of a /v1/b batch', async () => {
    const res = await fetch(`${server.url}/v1/b`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ writeKey: shop.write_key, batch: [{ type: 'page', anonymousId: 'x', messageId: randomUUID() }] }),
    });
    expect(await readJson(res)).toMatchObject({ accepted: 1 });
  });
});

describe('limits', () => {
  const postBatch = (batch: unknown[]) =>
    fetch(`${server.url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: basic() }, body: JSON.stringify({ batch }) });

  it('answers a batch of more than 2,500 events with 400', async () => {
    const res = await postBatch(Array.from({ length: 2501 }, () => ({ type: 'page', anonymousId: 'a', messageId: randomUUID() })));
    expect(res.status).toBe(400);
    expect((await readJson(res)).error.issues[0].path).toBe('batch');
  });

  it('keeps events over the size, key, depth and string limits as failed events with their reason', async () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 12; i++) deep = { deep };
    const big = { type: 'track', event: 'Big', anonymousId: 'a', messageId: randomUUID(), properties: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, 'x'.repeat(5000)])) };
    const many = { type: 'track', event: 'Many', anonymousId: 'a', messageId: randomUUID(), properties: Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`k${i}`, i])) };
    const nested = { type: 'track', event: 'Deep', anonymousId: 'a', messageId: randomUUID(), properties: deep };
    const long = { type: 'track', event: 'Long', anonymousId: 'a', messageId: randomUUID(), properties: { text: 'y'.repeat(9000) } };
    const ok = { type: 'page', anonymousId: 'a', messageId: randomUUID() };
    const res = await postBatch([big, many, nested, long, ok]);
    const body = await readJson(res);
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ accepted: 1, rejected: 4 });
    expect(body.failures.map((f: { reason: string }) => f.reason)).toEqual(['event_too_large', 'too_many_properties', 'too_deep', 'string_too_long']);

    const admin = await fetch(`${server.url}/v1/admin/failed-events?limit=10`, { headers: { authorization: `Bearer ${shop.admin_key}` } });
    const reasons = (await readJson(admin)).failedEvents.map((f: { reason: string }) => f.reason);
    expect(reasons).toEqual(expect.arrayContaining(['event_too_large', 'too_many_properties', 'too_deep', 'string_too_long']));
  });

  it('answers a request from an origin the shop did not allow with 403', async () => {
    const strict = await createShop(server.database.db, { name: 'Strict', settings: { allowedOrigins: ['https://shop.example'] } });
    const send = (origin: string) =>
      fetch(`${server.url}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin },
        body: JSON.stringify({ writeKey: strict.write_key, batch: [{ type: 'page', anonymousId: 'a', messageId: randomUUID() }] }),
      });
    const denied = await send('https://evil.example');
    expect(denied.status).toBe(403);
    expect((await readJson(denied)).error.code).toBe('origin_not_allowed');
    expect((await send('https://shop.example')).status).toBe(200);
    expect(await eventsOf(strict.shop_id).execute()).toHaveLength(1);
  });
});
