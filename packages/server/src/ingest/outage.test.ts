import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { startServer, type RunningServer } from '../server.js';
import { createShop, type CreatedShop } from '../shops/shops.service.js';
import { startPrivatePostgres, type PrivatePostgres } from '../test-support/private-postgres.js';
import { testDatabaseKind, testLogger } from '../test-support/test-database.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Storefront-like clients: each sends batches of 10 events and, like the sdk,
 * retries the same batch (same message ids) on 429, 503 or a network error
 * until it is acknowledged. What they record as acknowledged must end up
 * stored exactly once.
 */
function startClients(url: () => string, writeKey: string, count: number) {
  const acked = new Set<string>();
  const statuses = new Map<number | 'network', number>();
  let stopping = false;
  const one = async () => {
    while (!stopping) {
      const anonymousId = randomUUID();
      const batch = Array.from({ length: 10 }, (_, i) => ({ type: 'track', event: 'Product Viewed', messageId: randomUUID(), anonymousId, properties: { product_id: `p${i}` } }));
      const body = JSON.stringify({ writeKey, batch });
      for (;;) {
        let status: number | 'network';
        try {
          const res = await fetch(`${url()}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(10_000) });
          await res.arrayBuffer();
          status = res.status;
        } catch {
          status = 'network';
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 200) {
          for (const e of batch) acked.add(e.messageId);
          break;
        }
        await sleep(100);
      }
    }
  };
  const running = Promise.all(Array.from({ length: count }, one));
  return {
    acked,
    statuses,
    async stop() {
      stopping = true;
      await running;
    },
  };
}

async function expectStoredExactlyOnce(db: DatabaseHandle['db'], shopId: string, acked: Set<string>) {
  const rows = await db.selectFrom('events').select('message_id').where('shop_id', '=', shopId).execute();
  const stored = rows.map((r) => r.message_id);
  expect(new Set(stored).size).toBe(stored.length);
  expect(stored.length).toBe(acked.size);
  expect(stored.every((id) => acked.has(id))).toBe(true);
}

describe.runIf(testDatabaseKind() === 'postgres')('Postgres stopped under load, then started', () => {
  let pgServer: PrivatePostgres;
  let server: RunningServer;
  let shop: CreatedShop;

  beforeAll(async () => {
    pgServer = await startPrivatePostgres();
    server = await startServer({ ...loadConfig({ PORT: '0', VITRINA_DEMO: '0' }), databaseUrl: pgServer.url }, testLogger);
    shop = await createShop(server.database.db, { name: 'Outage Shop' });
  });
  afterAll(async () => {
    await server?.close();
    pgServer?.destroy();
  });

  it('answers 503 with Retry-After while the database is down, stays up, and keeps every acknowledged event exactly once', async () => {
    const clients = startClients(() => server.url, shop.write_key, 8);
    await sleep(1500);
    pgServer.stop();

    const t0 = performance.now();
    const res = await fetch(`${server.url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ writeKey: shop.write_key, batch: [{ type: 'page', anonymousId: 'probe', messageId: randomUUID() }] }),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(performance.now() - t0).toBeLessThan(2500);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(503);
    await sleep(1500);

    pgServer.start();
    await sleep(2000);
    await clients.stop();

    expect(clients.statuses.get(503) ?? 0).toBeGreaterThan(0);
    expect(clients.acked.size).toBeGreaterThan(100);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    await expectStoredExactlyOnce(server.database.db, shop.shop_id, clients.acked);
  });
});

const mainJs = resolve(import.meta.dirname, '../../dist/main.js');

describe('the server killed with SIGKILL under load', () => {
  let pgServer: PrivatePostgres | undefined;
  let dataDir: string | undefined;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    if (!existsSync(mainJs)) throw new Error(`build the server first (pnpm --filter @vitrina/server build): ${mainJs} is missing`);
    if (testDatabaseKind() === 'postgres') pgServer = await startPrivatePostgres();
    else dataDir = mkdtempSync(join(tmpdir(), 'vitrina-kill-'));
  });
  afterAll(() => {
    child?.kill('SIGKILL');
    pgServer?.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const env = (port: number) => ({
    ...process.env,
    PORT: String(port),
    VITRINA_DEMO: '0',
    LOG_LEVEL: 'error',
    ...(pgServer ? { DATABASE_URL: pgServer.url } : { DATABASE_URL: '', VITRINA_DATA_DIR: dataDir! }),
  });
  const open = async () => {
    const h = await openDatabase({ ...(pgServer ? { databaseUrl: pgServer.url } : { dataDir: dataDir! }), logger: testLogger });
    await migrateToLatest(h.db);
    return h;
  };
  async function launch(port: number) {
    const p = spawn(process.execPath, [mainJs], { env: env(port), stdio: 'ignore' });
    // The embedded database migrates at start, which takes a while on a busy machine.
    for (let i = 0; i < 900; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return p;
      } catch {}
      await sleep(100);
    }
    throw new Error('the server did not start');
  }

  it('has every acknowledged event exactly once after a restart', async () => {
    const setup = await open();
    const shop = await createShop(setup.db, { name: 'Kill Shop' });
    await setup.close();

    const port = await freePort();
    const url = () => `http://127.0.0.1:${port}`;
    child = await launch(port);
    const clients = startClients(url, shop.write_key, 8);
    await sleep(2000);
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    await sleep(300);
    child = await launch(port);
    await sleep(1500);
    await clients.stop();
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
    child = undefined;

    expect(clients.statuses.get('network') ?? 0).toBeGreaterThan(0);
    expect(clients.acked.size).toBeGreaterThan(100);
    const check = await open();
    try {
      await expectStoredExactlyOnce(check.db, shop.shop_id, clients.acked);
    } finally {
      await check.close();
    }
  }, 240_000);
});

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}
