/**
 * `pnpm bench:ingest`: drives the real HTTP endpoint of a built server
 * (`node dist/main.js`, its own process) with batches of 20 realistic events
 * from many concurrent clients, on a scratch database of the Postgres at
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/vitrina_bench).
 * Prints, in one run: events/s, p50/p99 request latency, the CPU per event
 * of the server, of Postgres and of this load generator, the raw rates of
 * the same rows into a scratch table on the same Postgres (COPY on one
 * connection and on two, and plain multi-row INSERTs) with the ratios to
 * COPY, and a check that every acknowledged event is stored exactly once.
 *
 *   BENCH_SECONDS=10 BENCH_CLIENTS=64 BENCH_BATCH=20 pnpm bench:ingest
 *   BENCH_SERVERS=2 (server processes), BENCH_REPEAT=5 (runs, then the median),
 *   BENCH_LOG_LEVEL=debug (the server's log), BENCH_NODE_ARGS (server node flags, after those of `pnpm start`),
 *   BENCH_RAW_ROUNDS=3 (passes of each raw rate)
 */
import './bench-secret-key.js';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { KeepAliveConnection } from './http-connection.js';
import { cpuMsBetween, cpuTicksOf } from './process-cpu.js';
import { serverNodeFlags } from './server-node-flags.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const clients = Number(process.env.BENCH_CLIENTS ?? 64);
const batchSize = Number(process.env.BENCH_BATCH ?? 20);
const visitors = Number(process.env.BENCH_VISITORS ?? 20_000);
const baseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vitrina_bench';
const serverDir = resolve(import.meta.dirname, '..');

const categories = ['Lighting', 'Kitchen', 'Garden', 'Audio', 'Books', 'Toys', 'Tea', 'Outdoor'];
const brands = ['Lumen', 'Nordhaus', 'Verde', 'Sonar', 'Paper & Co', 'Kite', 'Leaf', 'Trail'];

/**
 * One visitor's batch: a page view, product views, a search, sometimes a
 * cart add, as the sdk sends them. Bodies are built ahead from templates so
 * that the load generator spends little CPU (it shares the machine with the
 * server and Postgres); each use gets fresh message ids.
 */
function makeTemplate(visitor: number): string[] {
  const anonymousId = `bench-${visitor}`;
  const now = Date.now();
  const batch: Record<string, unknown>[] = [];
  for (let i = 0; i < batchSize; i++) {
    const p = (visitor * 7 + i * 13) % 500;
    const base = {
      messageId: `\u0000${i}`,
      anonymousId,
      timestamp: new Date(now - (batchSize - i) * 1500).toISOString(),
      context: { page: { path: `/p/${p}`, url: `https://shop.example/p/${p}`, referrer: 'https://www.google.com/' }, locale: 'de-DE', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36' },
    };
    if (i === 0) batch.push({ ...base, type: 'page', name: 'Home', properties: { path: '/', title: 'Vitrina demo shop', url: 'https://shop.example/' } });
    else if (i % 9 === 0) batch.push({ ...base, type: 'track', event: 'Products Searched', properties: { query: 'desk lamp', results: i % 18 === 0 ? 0 : 12 } });
    else if (i % 7 === 0) batch.push({ ...base, type: 'track', event: 'Product Added', properties: { product_id: `p-${p}`, name: `Product ${p}`, price: 19.9 + (p % 50), quantity: 1, category: categories[p % 8], brand: brands[p % 8] } });
    else batch.push({ ...base, type: 'track', event: 'Product Viewed', properties: { product_id: `p-${p}`, name: `Product ${p}`, price: 19.9 + (p % 50), currency: 'EUR', category: categories[p % 8], brand: brands[p % 8] } });
  }
  // Split around the message ids: body = parts[0] + id0 + parts[1] + id1 + ...
  return JSON.stringify({ sentAt: new Date().toISOString(), batch }).split(/\\u0000\d+/);
}
const templates: string[][] = [];
let sequence = 0;
const runId = randomUUID().slice(0, 8);
function makeBody(visitor: number): string {
  const parts = (templates[visitor % 2000] ??= makeTemplate(visitor % 2000));
  const n = sequence++;
  let body = parts[0]!;
  for (let i = 1; i < parts.length; i++) body += `${runId}-${n}-${i - 1}` + parts[i];
  return body;
}

async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

async function ensureDatabase(url: string) {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
}

function run(cmd: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((ok, fail) => {
    const p = spawn(cmd, args, { env: { ...process.env, ...env }, cwd: serverDir });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => process.stderr.write(d));
    p.on('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
  });
}

async function main() {
  await ensureDatabase(baseUrl);
  const env = { DATABASE_URL: baseUrl, VITRINA_DEMO: '0', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' };
  const shop = JSON.parse(await run('node', ['dist/cli.js', 'shops', 'create', '--name', 'Bench'], env)) as { shop_id: string; write_key: string };
  // BENCH_SERVERS processes against the one database, clients spread over them (no state lives in a process).
  const nodeArgs = serverNodeFlags();
  const servers: { url: string; proc: ReturnType<typeof spawn> }[] = [];
  for (let i = 0; i < Number(process.env.BENCH_SERVERS ?? 1); i++) {
    const port = await freePort();
    const proc = spawn('node', [...nodeArgs, 'dist/main.js'], { env: { ...process.env, ...env, PORT: String(port) }, cwd: serverDir, stdio: ['ignore', process.env.BENCH_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'] });
    const url = `http://127.0.0.1:${port}`;
    for (let t = 0; ; t++) {
      try {
        if ((await fetch(`${url}/healthz`)).ok) break;
      } catch {}
      if (t > 300) throw new Error('the server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    servers.push({ url, proc });
  }

  // One keep-alive connection per client, spread over the servers (the lean client: it shares the cores).
  const connections = await Promise.all(
    Array.from({ length: clients }, (_, c) => {
      const u = new URL(servers[c % servers.length]!.url);
      return KeepAliveConnection.open(u.hostname, Number(u.port));
    }),
  );
  const headers = { 'content-type': 'application/json', authorization: 'Basic ' + Buffer.from(`${shop.write_key}:`).toString('base64') };
  const post = async (body: string, client: number) => (await connections[client]!.request('POST', '/v1/batch', headers, body)).status;

  // Warm-up, then the measured run.
  let visitor = 0;
  const latencies: number[] = [];
  let acknowledged = 0;
  let refused = 0;
  let bytes = 0;
  const sentBodies: string[] = [];
  const drive = async (client: number, until: number, record: boolean) => {
    while (Date.now() < until) {
      const body = makeBody(visitor++ % visitors);
      const t0 = performance.now();
      const status = await post(body, client);
      if (!record) continue;
      latencies.push(performance.now() - t0);
      bytes += body.length;
      if (status === 200) acknowledged += batchSize;
      else refused++;
      if (sentBodies.length < 5000) sentBodies.push(body);
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, c) => drive(c, Date.now() + 2000, false)));
  const warmEvents = await countEvents(shop.shop_id);
  // A running server's tables have planner statistics (autovacuum gathers them within
  // a minute); the scratch database is seconds old, so gather them now, as autovacuum would.
  await analyze();
  // CPU the servers and Postgres (every Postgres process alive at both ends: backends, WAL writer, checkpointer,
  // autovacuum) spend per event: steadier than events/s on a machine whose speed drifts.
  const serverCpu = () => cpuTicksOf(/ dist\/main\.js/);
  const postgresCpu = () => cpuTicksOf(/^postgres: |\/bin\/postgres /);
  const [server0, postgres0, load0] = [serverCpu(), postgresCpu(), process.cpuUsage()];
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, c) => drive(c, Date.now() + seconds * 1000, true)));
  const elapsed = (performance.now() - started) / 1000;
  const cpuPerEvent = (ms: number) => Math.round((ms * 1000 * 10) / acknowledged) / 10;
  const serverUsPerEvent = cpuPerEvent(cpuMsBetween(server0, serverCpu()));
  const postgresUsPerEvent = cpuPerEvent(cpuMsBetween(postgres0, postgresCpu()));
  const load = process.cpuUsage(load0);
  const loadUsPerEvent = cpuPerEvent((load.user + load.system) / 1000);
  connections.forEach((c) => c.close());
  await Promise.all(servers.map((s) => new Promise((r) => (s.proc.on('exit', r), s.proc.kill('SIGTERM')))));

  const stored = (await countEvents(shop.shop_id)) - warmEvents;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  const eventsPerSecond = acknowledged / elapsed;
  const raw = await rawRates(sentBodies.flatMap((b) => (JSON.parse(b) as { batch: Record<string, unknown>[] }).batch));
  const report = {
    servers: servers.length,
    clients,
    batchSize,
    seconds: Math.round(elapsed * 10) / 10,
    requests: latencies.length,
    refused,
    eventsPerSecond: Math.round(eventsPerSecond),
    p50ms: Math.round(q(0.5) * 10) / 10,
    p90ms: Math.round(q(0.9) * 10) / 10,
    p99ms: Math.round(q(0.99) * 10) / 10,
    maxMs: Math.round(latencies.at(-1)! * 10) / 10,
    avgBatchBytes: Math.round(bytes / latencies.length),
    serverUsPerEvent,
    postgresUsPerEvent,
    loadGeneratorUsPerEvent: loadUsPerEvent,
    copyRowsPerSecond: Math.round(raw.copy),
    ratioToCopy: Math.round((eventsPerSecond / raw.copy) * 100) / 100,
    copyTwoConnectionsRowsPerSecond: Math.round(raw.copyTwo),
    ratioToCopyTwoConnections: Math.round((eventsPerSecond / raw.copyTwo) * 100) / 100,
    insertRowsPerSecond: Math.round(raw.insert),
    acknowledged,
    stored,
    exactlyOnce: stored === acknowledged,
  };
  console.log(JSON.stringify(report, null, 2));
  console.log(
    `\n| ${new Date().toISOString().slice(0, 10)} | ${servers.length} server(s), ${clients} clients × ${batchSize} events | ${report.eventsPerSecond.toLocaleString('en')} ev/s | p50 ${report.p50ms} ms | p99 ${report.p99ms} ms | COPY ${report.copyRowsPerSecond.toLocaleString('en')} rows/s | ${report.ratioToCopy} | COPY on 2 ${report.copyTwoConnectionsRowsPerSecond.toLocaleString('en')} rows/s | ${report.ratioToCopyTwoConnections} | INSERT ${report.insertRowsPerSecond.toLocaleString('en')} rows/s | ${report.exactlyOnce ? 'exactly once' : 'MISMATCH'} | CPU µs/event: server ${serverUsPerEvent}, Postgres ${postgresUsPerEvent}, load generator ${loadUsPerEvent} |`,
  );
  if (!report.exactlyOnce) process.exitCode = 1;
  return report;
}

/**
 * BENCH_REPEAT runs of the whole measurement (a fresh database each), then
 * each run's line and the median: this machine's figures move by a quarter
 * from one minute to the next, so one run says little.
 */
async function repeated() {
  const runs = Math.max(1, Number(process.env.BENCH_REPEAT ?? 1));
  const reports = [];
  for (let i = 0; i < runs; i++) reports.push(await main());
  if (runs === 1) return;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
  console.log(`\n${runs} runs, ${reports[0]!.servers} server(s) × ${clients} clients:`);
  for (const r of reports) {
    console.log(`  ${r.eventsPerSecond.toLocaleString('en')} events/s, p50 ${r.p50ms} ms, p99 ${r.p99ms} ms, ${r.ratioToCopy} of COPY (${r.ratioToCopyTwoConnections} of COPY on 2)${r.exactlyOnce ? '' : ', MISMATCH'}`);
  }
  console.log(
    `  median ${median(reports.map((r) => r.eventsPerSecond)).toLocaleString('en')} events/s, p99 median ${median(reports.map((r) => r.p99ms))} ms, ` +
      `${median(reports.map((r) => r.ratioToCopy))} of COPY, ${median(reports.map((r) => r.ratioToCopyTwoConnections))} of COPY on 2; ` +
      `goal (20,000 events/s with p99 under 50 ms) reached in ${reports.filter((r) => r.eventsPerSecond >= 20_000 && r.p99ms < 50).length} of ${runs}, ` +
      `40% of COPY with p99 under 50 ms in ${reports.filter((r) => r.ratioToCopy >= 0.4 && r.p99ms < 50).length} of ${runs}, ` +
      `and 40% of COPY on 2 in ${reports.filter((r) => r.ratioToCopyTwoConnections >= 0.4 && r.p99ms < 50).length} of ${runs}`,
  );
}

async function analyze() {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  await c.query('analyze');
  await c.end();
}

async function countEvents(shopId: string): Promise<number> {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  const { rows } = await c.query<{ n: string }>('select count(*) n from events where shop_id = $1', [shopId]);
  await c.end();
  return Number(rows[0]!.n);
}

/** The bench's events as rows of the events table, in its column order (a scratch shop and fresh message ids). */
function scratchRows(batchRows: Record<string, unknown>[]): unknown[][] {
  const now = new Date().toISOString();
  return batchRows.map((e) => [
    'bench', randomUUID(), e.type, e.event ?? e.name ?? null, e.anonymousId, null, e.timestamp, now, now,
    JSON.stringify(e.properties ?? {}), JSON.stringify(e.context ?? {}), '{}',
  ]);
}
const scratchColumns = 'shop_id, message_id, type, event, anonymous_id, user_id, timestamp, received_at, sent_at, properties, context, traits';

/**
 * The raw rates of storing the same rows into a scratch table shaped like
 * events (no indexes, no partitions), 1,000 rows a statement and a durable
 * commit each: COPY on one connection and on two at once, and plain
 * multi-row INSERTs with bound values on one. One pass over the rows takes
 * about a second, and this machine's speed moves within seconds, so each
 * rate is the rows over the time of BENCH_RAW_ROUNDS passes (default 3),
 * the three kinds taking turns, after a checkpoint. The rows are formatted
 * before the clock starts.
 */
async function rawRates(batchRows: Record<string, unknown>[]): Promise<{ copy: number; copyTwo: number; insert: number }> {
  const connect = async () => {
    const c = new pg.Client({ connectionString: baseUrl });
    await c.connect();
    return c;
  };
  const [admin, second] = [await connect(), await connect()];
  await admin.query(`drop table if exists bench_copy; create table bench_copy (like events including defaults)`);
  const rows = scratchRows(batchRows);
  const esc = (v: unknown) => (v == null ? '\\N' : String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n'));
  const lines = rows.map((r) => r.map(esc).join('\t') + '\n');
  const chunks: string[][] = [];
  for (let i = 0; i < lines.length; i += 1000) chunks.push(lines.slice(i, i + 1000));
  const copyOn = async (c: pg.Client, mine: string[][]) => {
    for (const chunk of mine) {
      await c.query('begin');
      await pipeline(Readable.from(chunk), c.query(copyFrom(`copy bench_copy (${scratchColumns}) from stdin`)));
      await c.query('commit');
    }
  };
  const inserts: { text: string; values: unknown[] }[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    const placeholders = part.map((_, r) => `(${Array.from({ length: 12 }, (_, k) => `$${r * 12 + k + 1}`).join(', ')})`);
    inserts.push({ text: `insert into bench_copy (${scratchColumns}) values ${placeholders.join(', ')}`, values: part.flat() });
  }
  const kinds = {
    copy: () => copyOn(admin, chunks),
    copyTwo: () => Promise.all([copyOn(admin, chunks.filter((_, i) => i % 2 === 0)), copyOn(second, chunks.filter((_, i) => i % 2 === 1))]),
    insert: async () => {
      for (const q of inserts) {
        await admin.query('begin');
        await admin.query(q.text, q.values);
        await admin.query('commit');
      }
    },
  };
  const ms = { copy: 0, copyTwo: 0, insert: 0 };
  const rounds = Math.max(1, Math.floor(Number(process.env.BENCH_RAW_ROUNDS ?? 3) || 3));
  // The ingest run's dirty pages written out first, so that its checkpoint does not slow the
  // first pass; and each round starts with a different kind, so none always goes first.
  await admin.query('checkpoint').catch(() => console.error('(no checkpoint before the raw rates: it needs a superuser or pg_checkpoint)'));
  const order = ['copy', 'copyTwo', 'insert'] as const;
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < order.length; k++) {
      const kind = order[(round + k) % order.length]!;
      await admin.query('truncate bench_copy');
      const t0 = performance.now();
      await kinds[kind]();
      ms[kind] += performance.now() - t0;
    }
  }
  await admin.query('drop table bench_copy');
  await Promise.all([admin.end(), second.end()]);
  const rate = (total: number) => (lines.length * rounds) / (total / 1000);
  return { copy: rate(ms.copy), copyTwo: rate(ms.copyTwo), insert: rate(ms.insert) };
}

repeated().catch((err) => {
  console.error(err);
  process.exit(1);
});
