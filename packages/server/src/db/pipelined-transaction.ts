import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import type pg from 'pg';
import type { Db } from './database.js';
import type { Database } from './schema.js';

/** Runs `fn` in a transaction and resolves once it committed. */
export type Transact = <T>(fn: (tx: Db) => Promise<T>) => Promise<T>;

/** The plain kind: kysely's transaction, one statement after another. */
export function transactionsOf(db: Db): Transact {
  return (fn) => db.transaction().execute(fn);
}

/** An open pipelined transaction: its client, the writes sent ahead by `writeAtCommit`, and the first of them to fail. */
interface OpenTransaction {
  client: pg.PoolClient;
  writes: Promise<unknown>[];
  failure?: unknown;
}
const pending = new WeakMap<Db, OpenTransaction>();

/**
 * Transactions on connections in pg's pipeline mode, where a statement is
 * sent without waiting for the answers to those before it: `begin` goes out
 * without waiting, a write whose result nobody reads (`writeAtCommit`) goes
 * out at once and is checked at commit, and statements that need none of
 * each other's results go together (`sendTogether`). Ingestion's usual
 * transaction (store the events and lock the profiles; write the profiles
 * and commit) waits for two round trips instead of five. Under load each
 * round trip also waits for a turn of a busy event loop, so ingestion's
 * latency is mostly round trips.
 *
 * Statements go out in the order they are issued, and Postgres runs them in
 * that order. So `fn` must await every kysely query it starts before it
 * issues the next statement (kysely sends a query a few microtasks after it
 * is started; `writeAtCommit` and `sendTogether` send at once). If any
 * statement fails, the rest of the transaction fails with it (Postgres
 * refuses statements in an aborted transaction, and its commit becomes a
 * rollback): the first failure is thrown and nothing is stored.
 * @example const transact = pipelinedTransactions(pool); await transact(async (tx) => { ... writeAtCommit(tx, query) })
 */
export function pipelinedTransactions(pool: pg.Pool): Transact {
  const kyselys = new WeakMap<pg.PoolClient, Db>();
  return async (fn) => {
    const client = await pool.connect();
    let tx = kyselys.get(client);
    if (!tx) kyselys.set(client, (tx = onOneClient(client)));
    const open: OpenTransaction = { client, writes: [] };
    pending.set(tx, open);
    const begun = settled(client.query('begin'));
    let broken: unknown;
    try {
      const result = await fn(tx);
      // A write pg refused before sending it (a value it cannot encode) aborts nothing in Postgres: never commit after one.
      if (open.failure !== undefined) throw open.failure;
      const committed = settled(client.query('commit'));
      await begun.check();
      for (const w of open.writes) await w;
      const { command } = await committed.check();
      if (command !== 'COMMIT') throw new Error(`the transaction ended with ${command} instead of COMMIT`);
      return result;
    } catch (err) {
      // Waits for every statement sent before it, so the connection goes back idle.
      await client.query('rollback').catch((e: unknown) => (broken = e));
      // A failed write makes later statements fail as "transaction aborted": report the write's own error.
      throw open.failure ?? err;
    } finally {
      pending.delete(tx);
      client.release(broken instanceof Error ? broken : undefined);
    }
  };
}

/**
 * Sends a write whose result nobody reads. In a pipelined transaction it
 * goes out now and its outcome is checked at commit; elsewhere it simply runs.
 */
export async function writeAtCommit(db: Db, query: CompiledQuery): Promise<void> {
  const open = pending.get(db);
  if (!open) {
    await db.executeQuery(query);
    return;
  }
  const write = open.client.query(query.sql, [...query.parameters]);
  // Checked at commit; until then a failure must not count as unhandled.
  write.catch((err: unknown) => (open.failure ??= err));
  open.writes.push(write);
}

/**
 * Runs statements that need none of each other's results: in a pipelined
 * transaction all go out at once (one round trip, run in this order),
 * elsewhere one after another. Returns each one's rows.
 */
export async function sendTogether(db: Db, queries: CompiledQuery[]): Promise<unknown[][]> {
  const open = pending.get(db);
  const rows: unknown[][] = [];
  if (!open) {
    for (const q of queries) rows.push((await db.executeQuery(q)).rows as unknown[]);
    return rows;
  }
  const sent = queries.map((q) => settled(open.client.query(q.sql, [...q.parameters])));
  for (const s of sent) rows.push((await s.check()).rows as unknown[]);
  return rows;
}

/** A statement's promise whose failure is reported when checked, not as an unhandled rejection. */
function settled<T>(promise: Promise<T>): { check(): Promise<T> } {
  promise.catch(() => {});
  return { check: () => promise };
}

/** A kysely instance that sends every statement straight to one checked-out client. */
function onOneClient(client: pg.PoolClient): Db {
  // kysely releases its connection after each statement; the transaction keeps this one.
  const borrowed = { query: client.query.bind(client), release() {} };
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool: { connect: async () => borrowed as never, end: async () => {} } }),
  });
}
