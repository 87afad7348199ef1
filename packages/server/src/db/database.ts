import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import pg from 'pg';
import type { Logger } from '../logger.js';
import { SchemaScopedPostgresDialect } from './current-schema-introspector.js';
import { lockDataDir } from './embedded-lock.js';
import { PGliteDialect } from './pglite-dialect.js';
import { pipelinedTransactions, transactionsOf, type Transact } from './pipelined-transaction.js';
import { prepareMarkedQueries } from './prepared-statements.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: 'postgres' | 'embedded';
  /**
   * Transactions for ingestion: on Postgres on their own pipelined
   * connections (see pipelined-transaction.ts), on the embedded database
   * kysely's own.
   */
  ingestTransaction: Transact;
  /** True when a trivial query answers. */
  ping(): Promise<boolean>;
  /**
   * True while every connection of the pool is in use: a timeout waiting for
   * one then means the server is busy, not that the database is down (a
   * database that is down leaves the pool with fewer connections than its size).
   */
  poolSaturated(): boolean;
  close(): Promise<void>;
}

// Counts and money come back as numbers on both databases: bigint counts stay
// far below 2^53, and prices are numeric(12,2).
const INT8 = 20;
const NUMERIC = 1700;

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  /** A folder for the embedded database; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  logger: Logger;
  /** Extra libpq options for pg, e.g. `-c search_path=t_123` for a per-test schema. */
  pgOptions?: string;
  poolSize?: number;
  /** Connections for `ingestTransaction` on Postgres, besides the pool's. */
  ingestConnections?: number;
}

/**
 * Opens the system of record: a Postgres server through pg when a URL is
 * given, else the embedded PGlite with its data in a local folder.
 * @example const { db } = await openDatabase({ dataDir: './.vitrina', logger })
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const db = options.databaseUrl ? openPostgres(options) : await openEmbedded(options);
  return {
    ...db,
    async ping() {
      try {
        await sql`select 1`.execute(db.db);
        return true;
      } catch {
        return false;
      }
    },
  };
}

function openPostgres(options: OpenDatabaseOptions): Omit<DatabaseHandle, 'ping'> {
  const pool = createPool(options, { max: options.poolSize ?? 10 });
  pool.on('connect', (client) => prepareMarkedQueries(client));
  const ingestPool = createPool(options, { max: options.ingestConnections ?? 2, pipeline: true });
  ingestPool.on('connect', (client) => prepareMarkedQueries(client));
  const db = new Kysely<Database>({ dialect: new SchemaScopedPostgresDialect({ pool }) });
  const max = options.poolSize ?? 10;
  return {
    db,
    kind: 'postgres',
    poolSaturated: () => pool.totalCount >= max && pool.idleCount === 0,
    ingestTransaction: pipelinedTransactions(ingestPool),
    async close() {
      await Promise.all([db.destroy(), ingestPool.end()]);
    },
  };
}

function createPool(options: OpenDatabaseOptions, extra: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    connectionTimeoutMillis: 2000,
    ...(options.pgOptions ? { options: options.pgOptions } : {}),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8 || oid === NUMERIC ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
    ...extra,
  });
  // An idle client losing its server (Postgres restarted) must not crash the process.
  pool.on('error', (err) => options.logger.warn('postgres pool client error', { err }));
  // A checked-out client whose server goes away (Postgres stopped mid-transaction)
  // emits 'error' too; unhandled, that would end the process. The query in
  // flight fails on its own and is answered 503.
  pool.on('connect', (client) => client.on('error', (err) => options.logger.warn('postgres client error', { err })));
  return pool;
}

async function openEmbedded(options: OpenDatabaseOptions): Promise<Omit<DatabaseHandle, 'ping'>> {
  const dir = options.dataDir ?? './.vitrina';
  const inMemory = dir.startsWith('memory://');
  const location = inMemory ? dir : resolve(dir, 'pgdata');
  if (!inMemory) mkdirSync(location, { recursive: true });
  // Before opening: a second process must not even start on a folder another one writes.
  const lock = inMemory ? undefined : lockDataDir(resolve(dir));
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(location, { parsers: { [INT8]: Number, [NUMERIC]: Number } });
  } catch (err) {
    lock?.release();
    throw err;
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'embedded',
    // One session, no pool to wait for.
    poolSaturated: () => false,
    ingestTransaction: transactionsOf(db),
    async close() {
      try {
        await db.destroy();
        await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}
