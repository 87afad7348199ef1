import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKind } from '../test-support/test-database.js';
import type { DatabaseHandle, Db } from './database.js';
import { writeAtCommit } from './pipelined-transaction.js';

// The handle's ingestTransaction: pipelined on Postgres, kysely's own on the embedded database. Both must mean the same.
let t: DatabaseHandle;
beforeAll(async () => {
  t = await openTestDatabase();
  await sql`create table pipelined_items (id int primary key, note text)`.execute(t.db);
}, 30_000);
afterAll(() => t?.close());

const insert = (db: Db, id: number, note = '') => sql`insert into pipelined_items (id, note) values (${id}, ${note})`.compile(db);
const ids = async () => (await sql<{ id: number }>`select id from pipelined_items order by id`.execute(t.db)).rows.map((r) => r.id);

describe('ingestTransaction with writeAtCommit', () => {
  it('commits the statements and the writes sent with the commit, and returns what the function returned', async () => {
    const result = await t.ingestTransaction(async (tx) => {
      await tx.executeQuery(insert(tx, 1));
      await writeAtCommit(tx, insert(tx, 2));
      await writeAtCommit(tx, insert(tx, 3));
      return 'done';
    });
    expect(result).toBe('done');
    expect(await ids()).toEqual([1, 2, 3]);
  });

  it('stores nothing of a transaction whose write fails at commit, and says why', async () => {
    const failure = t.ingestTransaction(async (tx) => {
      await tx.executeQuery(insert(tx, 10));
      await writeAtCommit(tx, insert(tx, 11));
      await writeAtCommit(tx, insert(tx, 1)); // already there
      await writeAtCommit(tx, insert(tx, 12));
    });
    await expect(failure).rejects.toMatchObject({ code: '23505' });
    expect(await ids()).toEqual([1, 2, 3]);
  });

  it("reports a failed write's own error, not the aborted transaction's, when later statements fail because of it", async () => {
    const failure = t.ingestTransaction(async (tx) => {
      await writeAtCommit(tx, insert(tx, 1)); // already there
      await sql`select 1`.execute(tx);
    });
    await expect(failure).rejects.toMatchObject({ code: '23505' });
  });

  it('stores nothing when the function throws after writes went out', async () => {
    const failure = t.ingestTransaction(async (tx) => {
      await writeAtCommit(tx, insert(tx, 20));
      await tx.executeQuery(insert(tx, 21));
      throw new Error('changed my mind');
    });
    await expect(failure).rejects.toThrow('changed my mind');
    expect(await ids()).toEqual([1, 2, 3]);
  });

  it('leaves its connections usable after failures', async () => {
    for (let i = 0; i < 4; i++) {
      await expect(t.ingestTransaction(async (tx) => writeAtCommit(tx, insert(tx, 1)))).rejects.toMatchObject({ code: '23505' });
    }
    await Promise.all([30, 31, 32, 33].map((id) => t.ingestTransaction((tx) => writeAtCommit(tx, insert(tx, id)))));
    expect(await ids()).toEqual([1, 2, 3, 30, 31, 32, 33]);
  });

  it('lets a later statement read what an earlier write sent with the commit wrote', async () => {
    const seen = await t.ingestTransaction(async (tx) => {
      await writeAtCommit(tx, insert(tx, 40, 'forty'));
      return (await sql<{ note: string }>`select note from pipelined_items where id = 40`.execute(tx)).rows[0]?.note;
    });
    expect(seen).toBe('forty');
  });

  it.runIf(testDatabaseKind() === 'postgres')('on Postgres, does not wait for a write sent with the commit before going on', async () => {
    let handedOver = 0;
    const started = performance.now();
    await t.ingestTransaction(async (tx) => {
      await writeAtCommit(tx, sql`insert into pipelined_items (id, note) select 50, pg_sleep(0.3)::text`.compile(tx));
      handedOver = performance.now() - started;
    });
    expect(handedOver).toBeLessThan(150);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(await ids()).toContain(50);
  });
});
