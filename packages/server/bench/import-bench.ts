/**
 * `pnpm bench:import`: `vitrina import orders` on months of the online-retail
 * export (../shared/data/online-retail) into a scratch database
 * (`vitrina_bench_import`) on the local Postgres, timed until the profiles
 * are updated, next to a plain `COPY` of the same files into a bare table in
 * the same run, and next to the importer in one lane (one transaction at a
 * time) on a fresh shop.
 *
 *   BENCH_DATABASE_URL  admin URL of the Postgres server (default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_FILES         how many monthly files (default 2)
 *   BENCH_CHUNK         invoices per transaction (default the importer's)
 */
import './bench-secret-key.js';
import { createReadStream, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { importOrdersCsv } from '../src/importer/import-orders.js';
import { createLogger } from '../src/logger.js';
import { createShop } from '../src/shops/shops.service.js';

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = 'vitrina_bench_import';
const dbUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
const dataDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/data/online-retail');
const files = readdirSync(dataDir).filter((f) => f.endsWith('.csv')).sort().slice(0, Number(process.env.BENCH_FILES ?? 2)).map((f) => join(dataDir, f));

async function main() {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName}`);
  await admin.query(`create database ${dbName}`);
  await admin.end();

  // The baseline: the same bytes into a bare table, as fast as Postgres takes them.
  const raw = new pg.Client({ connectionString: dbUrl });
  await raw.connect();
  await raw.query(`create table raw_lines (invoice text, stock_code text, description text, quantity text, invoice_date text, unit_price text, customer_id text, country text)`);
  let t = performance.now();
  let copied = 0;
  for (const f of files) {
    const stream = raw.query(copyFrom(`copy raw_lines from stdin with (format csv, header true)`));
    await pipeline(createReadStream(f), stream);
    copied = Number((await raw.query('select count(*) from raw_lines')).rows[0].count);
  }
  const copyMs = performance.now() - t;
  await raw.end();

  // The importer as it runs (two lanes), and in one lane as a baseline, each on a fresh shop.
  const runs: { lanes: number; ms: number; lines: number; orders: number }[] = [];
  for (const lanes of [1, 2]) {
    const handle = await openDatabase({ databaseUrl: dbUrl, logger: createLogger('warn') });
    await migrateToLatest(handle.db);
    const { shop_id: shopId } = await createShop(handle.db, { name: `Import bench, ${lanes} lane(s)` });
    t = performance.now();
    let lines = 0;
    let orders = 0;
    for (const f of files) {
      const s = await importOrdersCsv(handle.db, shopId, f, { lanes, ...(process.env.BENCH_CHUNK ? { chunk: Number(process.env.BENCH_CHUNK) } : {}) });
      lines += s.lines;
      orders += s.orders.new;
    }
    runs.push({ lanes, ms: performance.now() - t, lines, orders });
    await handle.close();
  }
  const { lines, orders } = runs[0]!;
  const importMs = runs[1]!.ms;

  const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en');
  console.log(`files ${files.length}, lines ${lines.toLocaleString('en')}, orders ${orders.toLocaleString('en')}`);
  console.log(`plain COPY into a bare table   ${rate(copied, copyMs).padStart(10)} lines/s  (${Math.round(copyMs)} ms)`);
  for (const r of runs) console.log(`vitrina import orders, ${r.lanes} lane${r.lanes > 1 ? 's' : ' '}  ${rate(r.lines, r.ms).padStart(10)} lines/s  (${Math.round(r.ms)} ms, profiles included)`);
  console.log(`ratio ${(copyMs / importMs).toFixed(3)} of COPY (two lanes)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
