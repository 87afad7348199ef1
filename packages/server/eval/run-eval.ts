/**
 * `pnpm eval`: offline quality of the recommendation engine on real retail
 * orders (../shared/data/online-retail, nine months of invoices).
 *
 * Imports the data into a scratch shop through the real importer, trains on
 * the months before the split, and measures on the months after it, querying
 * the engine through the same code the API uses (model builder, model store,
 * loadShopper, rankers). Baselines are computed in the same run on the same
 * split. Prints a Markdown table; docs/quality.md keeps it.
 *
 *   EVAL_DATABASE_URL  a Postgres server to create the scratch database on
 *                      (default postgres://postgres@127.0.0.1:5432/postgres;
 *                      EVAL_DATABASE_URL=embedded uses in-memory PGlite)
 *   EVAL_DATA_DIR      the folder of monthly CSV files
 *   EVAL_SPLIT         first day of the test period (default 2011-07-01)
 *   EVAL_REUSE=1       keep the scratch database of the previous run (skip the import)
 */
import '../bench/bench-secret-key.js';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { importOrdersCsv } from '../src/importer/import-orders.js';
import { createLogger } from '../src/logger.js';
import { createShop } from '../src/shops/shops.service.js';
import { evaluate } from './evaluate.js';

const logger = createLogger('warn');
const repoRoot = resolve(import.meta.dirname, '../../..');
const dataDir = process.env.EVAL_DATA_DIR ?? resolve(repoRoot, '../shared/data/online-retail');
const split = new Date(`${process.env.EVAL_SPLIT ?? '2011-07-01'}T00:00:00Z`);
const adminUrl = process.env.EVAL_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SHOP = 'eval';

async function openScratch(): Promise<{ database: DatabaseHandle; reused: boolean }> {
  if (adminUrl === 'embedded') return { database: await openDatabase({ dataDir: 'memory://', logger }), reused: false };
  const name = 'vitrina_eval';
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  const reused = exists && process.env.EVAL_REUSE === '1';
  if (!reused) {
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
  }
  await admin.end();
  return { database: await openDatabase({ databaseUrl: adminUrl.replace(/\/[^/]*$/, `/${name}`), logger }), reused };
}

async function main() {
  const t0 = Date.now();
  const { database, reused } = await openScratch();
  await migrateToLatest(database.db);
  if (!reused) {
    await createShop(database.db, { id: SHOP, name: 'Online Retail (evaluation)' });
    const files = readdirSync(dataDir).filter((f) => f.endsWith('.csv')).sort();
    for (const f of files) {
      const summary = await importOrdersCsv(database.db, SHOP, join(dataDir, f));
      console.error(`imported ${f}: ${summary.importedLines} of ${summary.lines} lines, ${summary.orders.new} orders; skipped ${JSON.stringify(summary.skipped)}`);
    }
    console.error(`import took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const report = await evaluate(database.db, SHOP, split);
  await database.close();
  console.log(report);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
