import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../../packages/server/src/config.js';
import { createLogger } from '../../packages/server/src/logger.js';
import { startSmtpSink, type SmtpSink } from '../../packages/server/src/mail/smtp-sink.js';
import { startServer, type RunningServer } from '../../packages/server/src/server.js';

const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The e2e test loads the built, minified widget; fail clearly when it is not built. */
export function requireBuiltWidget(): void {
  const file = fileURLToPath(new URL('../../packages/widget/dist/service-center.js', import.meta.url));
  if (!existsSync(file)) throw new Error(`${file} is missing: build first (npx pnpm@12.4.2 --filter @vitrina/widget build).`);
}

export interface ServiceCenterDemo {
  url: string;
  /** The local SMTP server the Vitrina server sends its e-mail to. */
  sink: SmtpSink;
  query<T extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  destroy(): Promise<void>;
}

/**
 * The real server with the demo shop on the real Postgres (a fresh schema),
 * sending its e-mail over SMTP to a local sink the test reads.
 */
export async function startServiceCenterDemo(): Promise<ServiceCenterDemo> {
  const sink = await startSmtpSink();
  const schema = `e2e_sc_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, options: `-c search_path=${schema}` });
  await pool.query(`create schema ${schema}`);
  const config = {
    ...loadConfig({ PORT: '0', VITRINA_DEMO: '1', LOG_LEVEL: 'silent', VITRINA_MODEL_INTERVAL_MINUTES: '0', SMTP_URL: sink.url }),
    databaseUrl,
  };
  const server: RunningServer = await startServer(config, createLogger('silent'), { pgOptions: `-c search_path=${schema}` });
  return {
    url: server.url,
    sink,
    query: async (sql, params) => (await pool.query(sql, params)).rows,
    async destroy() {
      await server.close();
      await sink.close();
      await pool.query(`drop schema ${schema} cascade`);
      await pool.end();
    },
  };
}
