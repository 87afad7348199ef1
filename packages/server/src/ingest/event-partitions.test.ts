import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { createShop } from '../shops/shops.service.js';
import { openTestDatabase } from '../test-support/test-database.js';
import { applyEventRetention, ensureEventPartitions } from './event-partitions.js';
import { countEventsForShop } from './events.repository.js';
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
    const short = await createShop(t.db, { name: 'Short', settings: { eventRetentionDays: 30 } as never });
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
});
