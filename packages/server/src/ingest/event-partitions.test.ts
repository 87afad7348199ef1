import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { createShop } from '../shops/shops.service.js';
import { openTestDatabase } from '../test-support/test-database.js';
import { applyEventRetention, ensureEventPartitions } from './event-partitions.js';
import { countEventsForShop, listFailedEvents } from './events.repository.js';
import { ingestBatch } from './ingest.service.js';

let t: DatabaseHandle;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t?.close());

const page = (messageId = randomUUID()) => ({ type: 'page', messageId, anonymousId: 'a1' });
const partitionOf = async (messageId: string) =>
  (await sql<{ p: string }>`select tableoid::regclass::text as p from events where message_id = ${messageId}`.execute(t.db)).rows[0]?.p;

describe('event partitions', () => {
  it('moves events that landed in the default partition into their month, and still absorbs their retries', async () => {
    const shop = await createShop(t.db, { name: 'P' });
    const march = new Date('2031-03-10T12:00:00Z');
    const id = randomUUID();
    await ingestBatch(t.db, shop.shop_id, { batch: [page(id)] }, march);
    expect(await partitionOf(id)).toMatch(/events_default$/);

    expect(await ensureEventPartitions(t.db, march, 1)).toEqual(['events_2031_03', 'events_2031_04']);
    expect(await partitionOf(id)).toMatch(/events_2031_03$/);
    expect(await ensureEventPartitions(t.db, march, 1)).toEqual([]);

    // A retry a month later lands in another partition's range: still one event.
    const retry = await ingestBatch(t.db, shop.shop_id, { batch: [page(id)] }, new Date('2031-04-02T00:00:00Z'));
    expect(retry).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await countEventsForShop(t.db, shop.shop_id)).toBe(1);
  });

  it("deletes a shop's events past its retention and leaves other shops' alone", async () => {
    const short = await createShop(t.db, { name: 'Short', settings: { eventRetentionDays: 30 } });
    const keep = await createShop(t.db, { name: 'Keep' });
    const old = new Date('2031-01-05T00:00:00Z');
    await ingestBatch(t.db, short.shop_id, { batch: [page(), page()] }, old);
    await ingestBatch(t.db, keep.shop_id, { batch: [page()] }, old);
    await ingestBatch(t.db, short.shop_id, { batch: [page()] }, new Date('2031-03-01T00:00:00Z'));
    const result = await applyEventRetention(t.db, new Date('2031-03-10T00:00:00Z'));
    expect(result.deletedEvents).toBe(2);
    expect(result.droppedPartitions).toEqual([]);
    expect(await countEventsForShop(t.db, short.shop_id)).toBe(1);
    expect(await countEventsForShop(t.db, keep.shop_id)).toBe(1);
  });

  it('deletes failed events after 30 days, or after the days a shop sets', async () => {
    const tight = await createShop(t.db, { name: 'Tight', settings: { failedEventRetentionDays: 2 } });
    const usual = await createShop(t.db, { name: 'Usual' });
    const bad = { type: 'track', messageId: randomUUID(), anonymousId: 'a' };
    for (const shop of [tight, usual]) {
      await ingestBatch(t.db, shop.shop_id, { batch: [bad] }, new Date('2031-05-01T00:00:00Z'));
      await ingestBatch(t.db, shop.shop_id, { batch: [bad] }, new Date('2031-06-07T00:00:00Z'));
    }
    const result = await applyEventRetention(t.db, new Date('2031-06-10T00:00:00Z'));
    expect(result.deletedFailedEvents).toBe(3);
    const left = async (shopId: string) => (await listFailedEvents(t.db, shopId, { limit: 10 })).length;
    expect(await left(tight.shop_id)).toBe(0);
    expect(await left(usual.shop_id)).toBe(1);
  });
});
