import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { resolve } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../packages/server/src/db/database.js';
import { createLogger } from '../../packages/server/src/logger.js';
import { createShop } from '../../packages/server/src/shops/shops.service.js';
import { findFreePort } from '../../packages/server/src/test-support/free-port.js';
import { databaseUrl as sharedDatabaseUrl } from '../support/vitrina-server.js';
import type { Ledger } from './ledger.js';

// What the fault tests share: a database of their own, a TCP proxy that can
// cut Postgres off, the built server as a real process, and clients that keep
// a ledger. Nothing of Vitrina is stubbed.

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const full = process.env.RELIABILITY_FULL === '1';
const mainJs = resolve(import.meta.dirname, '../../packages/server/dist/main.js');
const quiet = createLogger('silent');

export interface FaultDatabase {
  name: string;
  /** This database on the shared Postgres, through `port` (the proxy's) or directly. */
  url(port?: number): string;
  query<T extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  /** pg_terminate_backend on every session of this database but the test's own; how many. */
  terminateBackends(): Promise<number>;
  /** Sessions of this database, the test's own excluded. */
  connections(): Promise<number>;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database on the shared Postgres. The server under test
 * migrates it when it starts (its built migrations, which may differ from the
 * sources'); `createShops` then adds shops.
 */
export async function createFaultDatabase(label: string): Promise<FaultDatabase> {
  const name = `rel_${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: sharedDatabaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const base = new URL(sharedDatabaseUrl);
  const url = (port?: number) => {
    const u = new URL(base);
    u.pathname = `/${name}`;
    if (port) u.port = String(port);
    return u.toString();
  };
  // The test's own sessions, named so that the counts and terminations leave them out.
  const pool = new pg.Pool({ connectionString: url(), max: 2, application_name: 'reliability-test' });
  pool.on('error', () => {});
  const own = `select pid from pg_stat_activity where datname = $1 and application_name = 'reliability-test'`;
  const query = async <T extends pg.QueryResultRow>(sql: string, params?: unknown[]) => (await pool.query<T>(sql, params)).rows;
  return {
      name,
      url,
      query,
      async terminateBackends() {
        const rows = await query<{ ok: boolean }>(`select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = $1 and pid not in (${own}) and pid <> pg_backend_pid()`, [name]);
        return rows.filter((r) => r.ok).length;
      },
      async connections() {
        const [row] = await query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = $1 and pid not in (${own}) and pid <> pg_backend_pid()`, [name]);
        return row!.n;
      },
      async drop() {
        await pool.end();
        const c = new pg.Client({ connectionString: sharedDatabaseUrl });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
  };
}

/** Shops created in a database the server has migrated (through the shops service). */
export async function createShops(db: FaultDatabase, names: string[]): Promise<{ id: string; writeKey: string }[]> {
  const handle = await openDatabase({ databaseUrl: db.url(), logger: quiet });
  try {
    const shops = [];
    for (const n of names) {
      const s = await createShop(handle.db, { name: n });
      shops.push({ id: s.shop_id, writeKey: s.write_key });
    }
    return shops;
  } finally {
    await handle.close();
  }
}

export interface TcpProxy {
  port: number;
  /** Drops every connection and refuses new ones (the port stops listening), as an unreachable database. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  /** Connections open through it now. */
  open(): number;
  close(): Promise<void>;
}

/** A TCP proxy between the server and Postgres (127.0.0.1:targetPort), written here so that it can cut the database off. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const port = await findFreePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = () =>
    new Promise<void>((ok, fail) => {
      server = createServer((client) => {
        const upstream = connect(targetPort, '127.0.0.1');
        sockets.add(client).add(upstream);
        const end = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', end).on('close', end);
        upstream.on('error', end).on('close', end);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => ok());
    });
  const stop = () =>
    new Promise<void>((ok) => {
      for (const s of sockets) s.destroy();
      sockets.clear();
      if (!server) return ok();
      server.close(() => ok());
      server = undefined;
    });
  await listen();
  return { port, cut: stop, restore: listen, open: () => sockets.size / 2, close: stop };
}

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  pid: number;
  /** Exit code or signal once it ended, for "the server never exits". */
  exited(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Waits for /healthz to answer 200. */
  ready(timeoutMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
  /** The last lines it wrote, for a failing test's message. */
  output(): string;
}

/** The built server (dist/main.js) as its own process, on `port` (a free one by default). */
export async function launchServer(env: Record<string, string>, port?: number): Promise<ServerProcess> {
  if (!existsSync(mainJs)) throw new Error(`build the server first (pnpm --filter @vitrina/server build): ${mainJs} is missing`);
  const p = port ?? (await findFreePort());
  const child = spawn(process.execPath, [mainJs], {
    env: { ...process.env, PORT: String(p), VITRINA_DEMO: '0', LOG_LEVEL: 'error', VITRINA_MODEL_INTERVAL_MINUTES: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (b: Buffer) => (tail = (tail + b.toString()).slice(-8000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitedPromise = new Promise<void>((r) => child.once('exit', (code, signal) => ((exit = { code, signal }), r())));
  const url = `http://127.0.0.1:${p}`;
  const proc: ServerProcess = {
    url,
    port: p,
    child,
    pid: child.pid!,
    exited: () => exit,
    output: () => tail,
    async ready(timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if (exit) throw new Error(`the server exited (${JSON.stringify(exit)}): ${tail}`);
        try {
          if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) })).ok) return;
        } catch {}
        await sleep(100);
      }
      throw new Error(`the server was not ready within ${timeoutMs} ms: ${tail}`);
    },
    async kill(signal) {
      if (exit) return;
      child.kill(signal);
      await exitedPromise;
    },
  };
  await proc.ready();
  return proc;
}

/** Resident memory (bytes) and open file descriptors of a process, from /proc. */
export function processStats(pid: number): { rss: number; fds: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    return { rss, fds: readdirSync(`/proc/${pid}/fd`).length };
  } catch {
    return undefined;
  }
}

/** The processes whose parent is `pid` (the workers of a primary). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(d));
    } catch {}
  }
  return out;
}

export interface Answer {
  at: number;
  ms: number;
  status: number | 'network';
  retryAfter: string | null;
}

/**
 * Storefront-like clients: each sends batches of `batchSize` events to a shop
 * and, like the sdk, sends the same batch again (same message ids) on 429,
 * 503 or a network error until it is acknowledged, recording both in the
 * ledger. Any other answer fails the test. Every answer is kept with its time.
 */
export function startLedgerClients(opts: { url: () => string; shops: { id: string; writeKey: string }[]; ledger: Ledger; clients: number; batchSize?: number; pauseMs?: number }) {
  const answers: Answer[] = [];
  const unexpected: string[] = [];
  let stopping = false;
  const one = async (c: number) => {
    for (let n = 0; !stopping; n++) {
      const shop = opts.shops[(c + n) % opts.shops.length]!;
      const anonymousId = `dev-${c}-${n % 7}`;
      const batch = Array.from({ length: opts.batchSize ?? 10 }, (_, i) => ({ type: 'track', event: 'Product Viewed', messageId: randomUUID(), anonymousId, properties: { product_id: `p${i}` } }));
      const ids = batch.map((e) => e.messageId);
      opts.ledger.recordSent(shop.id, ids);
      const body = JSON.stringify({ writeKey: shop.writeKey, batch });
      for (;;) {
        const t0 = performance.now();
        let status: number | 'network' = 'network';
        let retryAfter: string | null = null;
        try {
          const res = await fetch(`${opts.url()}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(15_000) });
          const text = await res.text();
          status = res.status;
          retryAfter = res.headers.get('retry-after');
          if (status !== 200 && status !== 429 && status !== 503) unexpected.push(`${status} ${text.slice(0, 200)}`);
        } catch {}
        answers.push({ at: performance.now(), ms: performance.now() - t0, status, retryAfter });
        if (status === 200) {
          opts.ledger.recordAcked(shop.id, ids);
          break;
        }
        if (typeof status === 'number' && status !== 429 && status !== 503) break;
        await sleep(status === 'network' ? 100 : 200);
      }
      if (opts.pauseMs) await sleep(opts.pauseMs);
    }
  };
  const running = Promise.all(Array.from({ length: opts.clients }, (_, c) => one(c)));
  return {
    answers,
    unexpected,
    /** Lets each client finish the batch it is on (retrying until acknowledged), then resolves. */
    async drain() {
      stopping = true;
      await running;
    },
  };
}

/** Counts of answers by status. */
export function statusCounts(answers: Answer[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of answers) out[String(a.status)] = (out[String(a.status)] ?? 0) + 1;
  return out;
}

export const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;
