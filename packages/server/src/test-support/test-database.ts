import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../config.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { createLogger } from '../logger.js';
import { startServer, type RunningServer } from '../server.js';

export const testLogger = createLogger(process.env.TEST_LOG_LEVEL === 'debug' ? 'debug' : 'silent');

export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

/** Which database this test run targets: set per vitest project. */
export function testDatabaseKind(): 'postgres' | 'embedded' {
  return process.env.VITRINA_TEST_DB === 'embedded' ? 'embedded' : 'postgres';
}

export interface TestDatabaseTarget {
  databaseUrl: string | undefined;
  dataDir: string;
  pgOptions: string | undefined;
  /** Drops what the target created (the schema). */
  drop(): Promise<void>;
}

/**
 * A fresh, empty place for one test file: its own schema on the real Postgres,
 * or an in-memory embedded database.
 */
export async function createTestDatabaseTarget(): Promise<TestDatabaseTarget> {
  if (testDatabaseKind() === 'embedded') {
    return { databaseUrl: undefined, dataDir: 'memory://', pgOptions: undefined, drop: async () => {} };
  }
  const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const url = testDatabaseUrl();
  await withClient(url, (c) => c.query(`create schema ${schema}`));
  return {
    databaseUrl: url,
    dataDir: 'memory://',
    pgOptions: `-c search_path=${schema}`,
    drop: () => withClient(url, (c) => c.query(`drop schema ${schema} cascade`)).then(() => {}),
  };
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A migrated database for service and repository tests.
 * @example const t = await openTestDatabase(); await createShop(t.db, { name: 'A' }); await t.close();
 */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const target = await createTestDatabaseTarget();
  const handle = await openDatabase({ ...target, logger: testLogger });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    async close() {
      await handle.close();
      await target.drop();
    },
  };
}

/**
 * The real server on a free loopback port, on a fresh database.
 * @example const s = await startTestServer(); await fetch(`${s.url}/healthz`); await s.close();
 */
export async function startTestServer(opts: { demo?: boolean; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const target = await createTestDatabaseTarget();
  const config = {
    // Tests play clients at many addresses through X-Forwarded-For, as a proxy on the same host would send it.
    ...loadConfig({ PORT: '0', VITRINA_DEMO: opts.demo ? '1' : '0', VITRINA_TRUST_PROXY: 'loopback', ...opts.env }),
    databaseUrl: target.databaseUrl,
    dataDir: target.dataDir,
  };
  const server = await startServer(config, testLogger, target.pgOptions ? { pgOptions: target.pgOptions } : {});
  return {
    ...server,
    async close() {
      await server.close();
      await target.drop();
    },
  };
}

/** A response body as JSON, typed loosely for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function readJson(res: Response): Promise<any> {
  return res.json();
}
