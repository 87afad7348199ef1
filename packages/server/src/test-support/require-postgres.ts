import pg from 'pg';
import { testDatabaseUrl } from './test-database.js';

/**
 * The Postgres project must run against a real server: when it cannot be
 * reached the run fails here, loudly, instead of skipping.
 */
export default async function requirePostgres() {
  const client = new pg.Client({ connectionString: testDatabaseUrl(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    process.stdout.write(`server-postgres: running against Postgres ${rows[0]!.server_version} at ${testDatabaseUrl()}\n`);
  } catch (err) {
    throw new Error(`The server tests need Postgres at ${testDatabaseUrl()} (set TEST_DATABASE_URL): ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
}
