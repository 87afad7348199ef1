import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import type { RunningServer } from '../server.js';
import { createShop, type CreatedShop } from '../shops/shops.service.js';
import { readJson, startTestServer, testLogger } from '../test-support/test-database.js';
import { countEventsForShop } from './events.repository.js';
import { GroupCommitter } from './group-commit.js';
import { prepareBatch } from './ingest.service.js';

// Values Postgres refuses (NUL in text or jsonb, year 0) must cost only the
// event or batch that holds them: never a 500, never another shop's batch.

let server: RunningServer;
let bad: CreatedShop;
let good: CreatedShop;
beforeAll(async () => {
  server = await startTestServer();
  bad = await createShop(server.database.db, { name: 'Sends odd data' });
  good = await createShop(server.database.db, { name: 'Sends good data' });
});
afterAll(() => server?.close());

const page = (over: Record<string, unknown> = {}) => ({ type: 'page', messageId: randomUUID(), anonymousId: 'anon-1', properties: { path: '/' }, ...over });

const post = (body: unknown) => fetch(`${server.url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const findEvent = (shopId: string, messageId: string) =>
  server.database.db.selectFrom('events').selectAll().where('shop_id', '=', shopId).where('message_id', '=', messageId).executeTakeFirst();

/** The bad batch and a good one from another shop, sent at the same moment. */
async function sendBesideGoodBatch(badBatch: unknown[], envelope: Record<string, unknown> = {}) {
  const goodEvent = page();
  const [badRes, goodRes] = await Promise.all([post({ writeKey: bad.write_key, ...envelope, batch: badBatch }), post({ writeKey: good.write_key, batch: [goodEvent] })]);
  expect(goodRes.status).toBe(200);
  expect(await readJson(goodRes)).toMatchObject({ accepted: 1 });
  expect(await findEvent(good.shop_id, goodEvent.messageId)).toBeDefined();
  return badRes;
}

describe('unstorable characters and times at the edge', () => {
  it('removes NUL characters from property strings and keys, stores the event, and spares a concurrent batch', async () => {
    const e = page({ properties: { path: '/a\u0000b', ['k\u0000']: ['x\u0000'], half: 'x\ud800' }, context: { note: '\u0000' } });
    const res = await sendBesideGoodBatch([e], { context: { library: { name: 'x\u0000' } } });
    expect(res.status).toBe(200);
    expect(await readJson(res)).toMatchObject({ accepted: 1, rejected: 0 });
    const row = await findEvent(bad.shop_id, e.messageId);
    // A lone surrogate (jsonb refuses it too) becomes U+FFFD.
    expect(row?.properties).toEqual({ path: '/ab', k: ['x'], half: 'x\ufffd' });
    expect(row?.context).toMatchObject({ note: '', library: { name: 'x' } });
  });

  it('fails an event with a NUL in an id as invalid_characters and keeps a NUL-free copy in failed_events', async () => {
    const ok = page();
    const res = await sendBesideGoodBatch([{ ...page(), messageId: 'm\u00001', properties: { p: '\u0000' } }, page({ anonymousId: 'a\u0000' }), ok]);
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body).toMatchObject({ accepted: 1, rejected: 2 });
    expect(body.failures.map((f: { reason: string }) => f.reason)).toEqual(['invalid_characters', 'invalid_characters']);
    expect(body.failures[0].message).toContain('messageId');
    expect(await findEvent(bad.shop_id, ok.messageId)).toBeDefined();
    const failed = await server.database.db.selectFrom('failed_events').selectAll().where('shop_id', '=', bad.shop_id).where('reason', '=', 'invalid_characters').execute();
    expect(failed).toHaveLength(2);
    expect(failed.map((f) => (f.payload as { event: { messageId: string } }).event.messageId)).toContain('m1');
  });

  it('keeps an already invalid event that holds a NUL as a failed event', async () => {
    const res = await sendBesideGoodBatch([{ type: 'track', messageId: randomUUID(), anonymousId: 'a', properties: { note: 'no event name \u0000' } }]);
    expect(res.status).toBe(200);
    expect(await readJson(res)).toMatchObject({ accepted: 0, rejected: 1, failures: [{ reason: 'invalid_event' }] });
  });

  it('stores a year-0 timestamp as the time received, flagged implausible, and spares a concurrent batch', async () => {
    const e = page({ timestamp: '0000-01-01T00:00:00Z' });
    const res = await sendBesideGoodBatch([e]);
    expect(res.status).toBe(200);
    const row = await findEvent(bad.shop_id, e.messageId);
    expect(Math.abs(row!.timestamp.getTime() - Date.now())).toBeLessThan(60_000);
    expect(row!.context).toMatchObject({ vitrina_flags: ['implausible_timestamp'] });
  });

  it('stores an event whose year-0 timestamp is offset by a far-future sentAt, and one sent with a year-0 sentAt', async () => {
    const a = page({ timestamp: '0000-01-01T00:00:00Z' });
    const b = page({ timestamp: new Date().toISOString() });
    const resA = await sendBesideGoodBatch([a], { sentAt: '9999-12-31T23:59:59Z' });
    const resB = await sendBesideGoodBatch([b], { sentAt: '0000-01-01T00:00:00Z' });
    expect([resA.status, resB.status]).toEqual([200, 200]);
    expect((await findEvent(bad.shop_id, a.messageId))!.context).toMatchObject({ vitrina_flags: ['implausible_timestamp'] });
    const rowB = await findEvent(bad.shop_id, b.messageId);
    // The sent time Postgres cannot hold is dropped, and the event says so.
    expect(rowB!.context).toMatchObject({ vitrina_flags: ['future_timestamp', 'unstorable_sent_at'] });
    expect(rowB!.sent_at).toBeNull();
  });
});

describe('GroupCommitter with a batch the database refuses', () => {
  it('commits the group batch by batch: the culprit is unstorable, the other shops are stored', async () => {
    const committer = new GroupCommitter(server.database.ingestTransaction, testLogger, { maxInFlight: 1, maxGroupEvents: 5000, maxQueuedEvents: 50_000, outageCooldownMs: 500 });
    const goodBatch = () => prepareBatch(good.shop_id, { batch: [page(), page()] }, new Date());
    // Rows built past the edge checks, as a future bug might: NUL in jsonb, and a year-0 time.
    const nulBatch = prepareBatch(bad.shop_id, { batch: [page()] }, new Date());
    nulBatch.rows[0]!.properties = { note: 'a\u0000b' };
    const yearZeroBatch = prepareBatch(bad.shop_id, { batch: [page()] }, new Date());
    yearZeroBatch.rows[0]!.timestamp = new Date('0000-01-01T00:00:00Z');
    const badBefore = await countEventsForShop(server.database.db, bad.shop_id);
    const goodBefore = await countEventsForShop(server.database.db, good.shop_id);

    const outcomes = await Promise.all([goodBatch(), nulBatch, goodBatch(), yearZeroBatch, goodBatch()].map((b) => committer.submit(b)));

    expect(outcomes.map((o) => o.status)).toEqual(['stored', 'unstorable', 'stored', 'unstorable', 'stored']);
    expect(await countEventsForShop(server.database.db, good.shop_id)).toBe(goodBefore + 6);
    expect(await countEventsForShop(server.database.db, bad.shop_id)).toBe(badBefore);
  });
});

describe('VITRINA_INGEST_INFLIGHT', () => {
  it('defaults to 2, also when set empty', () => {
    expect(loadConfig({}).ingestInFlight).toBe(2);
    expect(loadConfig({ VITRINA_INGEST_INFLIGHT: '' }).ingestInFlight).toBe(2);
    expect(loadConfig({ VITRINA_INGEST_INFLIGHT: '4' }).ingestInFlight).toBe(4);
  });

  it.each(['0', 'two', '1.5', '-1'])('refuses %j with a config error naming the variable', (value) => {
    expect(() => loadConfig({ VITRINA_INGEST_INFLIGHT: value })).toThrow(ConfigError);
    expect(() => loadConfig({ VITRINA_INGEST_INFLIGHT: value })).toThrow(`VITRINA_INGEST_INFLIGHT=${JSON.stringify(value)}: must be`);
  });
});
