import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../../packages/server/src/config.js';
import { createLogger } from '../../packages/server/src/logger.js';
import { startServer, type RunningServer } from '../../packages/server/src/server.js';
import { findFreePort } from '../../packages/server/src/test-support/free-port.js';

export const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface VitrinaUnderTest {
  url: string;
  /** Stops the server (requests in flight finish); the database stays. */
  stop(): Promise<void>;
  /** Starts it again on the same port and database. */
  start(): Promise<void>;
  /** Queries the server's database (its own schema). */
  query<T extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Stops the server and drops its schema. */
  destroy(): Promise<void>;
}

/**
 * The real Vitrina server with the demo shop, on a free loopback port, against
 * the real Postgres in a fresh schema built by the real migrations.
 * @example const vitrina = await startVitrina(); await page.goto(vitrina.url);
 */
export async function startVitrina(): Promise<VitrinaUnderTest> {
  const schema = `e2e_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, options: `-c search_path=${schema}` });
  await pool.query(`create schema ${schema}`);
  const port = await findFreePort();
  const config = {
    ...loadConfig({ PORT: String(port), VITRINA_DEMO: '1', LOG_LEVEL: 'silent', VITRINA_MODEL_INTERVAL_MINUTES: '0' }),
    databaseUrl,
  };
  const logger = createLogger(process.env.TEST_LOG_LEVEL === 'debug' ? 'debug' : 'silent');
  let running: RunningServer | undefined;
  const start = async () => {
    running = await startServer(config, logger, { pgOptions: `-c search_path=${schema}` });
  };
  const stop = async () => {
    await running?.close();
    running = undefined;
  };
  await start();
  return {
    url: running!.url,
    start,
    stop,
    query: async (sql, params) => (await pool.query(sql, params)).rows,
    async destroy() {
      await stop();
      await pool.query(`drop schema ${schema} cascade`);
      await pool.end();
    },
  };
}
