/**
 * `pnpm bench:recs`: latency of the recommendation endpoints on a generated
 * shop (100,000 customers, 10,000 products, 3,000,000 events, 300,000 orders)
 * on the local Postgres, next to /healthz served by the same process.
 *
 *   BENCH_DATABASE_URL  admin URL of the Postgres server (default: the local Unix socket
 *                       /var/run/postgresql if present, else postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_SECONDS       seconds per endpoint (default 10)
 *   BENCH_CONCURRENCY   concurrent connections (default 16)
 *   BENCH_RATE          requests/s offered per endpoint, open loop on up to BENCH_CONCURRENCY
 *                       connections (latency from each request's scheduled start); unset: closed loop
 *   BENCH_WARMUP        seconds of warm-up per endpoint, all before any is measured (default 10)
 *   BENCH_REBUILD=1     regenerate the shop even if it exists
 *   BENCH_REPEAT       rounds over the endpoints, then each one's median p99 (default 1)
 *   BENCH_KEEP_MODELS=1 keep the shop's models if it has some (otherwise they are rebuilt, and timed)
 *   BENCH_ONLY          measure only the endpoints whose name contains this text (e.g. showcase)
 *   BENCH_SERVER_MAIN   another build's dist/main.js to measure (e.g. a worktree of an earlier commit), same shop
 *   BENCH_LOG_LEVEL     the server's log level, its log then shown (default: warn, not shown)
 *   BENCH_NODE_ARGS     extra node flags for the server (after those of `pnpm start`), e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
 */
import './bench-secret-key.js';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { ensureEventPartitions } from '../src/ingest/event-partitions.js';
import { createLogger } from '../src/logger.js';
import { addBuyerKeys, emptyBuyerKeys, refreshBuyerPurchases } from '../src/orders/buyer-purchases.repository.js';
import { rebuildShopModels } from '../src/recommend/model-builder.service.js';
import { findLatestModelRun } from '../src/recommend/recommend.repository.js';
import { signCustomerId } from '../src/shops/customer-signature.js';
import { findShopById } from '../src/shops/shops.repository.js';
import { createShop } from '../src/shops/shops.service.js';
import { benchProfilesSql, benchShopSql } from './bench-shop.sql.js';
import { runAtRate, runLoad } from './load.js';
import { cpuMsBetween, cpuTicksOf } from './process-cpu.js';
import { serverNodeFlags } from './server-node-flags.js';

// Postgres on the same machine is reached through its Unix socket when there is one, as a
// deployment beside its database would: loopback TCP costs both processes CPU per query.
const socketDir = '/var/run/postgresql';
const adminUrl =
  process.env.BENCH_DATABASE_URL ??
  (existsSync(`${socketDir}/.s.PGSQL.5432`) ? `postgres://postgres@localhost/postgres?host=${socketDir}` : 'postgres://postgres@127.0.0.1:5432/postgres');
const dbName = 'vitrina_bench_recs';
const dbUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const warmup = Number(process.env.BENCH_WARMUP ?? 10);
const repeat = Number(process.env.BENCH_REPEAT ?? 1);
const rate = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : undefined;
const sizes = { products: 10_000, customers: 100_000, orders: 300_000, events: 3_000_000 };
const logger = createLogger('warn');
const SHOP = 'bench';

async function prepare(): Promise<{ writeKey: string; secret: string }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [dbName])).rowCount === 1;
  // The shop is generated once and reused; a run that stopped half-way left no orders behind.
  const complete = exists && (await isGenerated());
  if (exists && (!complete || process.env.BENCH_REBUILD === '1')) await admin.query(`drop database ${dbName}`);
  if (!complete || process.env.BENCH_REBUILD === '1') await admin.query(`create database ${dbName}`);
  await admin.end();

  const database = await openDatabase({ databaseUrl: dbUrl, logger });
  await migrateToLatest(database.db);
  let shop = await findShopById(database.db, SHOP);
  if (!shop) {
    const t = Date.now();
    await createShop(database.db, { id: SHOP, name: 'Benchmark shop', writeKey: 'wk_bench' });
    // Partitions first, as the server makes them at start: rows then land in
    // their month directly instead of being moved later (which bloats indexes).
    await ensureEventPartitions(database.db);
    await sql.raw(benchShopSql(SHOP, sizes)).execute(database.db);
    await sql`vacuum analyze`.execute(database.db);
    console.log(`generated the shop in ${((Date.now() - t) / 1000).toFixed(1)} s: ${JSON.stringify(sizes)}`);
    shop = (await findShopById(database.db, SHOP))!;
  }
  // Orders are generated in SQL, past the orders domain: keep each buyer's purchases as it would have.
  const kept = await database.db.selectFrom('buyer_purchases').select('value').where('shop_id', '=', SHOP).limit(1).execute();
  if (kept.length === 0) {
    const t = Date.now();
    const buyers = await database.db.selectFrom('orders').select(['customer_id', 'anonymous_id']).distinct().where('shop_id', '=', SHOP).execute();
    await refreshBuyerPurchases(database.db, SHOP, buyers.reduce(addBuyerKeys, emptyBuyerKeys()));
    await sql`vacuum analyze buyer_purchases`.execute(database.db);
    console.log(`kept the purchases of ${buyers.length} buyers in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  // Shops generated before profiles kept recent products get their profiles now.
  const profiles = await database.db.selectFrom('profiles').select('id').where('shop_id', '=', SHOP).limit(1).execute();
  if (profiles.length === 0) {
    const t = Date.now();
    await sql.raw(benchProfilesSql(SHOP)).execute(database.db);
    await sql`vacuum analyze profiles`.execute(database.db);
    console.log(`generated ${sizes.customers} profiles in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  if (process.env.BENCH_KEEP_MODELS !== '1' || !(await findLatestModelRun(database.db, SHOP))) {
    const mem0 = process.memoryUsage().rss;
    const built = await rebuildShopModels(database.db, SHOP, { trigger: 'bench' });
    console.log(`models built in ${(built.ms / 1000).toFixed(1)} s from ${built.baskets} baskets (${built.products} products); builder RSS +${((process.memoryUsage().rss - mem0) / 2 ** 20).toFixed(0)} MB`);
    // The rebuild rewrote every model row: vacuum now, not by autovacuum in the middle of the measurement.
    await sql`vacuum analyze rec_item_models`.execute(database.db);
  }
  await database.close();
  return { writeKey: shop.write_key, secret: shop.signing_secret };
}

async function isGenerated(): Promise<boolean> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    const r = await c.query(`select exists (select 1 from order_items where shop_id = '${SHOP}') as ok`);
    return r.rows[0].ok === true;
  } catch {
    return false;
  } finally {
    await c.end();
  }
}

async function main() {
  const { writeKey, secret } = await prepare();
  const serverMain = process.env.BENCH_SERVER_MAIN ?? fileURLToPath(new URL('../dist/main.js', import.meta.url));
  const port = 18000 + Math.floor(Math.random() * 1000);
  const nodeArgs = serverNodeFlags();
  const child = spawn(process.execPath, [...nodeArgs, serverMain], {
    env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(port), VITRINA_DEMO: '0', VITRINA_MODEL_INTERVAL_MINUTES: '0', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', process.env.BENCH_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  let n = 0;
  const rnd = (max: number) => 1 + ((n++ * 2654435761) % max);
  const customer = () => `c-${String(rnd(sizes.customers)).padStart(6, '0')}`;
  const product = () => `p-${String(rnd(sizes.products)).padStart(5, '0')}`;
  const signed = () => {
    const c = customer();
    return `userId=${c}&signature=${signCustomerId({ signing_secret: secret }, c)}&anonymousId=a-${c.slice(2).replace(/^0+/, '')}`;
  };
  const endpoints: [string, () => string][] = [
    ['GET /healthz (baseline)', () => '/healthz'],
    ['showcase (verified customer)', () => `/v1/recommendations/showcase?writeKey=${writeKey}&limit=10&${signed()}`],
    ['cross-sell (cart of 3)', () => `/v1/recommendations/cross-sell?writeKey=${writeKey}&limit=10&products=${product()},${product()},${product()}`],
    ['reorder (verified customer)', () => `/v1/recommendations/reorder?writeKey=${writeKey}&limit=10&${signed()}`],
  ];
  const rows: string[] = [];
  const measured = endpoints.filter(([name]) => !process.env.BENCH_ONLY || name.includes(process.env.BENCH_ONLY));
  // Warm-up of every endpoint before any is measured (the model load, JIT, start-up jobs,
  // Postgres's caches), so that no endpoint is measured on a colder server than another.
  for (const [, path] of measured) await runLoad(base, path, { concurrency, seconds: warmup });
  // CPU per request of the server (all its processes) and of Postgres: steadier than latency on a noisy machine.
  const serverCpu = () => cpuTicksOf(new RegExp(serverMain.replaceAll('.', '\\.')));
  const postgresCpu = () => cpuTicksOf(/^postgres: |\/bin\/postgres /);
  // BENCH_REPEAT rounds over the endpoints, then each endpoint's median: this machine's speed
  // drifts by a third within minutes, and a single round shows a drift as often as a change.
  const p99s = new Map<string, number[]>(measured.map(([name]) => [name, []]));
  for (let round = 1; round <= repeat; round++) {
    for (const [name, path] of measured) {
      const [s0, p0] = [serverCpu(), postgresCpu()];
      const r = rate ? await runAtRate(base, path, { rate, seconds, connections: concurrency }) : await runLoad(base, path, { concurrency, seconds });
      const perRequest = (ms: number) => (ms / Math.max(1, r.requests)).toFixed(2);
      p99s.get(name)!.push(r.p99);
      rows.push(`| ${name}${repeat > 1 ? ` (round ${round})` : ''} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.max.toFixed(1)} | ${r.errors} | ${perRequest(cpuMsBetween(s0, serverCpu()))} | ${perRequest(cpuMsBetween(p0, postgresCpu()))} |`);
      console.log(rows.at(-1));
    }
  }
  const rss = execRss(child.pid!);
  child.kill('SIGTERM');
  await once(child, 'exit');
  console.log(`\nPostgres at ${dbUrl}`);
  const load = rate ? `${rate} requests/s offered on up to ${concurrency} connections (open loop)` : `${concurrency} connections, each sending its next request on an answer (closed loop)`;
  console.log(`${load}, ${seconds} s per endpoint, ${repeat} round(s), server RSS after the run ${rss.toFixed(0)} MB\n`);
  console.log('| endpoint | requests/s | p50 ms | p99 ms | max ms | errors | server CPU ms/req | Postgres CPU ms/req |\n|---|---|---|---|---|---|---|---|\n' + rows.join('\n'));
  if (repeat > 1) {
    console.log('\n| endpoint | median p99 ms | rounds with p99 under 10 ms |\n|---|---|---|');
    for (const [name, values] of p99s) {
      const sorted = [...values].sort((a, b) => a - b);
      console.log(`| ${name} | ${sorted[Math.floor((sorted.length - 1) / 2)]!.toFixed(2)} | ${values.filter((v) => v < 10).length} of ${values.length} |`);
    }
  }
}

function execRss(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
