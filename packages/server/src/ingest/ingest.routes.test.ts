import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server.js';
import { createShop, type CreatedShop } from '../shops/shops.service.js';
import { sql } from 'kysely';
import { readJson, startTestServer, testDatabaseKind } from '../test-support/test-database.js';
import { anonymousProfileId } from '../profiles/profiles.table.js';
import { countEventsForShop } from './events.repository.js';

let server: RunningServer;
let shop: CreatedShop;

beforeAll(async () => {
  server = await startTestServer();
  shop = await createShop(server.database.db, { name: 'Ingest Test Shop' });
});
afterAll(() => server?.close());

const page = (over: Record<string, unknown> = {}) => ({
  type: 'page',
  messageId: randomUUID(),
  anonymousId: 'anon-1',
  timestamp: new Date().toISOString(),
  properties: { path: '/' },
  ...over,
});

function post(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('POST /v1/batch', () => {
  it('stores a batch sent with the write key in the body', async () => {
    const before = await countEventsForShop(server.database.db, shop.shop_id);
    const res = await post({ writeKey: shop.write_key, sentAt: new Date().toISOString(), batch: [page(), page({ type: 'track', event: 'Product Viewed', properties: { product_id: 'p1' } })] });
    expect(res.status).toBe(200);
    expect(await readJson(res)).toMatchObject({ accepted: 2, duplicates: 0, rejected: 0 });
    expect(await countEventsForShop(server.database.db, shop.shop_id)).toBe(before + 2);
  });

  it('accepts the write key as the HTTP Basic username and a text/plain body', async () => {
    const auth = 'Basic ' + Buffer.from(`${shop.write_key}:`).toString('base64');
    const res = await post(JSON.stringify({ batch: [page()] }), { authorization: auth, 'content-type': 'text/plain' });
    expect(res.status).toBe(200);
    expect((await readJson(res)).accepted).toBe(1);
  });

  it('stores a retried batch once', async () => {
    const batch = { writeKey: shop.write_key, batch: [page(), page()] };
    const before = await countEventsForShop(server.database.db, shop.shop_id);
    expect(await readJson(await post(batch))).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(await readJson(await post(batch))).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(await countEventsForShop(server.database.db, shop.shop_id)).toBe(before + 2);
  });

  it('stores only the new events of a batch that repeats some, and counts only those in the profile', async () => {
    const anonymousId = randomUUID();
    const view = () => ({ type: 'track', event: 'Product Viewed', messageId: randomUUID(), anonymousId, properties: { product_id: 'p1' } });
    const old = [view(), view(), view()];
    expect(await readJson(await post({ writeKey: shop.write_key, batch: old }))).toMatchObject({ accepted: 3 });
    const before = await countEventsForShop(server.database.db, shop.shop_id);
    const mixed = [view(), old[1], view(), old[0], view()];
    expect(await readJson(await post({ writeKey: shop.write_key, batch: mixed }))).toMatchObject({ accepted: 3, duplicates: 2 });
    expect(await countEventsForShop(server.database.db, shop.shop_id)).toBe(before + 3);
    const profile = await server.database.db.selectFrom('profiles').select('product_views').where('shop_id', '=', shop.shop_id).where('id', '=', anonymousProfileId(anonymousId)).executeTakeFirstOrThrow();
    expect(profile.product_views).toBe(6);
  });

  // Ingest statements are prepared once per connection; a migration that adds a column changes what
  // `select p.*` returns, which Postgres refuses to run from the old plan until it is prepared again.
  it.runIf(testDatabaseKind() === 'postgres')('keeps ingesting after a migration adds a column to the profiles it reads', async () => {
    const anonymousId = randomUUID();
    const batch = () => ({ writeKey: shop.write_key, batch: [page({ anonymousId })] });
    expect((await post(batch())).status).toBe(200);
    await sql`alter table profiles add column added_by_a_migration int`.execute(server.database.db);
    try {
      for (let i = 0; i < 3; i++) expect(await readJson(await post(batch()))).toMatchObject({ accepted: 1 });
      const profile = await server.database.db.selectFrom('profiles').select('page_views').where('shop_id', '=', shop.shop_id).where('id', '=', anonymousProfileId(anonymousId)).executeTakeFirstOrThrow();
      expect(profile.page_views).toBe(4);
    } finally {
      await sql`alter table profiles drop column added_by_a_migration`.execute(server.database.db);
    }
  });

  it('answers a wrong write key with 401 and stores nothing', async () => {
    const before = await countEventsForShop(server.database.db, shop.shop_id);
    const res = await post({ writeKey: 'wk_wrong', batch: [page()] });
    expect(res.status).toBe(401);
    expect((await readJson(res)).error.code).toBe('invalid_write_key');
    expect(await countEventsForShop(server.database.db, shop.shop_id)).toBe(before);
  });

  it('answers malformed JSON with 400 and a JSON error body', async () => {
    const res = await post('{"batch": [', { authorization: 'Basic ' + Buffer.from(`${shop.write_key}:`).toString('base64') });
    expect(res.status).toBe(400);
    expect((await readJson(res)).error).toMatchObject({ code: 'malformed_json' });
  });

  it('answers a body over 500 KB with 413 and stores nothing', async () => {
    const before = await countEventsForShop(server.database.db, shop.shop_id);
    const big = Array.from({ length: 40 }, () => page({ properties: { blob: 'x'.repeat(14_000) } }));
    const res = await post({ writeKey: shop.write_key, batch: big });
    expect(res.status).toBe(413);
    expect((await readJson(res)).error.code).toBe('payload_too_large');
    expect(await countEventsForShop(server.database.db, shop.shop_id)).toBe(before);
  });

  it('answers a chunked body that grows over 500 KB with 413, and a body cut off midway with nothing stored', async () => {
    const before = await countEventsForShop(server.database.db, shop.shop_id);
    const { port } = new URL(server.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/batch', headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.write(`{"writeKey":"${shop.write_key}","batch":[`);
      for (let i = 0; i < 40; i++) req.write(JSON.stringify(page({ properties: { blob: 'x'.repeat(14_000) } })) + ',');
      req.end(JSON.stringify(page()) + ']}');
    });
    expect(status).toBe(413);

    // Declares 2,000 bytes, sends part of a valid batch, and hangs up.
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const start = `{"writeKey":"${shop.write_key}","batch":[${JSON.stringify(page())}`;
    socket.write(`POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2000\r\n\r\n${start}`);
    await new Promise((r) => setTimeout(r, 50));
    socket.destroy();
    await new Promise((r) => setTimeout(r, 50));
    expect((await post({ writeKey: shop.write_key, batch: [page()] })).status).toBe(200);
    expect(await countEventsForShop(server.database.db, shop.shop_id)).toBe(before + 1);
  });

  it('answers an unsupported content type with 415', async () => {
    const res = await post('batch=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
  });

  it('answers an envelope without events with 400 naming the field', async () => {
    const res = await post({ writeKey: shop.write_key, batch: [] });
    expect(res.status).toBe(400);
    const body = await readJson(res);
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.issues[0].path).toBe('batch');
  });

  it('keeps an invalid event as a failed event and stores the valid ones', async () => {
    const res = await post({ writeKey: shop.write_key, batch: [page(), { type: 'track', messageId: 'no-name', anonymousId: 'a' }] });
    const body = await readJson(res);
    expect(body).toMatchObject({ accepted: 1, rejected: 1 });
    expect(body.failures[0]).toMatchObject({ index: 1, messageId: 'no-name', reason: 'invalid_event' });
    const failed = await server.database.db.selectFrom('failed_events').selectAll().where('shop_id', '=', shop.shop_id).execute();
    expect(failed.map((f) => f.reason)).toContain('invalid_event');
  });

  it('corrects a client clock that runs an hour ahead using sentAt', async () => {
    const skew = 3600_000;
    const clientNow = Date.now() + skew;
    const e = page({ timestamp: new Date(clientNow - 10_000).toISOString() });
    await post({ writeKey: shop.write_key, sentAt: new Date(clientNow).toISOString(), batch: [e] });
    const row = await server.database.db.selectFrom('events').select('timestamp').where('shop_id', '=', shop.shop_id).where('message_id', '=', e.messageId).executeTakeFirstOrThrow();
    expect(Math.abs(row.timestamp.getTime() - (Date.now() - 10_000))).toBeLessThan(5_000);
  });

  it('takes the write key from the query string', async () => {
    const res = await fetch(`${server.url}/v1/batch?writeKey=${shop.write_key}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ batch: [page()] }) });
    expect(res.status).toBe(200);
    expect((await readJson(res)).accepted).toBe(1);
  });

  it('answers a storefront origin with CORS headers and a JSON body', async () => {
    const res = await post({ writeKey: shop.write_key, batch: [page()] }, { origin: 'https://shop.example' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('vary')).toBe('Origin');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await readJson(res)).toMatchObject({ success: true, accepted: 1 });
  });

  it('answers a refused batch from a storefront origin with CORS headers too', async () => {
    const res = await post({ writeKey: shop.write_key, batch: [] }, { origin: 'https://shop.example' });
    expect(res.status).toBe(400);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('vary')).toBe('Origin');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect((await readJson(res)).error.code).toBe('invalid_request');
  });

  it('answers a CORS preflight for storefront origins without credentials', async () => {
    const res = await fetch(`${server.url}/v1/batch`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('POST /v1/batch/ and /V1/Track', () => {
  it('ingests paths with a trailing slash or in another case, as before', async () => {
    for (const path of ['/v1/batch/', '/V1/Batch']) {
      const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ writeKey: shop.write_key, batch: [{ type: 'page', messageId: randomUUID(), anonymousId: 'slash' }] }) });
      expect(res.status).toBe(200);
      expect((await readJson(res)).accepted).toBe(1);
    }
    const res = await fetch(`${server.url}/V1/Track/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ writeKey: shop.write_key, event: 'Case', anonymousId: 'slash' }) });
    expect((await readJson(res)).accepted).toBe(1);
  });
});

describe('POST /v1/<unknown>', () => {
  it('is answered 404 by the not-found handler, not taken for an event', async () => {
    const res = await fetch(`${server.url}/v1/xyz`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ writeKey: shop.write_key, event: 'x' }) });
    expect(res.status).toBe(404);
    expect((await readJson(res)).error).toEqual({ code: 'not_found', message: 'No route for POST /v1/xyz.' });
  });
});

describe('GET /healthz', () => {
  it('is 200 while the database answers', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect((await readJson(res)).status).toBe('ok');
  });
});
