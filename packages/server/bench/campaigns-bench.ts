/**
 * `pnpm bench:campaigns`: a campaign send to BENCH_RECIPIENTS shoppers (default
 * 100,000) over real SMTP to a local receiver, next to a plain nodemailer loop
 * sending the same messages, in one run on the local Postgres (scratch
 * database `vitrina_bench_campaigns`).
 *
 * - audience: the live count of the segment and the planning statement
 *   (recipients written, holdout drawn) are timed here;
 * - campaign sender: the `campaign-sender` job's run in a process of its own,
 *   rate unlimited, concurrency BENCH_CONCURRENCY: every message claimed in
 *   the database before its SMTP conversation and recorded after it, the
 *   frequency cap and unsubscribes checked in the claim;
 * - plain loop: a process that reads the same recipients into memory and,
 *   with the same number of pooled SMTP connections, composes each message
 *   the same way (the recommender's products, the same template) and sends
 *   it, recording nothing.
 * Each sender process reports its messages/s and its peak RSS. The receiver
 * (smtp-server, in this process) speaks SMTP and discards the bodies.
 *
 *   BENCH_DATABASE_URL  admin URL of the Postgres server (default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_RECIPIENTS    shoppers in the audience (default 100000)
 *   BENCH_CONCURRENCY   SMTP connections at once (default 8)
 */
import './bench-secret-key.js';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { countAudience, insertPlannedRecipients } from '../src/campaigns/audience.repository.js';
import { composeCampaignEmail } from '../src/campaigns/campaign-email.service.js';
import { campaignSenderJob } from '../src/campaigns/campaign-sender.job.js';
import type { CampaignRecipient } from '../src/campaigns/campaigns.table.js';
import { findCampaignById, markCampaignPlanned, upsertCampaignSettings } from '../src/campaigns/campaigns.repository.js';
import { createCampaign, scheduleCampaignSend } from '../src/campaigns/campaigns.service.js';
import type { SegmentDefinition } from '../src/campaigns/segment.schema.js';
import { openDatabase, type Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createLogger } from '../src/logger.js';
import { emptyBuyerKeys, refreshBuyerPurchases } from '../src/orders/buyer-purchases.repository.js';
import { rebuildShopModels } from '../src/recommend/model-builder.service.js';
import { ModelStore } from '../src/recommend/model-store.js';
import { createShop, findShopById } from '../src/shops/shops.service.js';

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = 'vitrina_bench_campaigns';
const dbUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
const recipients = Number(process.env.BENCH_RECIPIENTS ?? 100_000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const logger = createLogger('warn');
const PUBLIC = 'https://crm.vitrina.bench';
const FROM = 'Bench shop <news@shop.bench>';
const segment: SegmentDefinition = { all: [{ type: 'marketing_consent', value: true }, { type: 'orders_count', min: 1 }] };

interface SenderResult {
  kind: string;
  messages: number;
  ms: number;
  maxRssMb: number;
  startRssMb: number;
}

/** N shoppers, each with a customer record, one order, a purchase line and a recent view, over 40 products in 8 categories. */
async function seedShop(db: Db, shopId: string): Promise<void> {
  await sql`insert into products (shop_id, id, name, category, brand, price, url)
    select ${shopId}, 'p-' || c || '-' || k, 'Category ' || c || ' pick ' || k, 'Category ' || c, 'Brand ' || k, 10 + k, 'https://shop.bench/p/' || c || '-' || k
      from generate_series(0, 7) c, generate_series(0, 4) k`.execute(db);
  await sql`insert into customers (shop_id, id, email, first_name, region)
    select ${shopId}, 'c-' || g, 'c-' || g || '@mail.bench', 'Name' || g, 'DE' from generate_series(1, ${recipients}) g`.execute(db);
  await sql`insert into orders (shop_id, id, customer_id, email, status, placed_at, total, currency, source)
    select ${shopId}, 'o-' || g, 'c-' || g, 'c-' || g || '@mail.bench', 'delivered', now() - (1 + g % 60) * interval '1 day', 20, 'EUR', 'import' from generate_series(1, ${recipients}) g`.execute(db);
  await sql`insert into order_items (shop_id, order_id, line_no, product_id, name, quantity, unit_price, serial_numbers)
    select ${shopId}, 'o-' || g, 1, 'p-' || (g % 8) || '-' || ((g + 1) % 5), 'item', 1, 20, '{}' from generate_series(1, ${recipients}) g`.execute(db);
  const keys = emptyBuyerKeys();
  for (let g = 1; g <= recipients; g++) keys.customers.add(`c-${g}`);
  await refreshBuyerPurchases(db, shopId, keys);
  await sql`insert into profiles (shop_id, id, customer_id, email, first_name, region, consent, orders, revenue, first_order_at, last_order_at, first_seen_at, last_seen_at, recent_products)
    select ${shopId}, 'c-' || g, 'c-' || g, 'c-' || g || '@mail.bench', 'Name' || g, 'DE', '{"marketing": true}'::jsonb, 1, 20,
           now() - (1 + g % 60) * interval '1 day', now() - (1 + g % 60) * interval '1 day', now() - interval '90 days', now(),
           jsonb_build_array(jsonb_build_array('viewed', 'p-' || (g % 8) || '-' || (g % 5), (extract(epoch from now() - interval '1 day') * 1000)::bigint, null))
      from generate_series(1, ${recipients}) g`.execute(db);
  await sql`insert into profile_orders (shop_id, order_id, profile_id, total, placed_at)
    select ${shopId}, 'o-' || g, 'c-' || g, 20, now() - (1 + g % 60) * interval '1 day' from generate_series(1, ${recipients}) g`.execute(db);
  await sql`analyze`.execute(db);
  await rebuildShopModels(db, shopId, { trigger: 'bench' });
}

/** An SMTP server that accepts every message and discards it, counting. */
async function startReceiver(): Promise<{ url: string; count: () => number; reset: () => void; close: () => Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 1000,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, count: () => received, reset: () => void (received = 0), close: () => new Promise((r) => server.close(() => r())) };
}

/** One sender in a child process of its own, so that its RSS is its own. */
function runChild(kind: 'campaign' | 'plain', env: Record<string, string>): Promise<SenderResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), kind], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as SenderResult) : reject(new Error(`${kind} sender exited ${code}: ${out}`))));
  });
}

async function childMain(kind: 'campaign' | 'plain'): Promise<void> {
  const env = (n: string) => process.env[n]!;
  const handle = await openDatabase({ databaseUrl: dbUrl, logger, poolSize: concurrency + 2 });
  const db = handle.db;
  const models = new ModelStore(db, logger);
  const shopId = env('BENCH_SHOP');
  const campaignId = env('BENCH_CAMPAIGN');
  await models.get(shopId);
  const startRssMb = process.memoryUsage().rss / 1048576;
  const t0 = performance.now();
  let messages = 0;
  if (kind === 'campaign') {
    const job = campaignSenderJob({ db, models, logger, publicOrigin: () => PUBLIC, smtpUrl: env('BENCH_SMTP'), from: FROM, ratePerSecond: 1_000_000 });
    await job.run({ db, signal: new AbortController().signal, scheduledAt: new Date() });
    job.close();
    messages = (await sql<{ n: number }>`select count(*)::int as n from campaign_recipients where shop_id = ${shopId} and campaign_id = ${campaignId} and status = 'sent'`.execute(db)).rows[0]!.n;
  } else {
    const shop = (await findShopById(db, shopId))!;
    const campaign = (await findCampaignById(db, shopId, campaignId))!;
    // The naive way: the whole list in memory, then send.
    const list = await db.selectFrom('campaign_recipients').selectAll().where('shop_id', '=', shopId).where('campaign_id', '=', campaignId).where('holdout', '=', false).execute();
    const transport = nodemailer.createTransport({ url: env('BENCH_SMTP'), pool: true, maxConnections: concurrency, maxMessages: Infinity });
    let next = 0;
    const worker = async () => {
      for (let r: CampaignRecipient | undefined; (r = list[next++]); ) {
        const mail = await composeCampaignEmail({ db, models, publicOrigin: () => PUBLIC }, shop, campaign, r);
        await transport.sendMail({ from: FROM, to: mail.to, subject: mail.subject, html: mail.html, text: mail.text, headers: mail.headers });
        messages++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    transport.close();
  }
  const ms = performance.now() - t0;
  await handle.close();
  const result: SenderResult = { kind, messages, ms, maxRssMb: process.resourceUsage().maxRSS / 1024, startRssMb };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function main(): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName}`);
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const handle = await openDatabase({ databaseUrl: dbUrl, logger });
  const db = handle.db;
  await migrateToLatest(db);
  const { shop_id: shopId } = await createShop(db, { name: 'Campaign bench' });
  let t = performance.now();
  await seedShop(db, shopId);
  console.log(`seeded ${recipients.toLocaleString('en')} shoppers and built the models in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await upsertCampaignSettings(db, shopId, { concurrency, frequency_cap: 100 });

  t = performance.now();
  const count = await countAudience(db, shopId, segment, new Date());
  const countMs = performance.now() - t;
  const created = await createCampaign(db, shopId, { name: 'Bench', definition: segment, language: 'en', subject: 'Picked for you', intro: 'A few things we think you will like.', holdoutPercent: 10, productCount: 4 });
  if (!created.ok) throw new Error(created.code);
  const campaign = created.campaign;
  t = performance.now();
  const planned = await insertPlannedRecipients(db, { shopId, campaignId: campaign.id, definition: segment, holdoutPercent: 10, now: new Date() });
  const planMs = performance.now() - t;
  await markCampaignPlanned(db, campaign);
  await scheduleCampaignSend(db, shopId, campaign.id, new Date());
  const treated = (await sql<{ n: number }>`select count(*)::int as n from campaign_recipients where shop_id = ${shopId} and campaign_id = ${campaign.id} and not holdout`.execute(db)).rows[0]!.n;
  console.log(`audience: live count ${count.mailable.toLocaleString('en')} mailable of ${count.total.toLocaleString('en')} in ${countMs.toFixed(0)} ms; planned ${planned.toLocaleString('en')} recipients (${treated.toLocaleString('en')} to send, the rest held out) in ${planMs.toFixed(0)} ms`);
  await handle.close();

  const receiver = await startReceiver();
  const env = { BENCH_SHOP: shopId, BENCH_CAMPAIGN: campaign.id, BENCH_SMTP: receiver.url, BENCH_RECIPIENTS: String(recipients), BENCH_CONCURRENCY: String(concurrency) };
  const results: SenderResult[] = [];
  for (const kind of ['campaign', 'plain'] as const) {
    receiver.reset();
    const r = await runChild(kind, env);
    if (receiver.count() !== r.messages || r.messages !== treated) throw new Error(`${kind}: ${r.messages} sent, ${receiver.count()} received, ${treated} expected`);
    results.push(r);
  }
  await receiver.close();
  console.log(`\n${recipients.toLocaleString('en')} shoppers, ${treated.toLocaleString('en')} messages each, ${concurrency} SMTP connections, node ${process.version}`);
  console.log('sender                 messages/s   wall s   RSS at start MB   peak RSS MB');
  for (const r of results) {
    const name = r.kind === 'campaign' ? 'campaign sender job' : 'plain nodemailer loop';
    console.log(`${name.padEnd(21)}  ${Math.round((r.messages / r.ms) * 1000).toLocaleString('en').padStart(10)}   ${(r.ms / 1000).toFixed(1).padStart(6)}   ${r.startRssMb.toFixed(0).padStart(15)}   ${r.maxRssMb.toFixed(0).padStart(11)}`);
  }
}

const kind = process.argv[2];
(kind === 'campaign' || kind === 'plain' ? childMain(kind) : main()).catch((err) => {
  console.error(err);
  process.exit(1);
});
