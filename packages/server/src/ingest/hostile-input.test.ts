import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server.js';
import { cachedWriteKeyCounts, createShop, type CreatedShop } from '../shops/shops.service.js';
import { readJson, startTestServer } from '../test-support/test-database.js';
import { listFailedEvents } from './events.repository.js';

// What an attacker or a broken client may send to the public ingest path,
// each found by trying: it must cost at most the offending event.

let server: RunningServer;
let shop: CreatedShop;
beforeAll(async () => {
  server = await startTestServer();
  shop = await createShop(server.database.db, { name: 'Hostile' });
});
afterAll(() => server?.close());

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
const page = () => ({ type: 'page', messageId: randomUUID(), anonymousId: 'anon-h', properties: { path: '/' } });
const findEvent = (messageId: string) =>
  server.database.db.selectFrom('events').select('message_id').where('shop_id', '=', shop.shop_id).where('message_id', '=', messageId).executeTakeFirst();

/** JSON text of an object nested `depth` levels deep, built as text (JSON.stringify would overflow first). */
const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('hostile input on /v1/batch', () => {
  it('stores the valid event of a batch whose other event nests 20,000 levels deep, and keeps the bad one truncated', async () => {
    const ok = page();
    const badId = randomUUID();
    const body = `{"writeKey":"${shop.write_key}","batch":[${JSON.stringify(ok)},{"type":"track","event":"Deep","messageId":"${badId}","anonymousId":"anon-h","properties":${nested(20_000)}}]}`;
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(await readJson(res)).toMatchObject({ accepted: 1, rejected: 1, failures: [{ index: 1, reason: 'too_deep' }] });
    expect(await findEvent(ok.messageId)).toBeDefined();
    const [failed] = await listFailedEvents(server.database.db, shop.shop_id, { limit: 1 });
    expect(JSON.stringify(failed!.payload).length).toBeLessThan(40_000);
    expect(JSON.stringify(failed!.payload)).toContain(badId);
  });

  it('answers a batch context nested 20,000 levels deep with a 400, never a crash, and keeps serving', async () => {
    const res = await post(`{"writeKey":"${shop.write_key}","context":${nested(20_000)},"batch":[${JSON.stringify(page())}]}`);
    expect(res.status).toBe(400);
    const ok = page();
    expect((await post(JSON.stringify({ writeKey: shop.write_key, batch: [ok] }))).status).toBe(200);
    expect(await findEvent(ok.messageId)).toBeDefined();
  });

  it('refuses junk write keys with 401 and keeps its cache of them bounded in entries and characters', async () => {
    const huge = await post(JSON.stringify({ writeKey: 'k'.repeat(100_000), batch: [page()] }));
    expect(huge.status).toBe(401);
    for (let round = 0; round < 30; round++) {
      const sent = await Promise.all(Array.from({ length: 50 }, (_, i) => post(JSON.stringify({ writeKey: `wk_${round}_${i}_${'x'.repeat(90)}`, batch: [page()] }))));
      expect(sent.every((r) => r.status === 401)).toBe(true);
    }
    const basic = await post(JSON.stringify({ batch: [page()] }), { authorization: `Basic ${Buffer.from('z'.repeat(6_000) + ':').toString('base64')}` });
    expect(basic.status).toBe(401);
    // 1,500 distinct unknown keys sent, and one of 100,000 characters: at most 1,000 short ones are remembered.
    const cached = cachedWriteKeyCounts();
    expect(cached.unknown).toBeLessThanOrEqual(1_000);
    expect(cached.chars).toBeLessThanOrEqual(1_000 * 100 + cached.known * 100);
    // The real shop's key still works.
    const ok = page();
    expect((await post(JSON.stringify({ writeKey: shop.write_key, batch: [ok] }))).status).toBe(200);
  });

  it('records in the event what it changed: a number beyond a double stored as null, a sent time Postgres cannot hold dropped', async () => {
    const id = randomUUID();
    const res = await post(`{"writeKey":"${shop.write_key}","sentAt":"0000-01-01T00:00:00Z","batch":[{"type":"track","event":"Odd","messageId":"${id}","anonymousId":"anon-h","properties":{"price":1e400,"ok":2,"list":[-1e999]}}]}`);
    expect(res.status).toBe(200);
    const row = await server.database.db.selectFrom('events').select(['properties', 'context', 'sent_at']).where('shop_id', '=', shop.shop_id).where('message_id', '=', id).executeTakeFirstOrThrow();
    expect(row.properties).toEqual({ price: null, ok: 2, list: [null] });
    expect(row.sent_at).toBeNull();
    expect(row.context).toMatchObject({ vitrina_flags: ['unstorable_sent_at', 'number_out_of_range'], vitrina_replaced_with_null: ['properties.list.0', 'properties.price'] });
  });
});
