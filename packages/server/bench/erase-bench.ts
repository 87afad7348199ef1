/**
 * `pnpm bench:erase`: erasing a customer with 100,000 events (and orders,
 * profile, devices) next to a plain `DELETE` of the same event rows, in one
 * run on the local Postgres (scratch database `vitrina_bench_erase`), in
 * alternating order over a few rounds. Both start from the same rows; the
 * shop also holds 200,000 events of other shoppers.
 *
 *   BENCH_DATABASE_URL  admin URL of the Postgres server (default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_EVENTS        the customer's events (default 100000)
 *   BENCH_ROUNDS        rounds of the pair (default 3)
 */
import './bench-secret-key.js';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { ensureEventPartitions } from '../src/ingest/event-partitions.js';
import { createLogger } from '../src/logger.js';
import { eraseCustomer } from '../src/privacy/erase-customer.service.js';
import { createShop } from '../src/shops/shops.service.js';

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = 'vitrina_bench_erase';
const dbUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
const customerEvents = Number(process.env.BENCH_EVENTS ?? 100_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const logger = createLogger('warn');

/** The customer's events on four devices, half identified, with traits and an IP, spread over 90 days. */
async function seedCustomer(db: Db, shopId: string, round: number): Promise<string> {
  const tag = `r${round}`;
  await sql`
    insert into events (shop_id, message_id, type, event, anonymous_id, user_id, timestamp, received_at, properties, context, traits)
    select ${shopId}, ${tag}::text || '-' || g, 'track', 'Product Viewed', ${`dev-${tag}-`}::text || (g % 4), case when g % 2 = 0 then ${`cust-${tag}`}::text end,
           now() - (g % 90) * interval '1 day', now() - (g % 90) * interval '1 day',
           jsonb_build_object('product_id', 'p' || (g % 500)), jsonb_build_object('ip', '203.0.113.7'), jsonb_build_object('email', ${`${tag}@example.test`}::text)
    from generate_series(1, ${customerEvents}) g`.execute(db);
  await sql`
    insert into profiles (shop_id, id, customer_id, email) values (${shopId}, ${`cust-${tag}`}, ${`cust-${tag}`}, ${`${tag}@example.test`})`.execute(db);
  await sql`
    insert into orders (shop_id, id, customer_id, email, status, placed_at, total, source)
    select ${shopId}, ${tag}::text || '-o' || g, ${`cust-${tag}`}, ${`${tag}@example.test`}, 'delivered', now() - g * interval '1 day', 10, 'import' from generate_series(1, 50) g`.execute(db);
  await sql`analyze events`.execute(db);
  return tag;
}

async function main() {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName}`);
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const handle = await openDatabase({ databaseUrl: dbUrl, logger });
  const db = handle.db;
  await migrateToLatest(db);
  await ensureEventPartitions(db, new Date(Date.now() - 100 * 86_400_000), 5);
  const { shop_id: shopId } = await createShop(db, { name: 'Erase bench' });
  await sql`
    insert into events (shop_id, message_id, type, event, anonymous_id, timestamp, received_at, properties, context)
    select ${shopId}, 'bg-' || g, 'page', null, 'bg-dev-' || (g % 20000), now() - (g % 90) * interval '1 day', now() - (g % 90) * interval '1 day', '{}', jsonb_build_object('ip', '198.51.100.' || (g % 250))
    from generate_series(1, 200000) g`.execute(db);

  const results: { kind: string; ms: number; rows: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['plain', 'erase'] : ['erase', 'plain'];
    for (const kind of order) {
      const tag = await seedCustomer(db, shopId, round * 2 + (kind === 'plain' ? 0 : 1));
      const t0 = performance.now();
      let rows: number;
      if (kind === 'plain') {
        const r = await sql`delete from events where shop_id = ${shopId} and (anonymous_id like ${`dev-${tag}-%`} or user_id = ${`cust-${tag}`})`.execute(db);
        rows = Number(r.numAffectedRows);
      } else {
        const r = await eraseCustomer(db, shopId, { userId: `cust-${tag}` }, 'bench');
        rows = r.rows.events ?? 0;
      }
      results.push({ kind, ms: performance.now() - t0, rows });
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rate = (kind: string) => median(results.filter((r) => r.kind === kind).map((r) => (r.rows / r.ms) * 1000));
  console.log('round  plain DELETE (events/s)  eraseCustomer (events/s)');
  for (let i = 0; i < rounds; i++) {
    const [p, e] = ['plain', 'erase'].map((k) => results.filter((r) => r.kind === k)[i]!);
    console.log(`${String(i + 1).padStart(5)}  ${Math.round((p!.rows / p!.ms) * 1000).toLocaleString('en').padStart(23)}  ${Math.round((e!.rows / e!.ms) * 1000).toLocaleString('en').padStart(24)}   (${e!.rows} events, ${Math.round(e!.ms)} ms erase vs ${Math.round(p!.ms)} ms delete)`);
  }
  console.log(`median: plain DELETE ${Math.round(rate('plain')).toLocaleString('en')} events/s, eraseCustomer ${Math.round(rate('erase')).toLocaleString('en')} events/s (${(rate('erase') / rate('plain')).toFixed(2)} of plain)`);
  await handle.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
