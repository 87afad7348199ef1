import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { createLogger } from '../logger.js';
import { createShop } from '../shops/shops.service.js';
import { openTestDatabase, testDatabaseKind, testLogger } from '../test-support/test-database.js';
import { countEventsForShop } from './events.repository.js';
import { GroupCommitter } from './group-commit.js';
import { prepareBatch } from './ingest.service.js';

let t: DatabaseHandle;
let shopId: string;
beforeAll(async () => {
  t = await openTestDatabase();
  shopId = (await createShop(t.db, { name: 'Group' })).shop_id;
});
afterAll(() => t?.close());

const batch = (n = 5) =>
  prepareBatch(shopId, { batch: Array.from({ length: n }, () => ({ type: 'page', messageId: randomUUID(), anonymousId: randomUUID() })) }, new Date());

function recordingLogger() {
  const groups: number[] = [];
  const base = createLogger('silent');
  return { groups, logger: { ...base, debug: (msg: string, f?: Record<string, unknown>) => msg === 'ingest group committed' && groups.push(f!.batches as number) } };
}

describe('GroupCommitter', () => {
  it('commits batches that arrive together in one transaction and answers each with its own counts', async () => {
    const { groups, logger } = recordingLogger();
    const committer = new GroupCommitter(t.ingestTransaction, logger, { maxInFlight: 1, maxGroupEvents: 5000, maxQueuedEvents: 50_000, outageCooldownMs: 500 });
    const before = await countEventsForShop(t.db, shopId);
    const first = batch();
    const outcomes = await Promise.all([committer.submit(first), ...Array.from({ length: 9 }, () => committer.submit(batch())), committer.submit({ ...first, receivedAt: new Date() })]);
    expect(groups).toEqual([11]);
    expect(outcomes.slice(0, 10).every((o) => o.status === 'stored' && o.response.accepted === 5)).toBe(true);
    // The same batch twice in one group is stored once.
    expect(outcomes[10]).toMatchObject({ status: 'stored', response: { accepted: 0, duplicates: 5 } });
    expect(await countEventsForShop(t.db, shopId)).toBe(before + 50);
  });

  it('answers a batch sent again with its duplicates in one group with new batches, which are stored', async () => {
    const { groups, logger } = recordingLogger();
    const committer = new GroupCommitter(t.ingestTransaction, logger, { maxInFlight: 1, maxGroupEvents: 5000, maxQueuedEvents: 50_000, outageCooldownMs: 500 });
    const earlier = batch();
    expect(await committer.submit(earlier)).toMatchObject({ status: 'stored', response: { accepted: 5 } });
    const before = await countEventsForShop(t.db, shopId);
    // A new committer claims events as new at first: the repeated batch fails that claim, and the group is committed again.
    const again = new GroupCommitter(t.ingestTransaction, logger, { maxInFlight: 1, maxGroupEvents: 5000, maxQueuedEvents: 50_000, outageCooldownMs: 500 });
    const outcomes = await Promise.all([again.submit(batch()), again.submit({ ...earlier, receivedAt: new Date() }), again.submit(batch())]);
    expect(outcomes).toMatchObject([
      { status: 'stored', response: { accepted: 5, duplicates: 0 } },
      { status: 'stored', response: { accepted: 0, duplicates: 5 } },
      { status: 'stored', response: { accepted: 5, duplicates: 0 } },
    ]);
    expect(groups).toEqual([1, 3]);
    expect(await countEventsForShop(t.db, shopId)).toBe(before + 10);
  });

  it("stores each event of a group with its own batch's shop, sent and received times, to the millisecond", async () => {
    const { groups, logger } = recordingLogger();
    const committer = new GroupCommitter(t.ingestTransaction, logger, { maxInFlight: 1, maxGroupEvents: 5000, maxQueuedEvents: 50_000, outageCooldownMs: 500 });
    const otherShop = (await createShop(t.db, { name: 'Group 2' })).shop_id;
    const sent = (shop: string, sentAt: string, receivedAt: Date, timestamps: string[]) =>
      prepareBatch(shop, { sentAt, batch: timestamps.map((timestamp) => ({ type: 'page', messageId: randomUUID(), anonymousId: randomUUID(), timestamp })) }, receivedAt);
    const batches = [
      sent(shopId, '2026-03-01T10:00:00.123Z', new Date('2026-03-01T10:00:01.456Z'), ['2026-03-01T09:59:58.001Z', '2026-03-01T09:59:59.999Z']),
      sent(otherShop, '2026-03-01T10:00:00.500Z', new Date('2026-03-01T10:00:00.789Z'), ['2026-03-01T10:00:00.250Z']),
      sent(shopId, '2026-03-01T10:00:02.000Z', new Date('2026-03-01T10:00:02.002Z'), ['2026-03-01T10:00:01.007Z']),
      // A client clock far off: its sent time is kept as sent, to the millisecond.
      sent(otherShop, '9999-12-31T23:59:59.999Z', new Date('2026-03-01T10:00:03.000Z'), ['9999-12-31T23:59:58.001Z']),
    ];
    await Promise.all(batches.map((b) => committer.submit(b)));
    expect(groups).toEqual([4]);
    for (const b of batches) {
      for (const r of b.rows) {
        const stored = await t.db.selectFrom('events').select(['shop_id', 'timestamp', 'received_at', 'sent_at']).where('message_id', '=', r.message_id).executeTakeFirstOrThrow();
        expect(stored.shop_id).toBe(b.shopId);
        expect(stored.received_at.toISOString()).toBe(b.receivedAt.toISOString());
        expect(stored.sent_at!.toISOString()).toBe((r.sent_at as Date).toISOString());
        expect(stored.timestamp.toISOString()).toBe((r.timestamp as Date).toISOString());
      }
    }
    // The corrected time keeps the client's milliseconds: received - (sent - original).
    expect(batches[0]!.rows[0]!.timestamp).toEqual(new Date('2026-03-01T09:59:59.334Z'));
  });

  // Transactions overlap on Postgres only (the embedded database has one session).
  it.runIf(testDatabaseKind() === 'postgres')('lets a few batches wait for the running transaction instead of starting a second one, and overlaps when many wait', async () => {
    const { groups, logger } = recordingLogger();
    const committer = new GroupCommitter(t.ingestTransaction, logger, { maxInFlight: 2, maxGroupEvents: 5000, minEventsToOverlap: 12, maxQueuedEvents: 50_000, outageCooldownMs: 500 });
    const nextTurn = () => new Promise((r) => setImmediate(r));
    const first = committer.submit(batch(500));
    await nextTurn();
    // 10 events wait: under 12, so they stay queued while the first transaction runs...
    const few = [committer.submit(batch()), committer.submit(batch())];
    await nextTurn();
    expect(committer.backlog).toBe(10);
    // ...and go together after it.
    expect((await Promise.all([first, ...few])).every((o) => o.status === 'stored')).toBe(true);
    expect(groups).toEqual([1, 2]);

    const next = committer.submit(batch(500));
    await nextTurn();
    // 15 events wait: a second transaction starts beside the running one.
    const many = [committer.submit(batch()), committer.submit(batch()), committer.submit(batch())];
    await nextTurn();
    expect(committer.backlog).toBe(0);
    await Promise.all([next, ...many]);
  });

  it('turns a batch away as overloaded when too many events are waiting, and stores none of it', async () => {
    const committer = new GroupCommitter(t.ingestTransaction, testLogger, { maxInFlight: 1, maxGroupEvents: 5000, maxQueuedEvents: 12, outageCooldownMs: 500 });
    const before = await countEventsForShop(t.db, shopId);
    const outcomes = await Promise.all([committer.submit(batch()), committer.submit(batch()), committer.submit(batch())]);
    expect(outcomes.map((o) => o.status)).toEqual(['stored', 'stored', 'overloaded']);
    expect(outcomes[2]).toMatchObject({ retryAfterSeconds: 1 });
    expect(await countEventsForShop(t.db, shopId)).toBe(before + 10);
  });

  it('answers unavailable when the database cannot be reached, and at once for a while afterwards', async () => {
    const down = await openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/nothing', logger: testLogger });
    try {
      const committer = new GroupCommitter(down.ingestTransaction, testLogger, { maxInFlight: 1, maxGroupEvents: 5000, maxQueuedEvents: 50_000, outageCooldownMs: 10_000 });
      expect(await committer.submit(batch())).toMatchObject({ status: 'unavailable', retryAfterSeconds: 2 });
      const t0 = performance.now();
      expect(await committer.submit(batch())).toMatchObject({ status: 'unavailable' });
      expect(performance.now() - t0).toBeLessThan(50);
    } finally {
      await down.close();
    }
  });

  it('bounds how long a batch waits under overload: late ones are turned away with overloaded at once, accepted ones answered within the bound and a transaction', async () => {
    // A database that takes 300 ms a transaction, one at a time: 40 batches at once cannot all be stored within 1 s.
    const slow: typeof t.ingestTransaction = async (fn) => {
      await new Promise((r) => setTimeout(r, 300));
      return t.ingestTransaction(fn);
    };
    const committer = new GroupCommitter(slow, testLogger, { maxInFlight: 1, maxGroupEvents: 10, maxQueuedEvents: 50_000, outageCooldownMs: 500, maxQueueWaitMs: 1_000 });
    const started = performance.now();
    const timed = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const outcome = await committer.submit(batch(5));
        return { status: outcome.status, ms: performance.now() - started };
      }),
    );
    const stored = timed.filter((o) => o.status === 'stored');
    const shed = timed.filter((o) => o.status === 'overloaded');
    expect(stored.length).toBeGreaterThan(0);
    expect(shed.length).toBeGreaterThan(0);
    expect(stored.length + shed.length).toBe(40);
    // Waiting at most 1 s, then one transaction of 300 ms (plus the machine's noise).
    expect(Math.max(...stored.map((o) => o.ms))).toBeLessThan(1_000 + 2 * 300 + 400);
    // Turned away before they would have waited past the bound.
    expect(Math.max(...shed.map((o) => o.ms))).toBeLessThan(1_000 + 300 + 400);
    // A batch submitted now, behind nothing, is stored.
    expect((await committer.submit(batch(5))).status).toBe('stored');
  });
});
