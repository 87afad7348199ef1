import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaultDatabase, createShops, full, launchServer, round, sleep, startLedgerClients, startTcpProxy, statusCounts, type Answer, type FaultDatabase, type ServerProcess, type TcpProxy } from './fault-support.js';
import { Ledger } from './ledger.js';

// Reliability 3, database faults: the built server as its own process talks
// to Postgres through a TCP proxy written in the test. Under load its backends
// are terminated (pg_terminate_backend), then the proxy drops every connection
// and refuses new ones: Postgres unreachable for 5 s (30 s with
// RELIABILITY_FULL=1). The server must not exit, must answer 503 with
// Retry-After within 2 s while the database is away, and must serve again
// within 5 s of its return; the ledger must be clean after the drain.
const outageMs = full ? 30_000 : 5_000;
const clientCount = full ? 8 : 6;

let db: FaultDatabase;
let shops: { id: string; writeKey: string }[];
let proxy: TcpProxy;
let server: ServerProcess;

beforeAll(async () => {
  db = await createFaultDatabase('dbfault');
  proxy = await startTcpProxy(Number(new URL(db.url()).port || 5432));
  server = await launchServer({ DATABASE_URL: db.url(proxy.port) });
  shops = await createShops(db, ['Fault A', 'Fault B', 'Fault probe']);
}, 120_000);
afterAll(async () => {
  await server?.kill('SIGKILL');
  await proxy?.close();
  await db?.drop();
});

/** One batch of one event for the probe shop (not in the ledger), timed. */
async function probe(url: string, writeKey: string): Promise<Answer> {
  const t0 = performance.now();
  try {
    const res = await fetch(`${url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ writeKey, batch: [{ type: 'track', event: 'Probe', anonymousId: 'probe', messageId: randomUUID() }] }),
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    return { at: performance.now(), ms: performance.now() - t0, status: res.status, retryAfter: res.headers.get('retry-after') };
  } catch {
    return { at: performance.now(), ms: performance.now() - t0, status: 'network', retryAfter: null };
  }
}

describe('reliability: database faults through a TCP proxy', () => {
  it(`survives terminated backends and ${outageMs / 1000} s of an unreachable database: 503 + Retry-After within 2 s, back within 5 s, ledger clean`, async () => {
    const ledger = new Ledger();
    const [a, b, probeShop] = shops;
    const clients = startLedgerClients({ url: () => server.url, shops: [a!, b!], ledger, clients: clientCount });
    await sleep(3000);

    // Backends terminated under load, three times a second apart.
    let terminated = 0;
    for (let i = 0; i < 3; i++) {
      terminated += await db.terminateBackends();
      await sleep(1000);
    }
    await sleep(2000);
    expect(server.exited()).toBeUndefined();
    const ackedBeforeOutage = ledger.ackedCount;

    // Postgres unreachable: every connection dropped, new ones refused.
    await proxy.cut();
    const cutAt = performance.now();
    const probes: Answer[] = [];
    let healthDuring: number | undefined;
    while (performance.now() - cutAt < outageMs) {
      probes.push(await probe(server.url, probeShop!.writeKey));
      if (healthDuring === undefined) healthDuring = (await fetch(`${server.url}/healthz`).catch(() => undefined))?.status;
      await sleep(200);
    }
    expect(server.exited()).toBeUndefined();
    const restoredAt = performance.now();
    await proxy.restore();
    let recoveredMs: number | undefined;
    while (performance.now() - restoredAt < 20_000) {
      const p = await probe(server.url, probeShop!.writeKey);
      if (p.status === 200) {
        recoveredMs = p.at - restoredAt;
        break;
      }
      await sleep(50);
    }
    await sleep(3000);
    await clients.drain();

    // Answers to requests sent while the database was away (a second in, so that
    // requests already in flight at the cut are left out of "while away").
    const during = [...probes, ...clients.answers].filter((x) => x.at - x.ms >= cutAt + 1000 && x.at <= restoredAt);
    const slowestMs = Math.max(...during.map((x) => x.ms));
    const withoutRetryAfter = during.filter((x) => x.status === 503 && !/^\d+$/.test(x.retryAfter ?? '')).length;
    const result = await ledger.check(db.query);
    const figures = {
      test: 'database-faults',
      outageSeconds: outageMs / 1000,
      backendsTerminated: terminated,
      ackedBeforeOutage,
      answersWhileAway: during.length,
      statusesWhileAway: statusCounts(during),
      slowestAnswerWhileAwayMs: round(slowestMs),
      healthWhileAway: healthDuring,
      recoveredMs: recoveredMs === undefined ? null : round(recoveredMs),
      statusesOverall: statusCounts(clients.answers),
      serverExited: server.exited() ?? null,
      ...result,
    };
    console.log(JSON.stringify(figures));

    expect(clients.unexpected).toEqual([]);
    expect(terminated).toBeGreaterThan(0);
    expect(server.exited()).toBeUndefined();
    expect(during.length).toBeGreaterThan(10);
    expect(during.every((x) => x.status === 503)).toBe(true);
    expect(withoutRetryAfter).toBe(0);
    expect(slowestMs).toBeLessThan(2000);
    expect(healthDuring).toBe(503);
    expect(recoveredMs).toBeDefined();
    expect(recoveredMs!).toBeLessThan(5000);
    expect(result.acked).toBeGreaterThan(ackedBeforeOutage);
    expect(result).toMatchObject({ ackedMissing: 0, duplicates: 0, neverAcked: 0 });
  }, 180_000);
});
